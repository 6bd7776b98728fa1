"""What two rules share: how much money leaves an account soon after it arrived.

Edges are in time order, so an edge's position is its time rank. Sorting every edge
by (account, position) once lets the money an account paid out (or received) between
two positions be read off a cumulative sum for many accounts at once: the mule rules
stay O(edges log edges) however many accounts they look at.
"""

from __future__ import annotations

import numpy as np

from moneytrail.flows.graph import FlowGraph


class Ledger:
    """One side of every account's book (``outgoing`` or incoming), sorted by
    (account, position), with running totals."""

    def __init__(self, graph: FlowGraph, *, outgoing: bool) -> None:
        owner = graph.src if outgoing else graph.dst
        self.n = max(1, graph.n_edges)
        key = owner.astype(np.int64) * self.n + np.arange(graph.n_edges, dtype=np.int64)
        self.order = np.argsort(key, kind="stable")
        self.key = key[self.order]
        self.cum = np.concatenate([[0.0], np.cumsum(graph.amount[self.order])])

    def _bounds(
        self, codes: np.ndarray, lo: np.ndarray, hi: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        base = codes.astype(np.int64) * self.n
        return (
            np.searchsorted(self.key, base + lo, side="left"),
            np.searchsorted(self.key, base + hi, side="left"),
        )

    def total(self, codes: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
        """Amounts of each account's edges at positions [lo, hi), for many at once."""
        start, end = self._bounds(codes, lo, hi)
        return np.asarray(self.cum[end] - self.cum[start])

    def edges(self, code: int, lo: int, hi: int) -> np.ndarray:
        """Positions of one account's edges at positions [lo, hi), in time order."""
        start, end = self._bounds(np.asarray([code]), np.asarray([lo]), np.asarray([hi]))
        return np.sort(self.order[int(start[0]) : int(end[0])])


class Books:
    """Both ledgers of a graph (built once per scan: ``Scan.books``)."""

    def __init__(self, graph: FlowGraph) -> None:
        self.graph = graph
        self.paid = Ledger(graph, outgoing=True)
        self.received = Ledger(graph, outgoing=False)

    def until(self, t: np.ndarray) -> np.ndarray:
        """The first position later than each time (a window's exclusive end)."""
        ends: np.ndarray = np.searchsorted(self.graph.t, t, side="right")
        return ends

    def passed_on(self, into: np.ndarray, hop: int) -> np.ndarray:
        """For edges ``into``: what the receiving account paid out after each arrived and
        within ``hop`` seconds of it, capped at the amount that arrived."""
        g = self.graph
        later = self.paid.total(g.dst[into], into + 1, self.until(g.t[into] + hop))
        passed: np.ndarray = np.minimum(g.amount[into], later)
        return passed

    def outgoing_after(self, edge: int, hop: int) -> np.ndarray:
        """The payments out of the receiving account of ``edge`` within ``hop`` after it."""
        g = self.graph
        end = int(self.until(np.asarray([g.t[edge] + hop]))[0])
        return self.paid.edges(int(g.dst[edge]), edge + 1, end)
