"""Numpy helpers of the graph features: percentile ranks, ratios, and ring sizes.

The strongly connected components of each time bucket's payment graph are found with
scipy's linear-time algorithm on the whole edge list at once (nodes are (account,
bucket) pairs), so "this payment closes a loop of k accounts within the window" costs
one sort and one graph pass per window, whatever the loop length.
"""

from __future__ import annotations

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components
from scipy.stats import rankdata


def pct_rank(values: np.ndarray) -> np.ndarray:
    """Average-rank percentile in (0, 1]; NaN counts as 0 (a join that found nothing).

    Small non-negative integers (counts) take an O(n) path through ``bincount``."""
    x = np.nan_to_num(np.asarray(values, dtype=np.float64), nan=0.0)
    n = len(x)
    if n == 0:
        return x
    if x.min() >= 0 and x.max() < 4 * n + 16 and np.all(x == np.floor(x)):
        ints = x.astype(np.int64)
        counts = np.bincount(ints)
        below = np.cumsum(counts) - counts
        ranks = below[ints] + (counts[ints] + 1) / 2.0
    else:
        ranks = rankdata(x, method="average")
    return np.asarray(ranks / n, dtype=np.float64)


def ratio_to_median(gaps: np.ndarray, fallback: float, first: float) -> np.ndarray:
    """Gaps divided by the median positive gap (``fallback`` when none is positive).

    A first event (NaN: nothing before it) counts as a gap of ``first`` (the data's
    span): as long as anything seen, so "no previous payment" reads as the quietest
    history rather than as missing, which a monotone model could not order."""
    positive = gaps[np.isfinite(gaps) & (gaps > 0)]
    scale = max(float(np.median(positive)) if len(positive) else fallback, 1.0)
    return np.asarray(np.where(np.isnan(gaps), first, gaps) / scale, dtype=np.float64)


def scc_sizes(src: np.ndarray, dst: np.ndarray, t: np.ndarray, window: int) -> np.ndarray:
    """Per edge: accounts in the strongly connected component holding both its ends in
    the bucket where the edge sits centrally (0 when the edge closes no loop)."""
    n = len(src)
    out = np.zeros(n, dtype=np.int64)
    if n == 0:
        return out
    half = window // 2
    pos = t - window * np.floor_divide(t, window)
    centred = np.where((pos >= window // 4) & (pos < 3 * window // 4), 0, half)
    for off in (0, half):
        mine = centred == off
        if not mine.any():
            continue
        bucket = np.floor_divide(t + off, window)
        same, size = _components(src, dst, bucket)
        out[mine] = np.where(same[mine], size[mine], 0)
    return out


def _components(
    src: np.ndarray, dst: np.ndarray, bucket: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """For every edge: both ends in one strong component of its bucket, and its size."""
    keys = np.concatenate([src, dst]).astype(np.int64) * (int(bucket.max() - bucket.min()) + 1)
    keys += np.concatenate([bucket, bucket]) - int(bucket.min())
    nodes, index = np.unique(keys, return_inverse=True)
    n = len(src)
    a, b = index[:n], index[n:]
    graph = csr_matrix((np.ones(n, dtype=np.int8), (a, b)), shape=(len(nodes), len(nodes)))
    _, labels = connected_components(graph, directed=True, connection="strong")
    sizes = np.bincount(labels)
    same = (labels[a] == labels[b]) & (a != b)
    return same, sizes[labels[a]]
