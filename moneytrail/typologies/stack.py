"""stack-v2: layered payments between groups (A-group -> B-group -> C-group)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np

from moneytrail.typologies.base import Alert, Scan
from moneytrail.typologies.unusual import EdgeConfig
from moneytrail.typologies.windows import components, maximal, strength, window_groups


@dataclass(frozen=True)
class StackConfig(EdgeConfig):
    """A middle layer of at least ``min_count`` accounts, each paid by the first layer
    and paying the last, all on unusual relationships within one window of
    ``scales_days`` (empty: chosen from the data)."""

    min_count: int = field(default=2, metadata={"doc": "fewest accounts in the middle layer"})
    scales_days: tuple[float, ...] = field(
        default=(), metadata={"doc": "window lengths in days; empty: 7 to 365 within the span"}
    )


class Stack:
    """Stack (layering between groups): money moves on unusual relationships from one
    group of accounts to a second and on to a third inside one window; the accounts of
    the middle layer each receive from the first group and pay the third. Layers put
    distance between the money and its source.

    Score: 1 - 2^-(middle accounts / min_count).
    """

    NAME: ClassVar[str] = "stack-v2"
    Config: ClassVar[type[StackConfig]] = StackConfig

    def __init__(self, config: StackConfig | None = None) -> None:
        self.config = config or StackConfig()

    def detect(self, scan: Scan) -> list[Alert]:
        c = self.config
        u = scan.unusual(c)
        found: dict[frozenset[int], tuple[int, np.ndarray]] = {}
        for scale, idx in window_groups(u.t, scan.scales(c.scales_days), 2 * c.min_count):
            middle = np.intersect1d(u.src[idx], u.dst[idx])
            if len(middle) < c.min_count:
                continue
            touching = idx[np.isin(u.src[idx], middle) | np.isin(u.dst[idx], middle)]
            pairs = list(zip(u.src[touching].tolist(), u.dst[touching].tolist(), strict=True))
            for group in components(pairs):
                layer = [m for m in middle.tolist() if m in group]
                if len(layer) >= c.min_count and len(group) > len(layer) + 1:
                    inside = touching[np.isin(u.src[touching], list(group))]
                    found.setdefault(frozenset(group), (scale, inside))
        return [self._alert(scan, group, scale, edges) for group, scale, edges in maximal(found)]

    def _alert(self, scan: Scan, group: frozenset[int], scale: int, edges: np.ndarray) -> Alert:
        u = scan.unusual(self.config)
        middle = sorted(set(u.src[edges].tolist()) & set(u.dst[edges].tolist()))
        first = sorted(set(u.src[edges].tolist()) - set(middle))
        last = sorted(group - set(middle) - set(first))
        explanation = (
            f"{len(first)} account(s) paid a layer of {len(middle)} accounts "
            f"({', '.join(scan.name(m) for m in middle[:5])}) that paid {len(last)} other "
            f"account(s): {len(edges)} payments ({scan.money(float(u.amt[edges].sum()))}) "
            f"{scan.period(u.t[edges])}, each on a relationship unusual "
            f"in this data (window {scan.days(scale)})."
        )
        score = strength(len(middle), self.config.min_count)
        rows = u.rows(edges)
        return Alert(self.NAME, [*middle, *first, *last], rows, score, explanation)
