"""The shared rule behind fan-in and fan-out v2: many counterparties on unusual
relationships, in the best window at any scale."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from moneytrail.typologies.base import Alert, Scan
from moneytrail.typologies.unusual import EdgeConfig
from moneytrail.typologies.windows import best_fan_windows, strength


@dataclass(frozen=True)
class FanConfig(EdgeConfig):
    """``min_count`` distinct counterparties, each on an unusual relationship (see
    ``EdgeConfig``), within one window of ``scales_days`` (empty: chosen from the data)."""

    min_count: int = field(
        default=4, metadata={"doc": "distinct counterparties on unusual relationships"}
    )
    scales_days: tuple[float, ...] = field(
        default=(), metadata={"doc": "window lengths in days; empty: 7 to 365 within the span"}
    )


def fan_alerts(scan: Scan, config: FanConfig, name: str, incoming: bool) -> list[Alert]:
    """One alert per centre: its best window and the counterparties in it."""
    u = scan.unusual(config)
    center, other = (u.dst, u.src) if incoming else (u.src, u.dst)
    windows = best_fan_windows(
        center, other, u.t, scan.scales(config.scales_days), config.min_count
    )
    alerts = []
    for w in windows:
        k = len(w.others)
        kinds = np.unique(u.kind[w.edges])
        why = "; ".join(u.describe(int(kind)) for kind in kinds)
        verb, prep = ("received", "from") if incoming else ("paid", "to")
        explanation = (
            f"{scan.name(w.center)} {verb} {len(w.edges)} payments "
            f"({scan.money(float(u.amt[w.edges].sum()))}) {prep} {k} different accounts "
            f"{scan.period((w.start, w.end))} "
            f"(window {scan.days(w.scale)}); each relationship is unusual in this data: {why}."
        )
        score = strength(k, config.min_count)
        accounts = [w.center, *(int(x) for x in w.others)]
        rows = u.rows(w.edges)
        alerts.append(Alert(name, accounts, rows, score, explanation))
    return alerts
