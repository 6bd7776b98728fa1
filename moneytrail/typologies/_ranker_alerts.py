"""The ranker's alerts: groups of flagged transactions, each explained.

A ring shows as several flagged transactions among the same accounts, so the alert is
the connected group (accounts as nodes, flagged transactions as edges), not each
transaction: an analyst opens one case per ring. Busy accounts (over ``HUB`` flagged
transactions) do not join groups, or a large bank's alerts would merge into one; each
gathers its own flagged transactions into one alert (a fan). A group of more than
``MAX_GROUP`` transactions is no ring: it is split into stars around the busier end of
each transaction. The centre is the account with the most flagged transactions.

The explanation measures, on the alert's (at most three) highest-scored transactions,
how much each feature raised the score: the feature is replaced by its training median
one at a time, and the mean fall in log-odds is its contribution (log-odds, because
near 1 probabilities saturate and would hide it); the three largest are named in plain
words with the alert's values.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components

from moneytrail.flows.graph import FlowGraph
from moneytrail.typologies.base import Alert
from moneytrail.typologies.ranker_features import describe

if TYPE_CHECKING:
    from moneytrail.typologies.ranker import RankerModel

DRIVERS = 3
HUB = 20  # flagged edges beyond which an account stops joining groups
MAX_GROUP = 200  # flagged edges beyond which a group is no ring: split into stars
SAMPLE = 3  # highest-scored transactions per alert measured for the explanation


def ranker_alerts(
    model: RankerModel,
    graph: FlowGraph,
    matrix: np.ndarray,
    scores: np.ndarray,
    top: int | None,
) -> list[Alert]:
    """Alerts best first (highest score, then more transactions), at most ``top``."""
    cut = model.cut(scores)
    flagged = np.flatnonzero(scores >= cut)
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
        alerts.append(_alert(model, graph, matrix, scores, rows, contribution, cut))
    return alerts


def _groups(graph: FlowGraph, flagged: np.ndarray) -> np.ndarray:
    """Per flagged edge: its group (dense ids).

    Groups are the connected components of the flagged edges among ordinary accounts;
    an account with more than ``HUB`` flagged edges does not connect them (in a large
    bank's data everything would join through a few busy accounts) but gathers its own
    flagged edges into one star (a fan is one alert)."""
    n = graph.n_accounts
    src, dst = graph.src[flagged], graph.dst[flagged]
    degree = np.bincount(np.concatenate([src, dst]), minlength=n)
    hub = degree > HUB
    plain = ~hub[src] & ~hub[dst]
    adjacency = csr_matrix(
        (np.ones(int(plain.sum()), dtype=np.int8), (src[plain], dst[plain])), shape=(n, n)
    )
    _, component = connected_components(adjacency, directed=False)
    # hubs are singletons in ``component``: an edge touching one joins the hub's star
    key = np.where(hub[src] | ~hub[dst], src, dst)
    group = component[key]
    # A group larger than any ring (flagged edges percolating through ordinary accounts,
    # as when much of a data set is flagged) falls apart into stars around the busier end.
    size = np.bincount(group)
    big = size[group] > MAX_GROUP
    busier = np.where(degree[src] >= degree[dst], src, dst)
    group = np.where(big, n + busier, group)
    _, dense = np.unique(group, return_inverse=True)
    return np.asarray(dense, dtype=np.int64)


def _contributions(
    model: RankerModel, matrix: np.ndarray, scores: np.ndarray, members: list[np.ndarray]
) -> list[np.ndarray]:
    """Per alert, per feature: mean score fall when the feature takes its training median."""
    if not members:
        return []
    sampled = [m[np.argsort(-scores[m], kind="stable")[:SAMPLE]] for m in members]
    rows = np.concatenate(sampled)
    owner = np.repeat(np.arange(len(members)), [len(m) for m in sampled])
    base = matrix[rows]
    sizes = np.bincount(owner).astype(np.float64)
    out = np.zeros((len(members), base.shape[1]))
    before = _logit(scores[rows])
    for j, median in enumerate(model.medians):
        changed = base.copy()
        changed[:, j] = median
        fall = before - _logit(model.predict(changed))
        out[:, j] = np.bincount(owner, weights=fall, minlength=len(members)) / sizes
    return list(out)


def _logit(p: np.ndarray) -> np.ndarray:
    """Log-odds: a fall from 0.9999 to 0.999 counts, where probabilities saturate."""
    q = np.clip(p, 1e-9, 1 - 1e-9)
    return np.asarray(np.log(q / (1 - q)), dtype=np.float64)


def _alert(
    model: RankerModel,
    graph: FlowGraph,
    matrix: np.ndarray,
    scores: np.ndarray,
    rows: np.ndarray,
    contribution: np.ndarray,
    cut: float,
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
            f"log-odds +{contribution[j]:.2f})"
        )
    explanation = (
        f"{len(rows)} transaction{'s' if len(rows) != 1 else ''} among {len(accounts)} "
        f"accounts scored at or above {cut:.2f} (the learned threshold, or the top "
        f"{model.flag_share:.1%} of this data's transactions if higher) "
        f"(highest {best:.2f}). Driven by: {'; '.join(drivers) or 'no single feature'}."
    )
    rows_sorted = sorted(int(r) for r in rows)
    return Alert(model.NAME, [centre, *others], rows_sorted, round(best, 3), explanation)
