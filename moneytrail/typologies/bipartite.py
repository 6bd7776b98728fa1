"""bipartite-v2: payers that pay the same payees again and again, far out of rhythm."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np

from moneytrail.typologies.base import Alert, Scan
from moneytrail.typologies.unusual import BURST, EdgeConfig
from moneytrail.typologies.windows import components, maximal, strength, window_groups


@dataclass(frozen=True)
class BipartiteConfig(EdgeConfig):
    """Groups of at least ``min_count`` accounts joined, within one window of
    ``scales_days`` (empty: chosen from the data), by bursting relationships: pairs
    paying at least ``min_repeats`` times where that is rare or far faster than usual."""

    min_count: int = field(default=3, metadata={"doc": "fewest accounts (payers + payees)"})
    min_repeats: int = field(default=2, metadata={"doc": "payments per pair in the window"})
    scales_days: tuple[float, ...] = field(
        default=(), metadata={"doc": "window lengths in days; empty: 7 to 365 within the span"}
    )


class Bipartite:
    """Bipartite (many-to-many): one or more payers pay the same group of payees again
    and again inside one window, each pair bursting: repeating where repeated payments
    are rare in the data, or far faster than the data's usual rhythm (daily where
    everyone else pays weekly). Coordinated senders working through a shared list of
    receivers; ordinary customers pay their regular payees at the usual pace.

    Score: 1 - 2^-(accounts / min_count).
    """

    NAME: ClassVar[str] = "bipartite-v2"
    Config: ClassVar[type[BipartiteConfig]] = BipartiteConfig

    def __init__(self, config: BipartiteConfig | None = None) -> None:
        self.config = config or BipartiteConfig()

    def detect(self, scan: Scan) -> list[Alert]:
        c = self.config
        u = scan.unusual(c)
        burst = np.flatnonzero(u.kind == BURST)
        found: dict[frozenset[int], tuple[int, np.ndarray]] = {}
        for scale, part in window_groups(u.t[burst], scan.scales(c.scales_days), c.min_count):
            idx = burst[part]
            key = u.src[idx] * (int(u.dst.max()) + 1) + u.dst[idx]
            keys, counts = np.unique(key, return_counts=True)
            idx = idx[np.isin(key, keys[counts >= c.min_repeats])]
            pairs = list(zip(u.src[idx].tolist(), u.dst[idx].tolist(), strict=True))
            for group in components(pairs):
                if len(group) >= c.min_count:
                    inside = idx[np.isin(u.src[idx], list(group))]
                    found.setdefault(frozenset(group), (scale, inside))
        return [self._alert(scan, group, scale, edges) for group, scale, edges in maximal(found)]

    def _alert(self, scan: Scan, group: frozenset[int], scale: int, edges: np.ndarray) -> Alert:
        u = scan.unusual(self.config)
        payers = sorted({int(x) for x in u.src[edges]})
        payees = sorted({int(x) for x in u.dst[edges]} - set(payers))
        explanation = (
            f"{len(payers)} account(s) ({', '.join(scan.name(a) for a in payers[:5])}) paid "
            f"{len(payees)} account(s) {len(edges)} times "
            f"({scan.money(float(u.amt[edges].sum()))}) "
            f"{scan.period(u.t[edges])}: "
            f"{u.describe(BURST)} (window {scan.days(scale)})."
        )
        score = strength(len(group), self.config.min_count)
        rows = u.rows(edges)
        return Alert(self.NAME, [*payers, *payees], rows, score, explanation)
