"""Time windows at several scales, chosen from the data, and searches over them.

Laundering runs at its own pace: a fan can collect one payment a fortnight for
months, a cycle can close in a week. One fixed window misses one or the other, so
the v2 typologies look at every scale from a week to a year that fits inside the
data's span (or at the scales the user sets) and keep, per pattern, the window
that shows it best. Sliding windows are approximated by two tumbling bucketings
offset by half a window: a pattern lasting at most half a window lies wholly inside
one bucket of one of them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

DAY = 86_400
SCALES_DAYS: tuple[float, ...] = (7.0, 30.0, 91.0, 182.0, 365.0)


def data_scales(t: np.ndarray, requested: tuple[float, ...] = ()) -> list[int]:
    """Window lengths (seconds): the requested ones, or every default scale up to the
    data's span (the span itself when the data cover less than a week)."""
    if requested:
        return sorted({max(1, round(days * DAY)) for days in requested})
    span = int(t.max() - t.min()) + DAY if len(t) else DAY
    scales = [round(days * DAY) for days in SCALES_DAYS if days * DAY <= span]
    return scales or [span]


def bucketings(t: np.ndarray, window: int) -> Iterator[tuple[int, np.ndarray]]:
    """(offset, bucket number per edge) for the two half-offset tumbling bucketings."""
    for offset in (0, window // 2):
        yield offset, (t + offset) // window


@dataclass(frozen=True)
class Window:
    """The best window found for one centre: its edges (indices) and distinct others."""

    center: int
    edges: np.ndarray
    others: np.ndarray
    scale: int
    start: int
    end: int


def groups(keys: np.ndarray) -> Iterator[tuple[int, np.ndarray]]:
    """(key, indices) for each distinct key, indices in their original order."""
    if not len(keys):
        return
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    cuts = np.flatnonzero(np.diff(sorted_keys)) + 1
    for part in np.split(order, cuts):
        yield int(keys[part[0]]), part


def best_fan_windows(
    center: np.ndarray, other: np.ndarray, t: np.ndarray, scales: list[int], min_count: int
) -> list[Window]:
    """Per centre, the window with the most distinct counterparties (ties: the shorter
    scale), when that count reaches ``min_count``. Edges are in time order."""
    found: list[Window] = []
    for code, idx in groups(center):
        if len(np.unique(other[idx])) < min_count:
            continue
        best: Window | None = None
        for scale in scales:
            window = _densest(idx, other, t, scale)
            if best is None or len(window[1]) > len(best.others):
                edges, others = window
                best = Window(code, edges, others, scale, int(t[edges[0]]), int(t[edges[-1]]))
        if best is not None and len(best.others) >= min_count:
            found.append(best)
    return found


def _densest(
    idx: np.ndarray, other: np.ndarray, t: np.ndarray, scale: int
) -> tuple[np.ndarray, np.ndarray]:
    """Edges of the sliding window of length ``scale`` holding most distinct others."""
    times = t[idx]
    best_lo, best_hi, best_n = 0, 0, -1
    counts: dict[int, int] = {}
    lo = 0
    for hi in range(len(idx)):
        key = int(other[idx[hi]])
        counts[key] = counts.get(key, 0) + 1
        while times[hi] - times[lo] > scale:
            old = int(other[idx[lo]])
            counts[old] -= 1
            if not counts[old]:
                del counts[old]
            lo += 1
        if len(counts) > best_n:
            best_lo, best_hi, best_n = lo, hi, len(counts)
    edges = idx[best_lo : best_hi + 1]
    return edges, np.unique(other[edges])


def strength(size: float, minimum: float) -> float:
    """Every v2 score's shape: 1 - 2^-(size / minimum), 0.5 at a typology's minimum,
    0.75 at twice it, so alerts of different typologies rank on one scale."""
    value: float = 1.0 - 2.0 ** (-float(size) / float(minimum))
    return round(value, 3)


def window_groups(
    t: np.ndarray, scales: list[int], min_edges: int = 2
) -> Iterator[tuple[int, np.ndarray]]:
    """(scale, edge indices) of every bucket of every bucketing at every scale that
    holds at least ``min_edges`` edges."""
    for scale in scales:
        for _, bucket in bucketings(t, scale):
            for _, idx in groups(bucket):
                if len(idx) >= min_edges:
                    yield scale, idx


def maximal(
    found: dict[frozenset[int], tuple[int, np.ndarray]],
) -> list[tuple[frozenset[int], int, np.ndarray]]:
    """Drop every account set that lies inside a larger one found elsewhere."""
    keys = sorted(found, key=lambda k: (-len(k), sorted(k)))
    kept: list[frozenset[int]] = []
    for key in keys:
        if not any(key <= bigger for bigger in kept):
            kept.append(key)
    return [(key, *found[key]) for key in kept]


def components(pairs: list[tuple[int, int]]) -> list[set[int]]:
    """Connected groups of accounts (undirected) from (a, b) pairs: a small union-find."""
    parent: dict[int, int] = {}

    def root(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        parent[root(a)] = root(b)
    out: dict[int, set[int]] = {}
    for x in list(parent):
        out.setdefault(root(x), set()).add(x)
    return list(out.values())
