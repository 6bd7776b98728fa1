"""The ranker's alerts: groups of above-threshold transactions, each explained.

A ring shows as several above-threshold transactions among the same accounts, so the
alert is the connected group (accounts as nodes, flagged transactions as edges), not
each transaction: an analyst opens one case per ring. The centre is the account with
the most flagged transactions. The explanation measures, on the alert's own
transactions, how much each feature raised the score: the feature is replaced by its
training median one at a time, and the mean fall in score is its contribution; the
three largest are named in plain words with the alert's values.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components

from moneytrail.flows.graph import FlowGraph
from moneytrail.typologies.base import Alert
from moneytrail.typologies.features import describe

if TYPE_CHECKING:
    from moneytrail.typologies.ranker import RankerModel

DRIVERS = 3


def ranker_alerts(
    model: RankerModel,
    graph: FlowGraph,
    matrix: np.ndarray,
    scores: np.ndarray,
    top: int | None,
) -> list[Alert]:
    """Alerts best first (highest score, then more transactions), at most ``top``."""
    flagged = np.flatnonzero(scores >= model.threshold)
    if len(flagged) == 0:
        return []
    group = _groups(graph, flagged)
    n_groups = int(group.max()) + 1
    best = np.zeros(n_groups)
    np.maximum.at(best, group, scores[flagged])
    size = np.bincount(group, minlength=n_groups)
    order = np.lexsort((-size, -best))  # the last key sorts first
    if top is not None:
        order = order[:top]
    by_group = np.argsort(group, kind="stable")
    starts = np.concatenate([[0], np.cumsum(size)])
    members = [flagged[by_group[starts[g] : starts[g + 1]]] for g in order]
    contributions = _contributions(model, matrix, scores, members)
    alerts = []
    for rows, contribution in zip(members, contributions, strict=True):
        alerts.append(_alert(model, graph, matrix, scores, rows, contribution))
    return alerts


def _groups(graph: FlowGraph, flagged: np.ndarray) -> np.ndarray:
    """Per flagged edge: its connected group (dense ids in order of first edge)."""
    n = graph.n_accounts
    src, dst = graph.src[flagged], graph.dst[flagged]
    adjacency = csr_matrix((np.ones(len(src), dtype=np.int8), (src, dst)), shape=(n, n))
    _, component = connected_components(adjacency, directed=False)
    _, dense = np.unique(component[src], return_inverse=True)
    return np.asarray(dense, dtype=np.int64)


def _contributions(
    model: RankerModel, matrix: np.ndarray, scores: np.ndarray, members: list[np.ndarray]
) -> list[np.ndarray]:
    """Per alert, per feature: mean score fall when the feature takes its training median."""
    if not members:
        return []
    rows = np.concatenate(members)
    owner = np.repeat(np.arange(len(members)), [len(m) for m in members])
    base = matrix[rows]
    sizes = np.bincount(owner).astype(np.float64)
    out = np.zeros((len(members), base.shape[1]))
    for j, median in enumerate(model.medians):
        changed = base.copy()
        changed[:, j] = median
        fall = scores[rows] - model.predict(changed)
        out[:, j] = np.bincount(owner, weights=fall, minlength=len(members)) / sizes
    return list(out)


def _alert(
    model: RankerModel,
    graph: FlowGraph,
    matrix: np.ndarray,
    scores: np.ndarray,
    rows: np.ndarray,
    contribution: np.ndarray,
) -> Alert:
    ends = np.concatenate([graph.src[rows], graph.dst[rows]])
    counts = np.bincount(ends)
    accounts = np.unique(ends)
    centre = int(accounts[np.argmax(counts[accounts])])
    others = [int(a) for a in accounts if a != centre]
    best = float(scores[rows].max())
    drivers = []
    for j in np.argsort(-contribution, kind="stable")[:DRIVERS]:
        if contribution[j] <= 0:
            break
        name = model.features[j]
        value = float(np.nanmedian(matrix[rows, j])) if not np.isnan(matrix[rows, j]).all() else 0
        drivers.append(
            f"{describe(name, model.windows)} {value:.3g} (typical {model.medians[j]:.3g}, "
            f"+{contribution[j]:.2f})"
        )
    explanation = (
        f"{len(rows)} transaction{'s' if len(rows) != 1 else ''} among {len(accounts)} "
        f"accounts scored at or above the learned threshold {model.threshold:.2f} "
        f"(highest {best:.2f}). Driven by: {'; '.join(drivers) or 'no single feature'}."
    )
    rows_sorted = sorted(int(r) for r in rows)
    return Alert(model.NAME, [centre, *others], rows_sorted, round(best, 3), explanation)
