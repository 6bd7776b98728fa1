"""What two rules share: how much of each payment into an account leaves it again soon."""

from __future__ import annotations

import numpy as np

from moneytrail.flows.graph import FlowGraph


class Outgoing:
    """Every account's outgoing payments in time order, sorted once per scan."""

    def __init__(self, graph: FlowGraph) -> None:
        self.order = np.lexsort((graph.t, graph.src))
        self.src = graph.src[self.order]
        self.t = graph.t[self.order]


_CACHE: dict[int, tuple[FlowGraph, Outgoing]] = {}


def outgoing(graph: FlowGraph) -> Outgoing:
    """The sorted outgoing index of ``graph`` (the last one built is kept)."""
    cached = _CACHE.get(id(graph))
    if cached is None or cached[0] is not graph:
        _CACHE.clear()
        _CACHE[id(graph)] = (graph, Outgoing(graph))
    return _CACHE[id(graph)][1]


def passed_on(graph: FlowGraph, into: np.ndarray, hop: int) -> tuple[np.ndarray, list[np.ndarray]]:
    """For time-ordered edges ``into``: the amount the receiving account paid out in the
    ``hop`` seconds after each arrived (capped at what arrived), and the outgoing edges."""
    index = outgoing(graph)
    order, keys_src, keys_t = index.order, index.src, index.t
    passed = np.zeros(len(into))
    outs: list[np.ndarray] = []
    for k, e in enumerate(into.tolist()):
        m, t0 = int(graph.dst[e]), int(graph.t[e])
        lo_m = np.searchsorted(keys_src, m, side="left")
        hi_m = np.searchsorted(keys_src, m, side="right")
        lo = lo_m + np.searchsorted(keys_t[lo_m:hi_m], t0, side="left")
        hi = lo_m + np.searchsorted(keys_t[lo_m:hi_m], t0 + hop, side="right")
        chosen = order[lo:hi]
        chosen = chosen[chosen > e]
        passed[k] = min(float(graph.amount[e]), float(graph.amount[chosen].sum()))
        outs.append(chosen)
    return passed, outs
