"""gather_scatter-v2: one account collects from several and then pays out to several."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np

from moneytrail.typologies.base import Alert, Scan
from moneytrail.typologies.unusual import EdgeConfig
from moneytrail.typologies.windows import groups, strength, window_groups


@dataclass(frozen=True)
class GatherScatterConfig(EdgeConfig):
    """At least ``min_in`` payers and ``min_out`` payees, all on unusual relationships,
    within one window of ``scales_days`` (empty: chosen from the data), most of the
    paying out after most of the collecting."""

    min_in: int = field(default=2, metadata={"doc": "fewest distinct payers"})
    min_out: int = field(default=2, metadata={"doc": "fewest distinct payees"})
    scales_days: tuple[float, ...] = field(
        default=(), metadata={"doc": "window lengths in days; empty: 7 to 365 within the span"}
    )


class GatherScatter:
    """Gather-scatter (hub): an account receives from several accounts and afterwards
    pays several others, every payment on a relationship unusual in the data, inside
    one window (a week to a year): money collected from one set of people and spread to
    another, through an account that has no ordinary dealings with either.
    Shops collect from many and employers pay many, but from and to the same people at
    the data's usual rhythm.

    Score: 1 - 2^-(parties / (min_in + min_out)).
    """

    NAME: ClassVar[str] = "gather_scatter-v2"
    Config: ClassVar[type[GatherScatterConfig]] = GatherScatterConfig

    def __init__(self, config: GatherScatterConfig | None = None) -> None:
        self.config = config or GatherScatterConfig()

    def detect(self, scan: Scan) -> list[Alert]:
        c = self.config
        u = scan.unusual(c)
        best: dict[int, tuple[int, int, np.ndarray, np.ndarray]] = {}
        for scale, idx in window_groups(u.t, scan.scales(c.scales_days), c.min_in + c.min_out):
            node = np.concatenate([u.dst[idx], u.src[idx]])
            both = np.concatenate([idx, idx])
            for hub, part in groups(node):
                edges = both[part]
                ins, outs = edges[u.dst[edges] == hub], edges[u.src[edges] == hub]
                payers, payees = np.unique(u.src[ins]), np.unique(u.dst[outs])
                if len(payers) < c.min_in or len(payees) < c.min_out:
                    continue
                if np.median(u.t[outs]) < np.median(u.t[ins]):
                    continue
                size = len(payers) + len(payees)
                if hub not in best or size > best[hub][0]:
                    best[hub] = (size, scale, ins, outs)
        return [self._alert(scan, hub, *found) for hub, found in sorted(best.items())]

    def _alert(
        self, scan: Scan, hub: int, size: int, scale: int, ins: np.ndarray, outs: np.ndarray
    ) -> Alert:
        u = scan.unusual(self.config)
        payers, payees = np.unique(u.src[ins]), np.unique(u.dst[outs])
        explanation = (
            f"{scan.name(hub)} received {scan.money(float(u.amt[ins].sum()))} from "
            f"{len(payers)} accounts and then paid {scan.money(float(u.amt[outs].sum()))} to "
            f"{len(payees)} others {scan.period(u.t[np.concatenate([ins, outs])])}, every "
            f"payment on a relationship "
            f"unusual in this data (window {scan.days(scale)})."
        )
        score = strength(size, self.config.min_in + self.config.min_out)
        accounts = [hub, *(int(x) for x in payers), *(int(x) for x in payees if x not in payers)]
        rows = u.rows(np.concatenate([ins, outs]))
        return Alert(self.NAME, accounts, rows, score, explanation)
