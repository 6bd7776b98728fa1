"""cycle-v2: money that goes round a ring of accounts on unusual relationships."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np
import rustworkx as rx

from moneytrail.typologies.base import Alert, Scan
from moneytrail.typologies.unusual import EdgeConfig
from moneytrail.typologies.windows import maximal, strength, window_groups


@dataclass(frozen=True)
class CycleConfig(EdgeConfig):
    """Rings of ``min_count`` to ``max_count`` accounts whose unusual payments, all
    inside one window of ``scales_days`` (empty: chosen from the data), lead from each
    account of the ring back to every other."""

    min_count: int = field(default=3, metadata={"doc": "fewest accounts in a ring"})
    max_count: int = field(default=30, metadata={"doc": "larger tangles are not one ring"})
    scales_days: tuple[float, ...] = field(
        default=(), metadata={"doc": "window lengths in days; empty: 7 to 365 within the span"}
    )


class Cycle:
    """Cycle (round-tripping): payments on unusual relationships that, within one
    window, lead from every account of a group back to itself (a strongly connected
    group of at least ``min_count`` accounts: A -> B -> C -> A, or rings sharing
    accounts). The hops need not come in time order: a ring fed from several
    accounts over weeks still brings the money home. Two-party round trips (A -> B ->
    A) are left out by default: between trading partners they are invoices and refunds.

    Money that returns to its origin has usually bought nothing; it disguises where it
    came from or inflates turnover. Score: 1 - 2^-(accounts / min_count), so longer
    rings, harder to see by eye, rank higher.
    """

    NAME: ClassVar[str] = "cycle-v2"
    Config: ClassVar[type[CycleConfig]] = CycleConfig

    def __init__(self, config: CycleConfig | None = None) -> None:
        self.config = config or CycleConfig()

    def detect(self, scan: Scan) -> list[Alert]:
        c = self.config
        u = scan.unusual(c)
        found: dict[frozenset[int], tuple[int, np.ndarray]] = {}
        for scale, idx in window_groups(u.t, scan.scales(c.scales_days), c.min_count):
            for members in _rings(u.src[idx], u.dst[idx], c.min_count, c.max_count):
                inside = idx[np.isin(u.src[idx], members) & np.isin(u.dst[idx], members)]
                found.setdefault(frozenset(members), (scale, inside))
        alerts = []
        for ring, scale, edges in maximal(found):
            accounts = sorted(ring)
            names = ", ".join(scan.name(a) for a in accounts[:8])
            explanation = (
                f"{len(edges)} payments ({scan.money(float(u.amt[edges].sum()))}) "
                f"{scan.period(u.t[edges])} lead from each of "
                f"{len(accounts)} accounts ({names}) back to itself, every one on a "
                f"relationship unusual in this data (window {scan.days(scale)})."
            )
            score = strength(len(accounts), c.min_count)
            rows = u.rows(edges)
            alerts.append(Alert(self.NAME, accounts, rows, score, explanation))
        return alerts


def _rings(src: np.ndarray, dst: np.ndarray, low: int, high: int) -> list[list[int]]:
    """Strongly connected groups of ``low`` to ``high`` accounts, as account codes."""
    nodes, inverse = np.unique(np.concatenate([src, dst]), return_inverse=True)
    graph = rx.PyDiGraph()
    graph.add_nodes_from(range(len(nodes)))
    n = len(src)
    graph.add_edges_from_no_data(list(zip(inverse[:n].tolist(), inverse[n:].tolist(), strict=True)))
    return [
        sorted(int(nodes[i]) for i in component)
        for component in rx.strongly_connected_components(graph)
        if low <= len(component) <= high
    ]
