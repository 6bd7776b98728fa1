"""scatter_gather-v1: one account splits money over intermediaries that all pay one account."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from moneytrail.typologies.base import Alert, Scan, WindowConfig, clamp, offsets


@dataclass(frozen=True)
class ScatterGatherConfig(WindowConfig):
    """At least ``min_count`` intermediaries within ``window_days``; each passes on an
    amount within ``tolerance`` of what it received, within ``hop_days``."""

    window_days: float = 10.0
    min_count: int = 3
    tolerance: float = 0.1
    hop_days: float = 3.0
    min_amount: float = 500.0


class ScatterGather:
    """Scatter-gather: account A pays several intermediaries, and each of them soon pays
    on about the same amount to one account B (A and B distinct). The split breaks one
    large movement into small ones that look unrelated, then reassembles it.

    Score: grows with the number of intermediaries (full at twice the minimum).
    """

    NAME: ClassVar[str] = "scatter_gather-v1"

    def __init__(self, config: ScatterGatherConfig | None = None) -> None:
        self.config = config or ScatterGatherConfig()

    def detect(self, scan: Scan) -> list[Alert]:
        c = self.config
        pairs = scan.pairs(round(c.hop_days * 86_400), c.tolerance, c.min_amount)
        found = scan.rows(
            f"""WITH p AS (SELECT *, (t1 + off) // {c.window} AS bucket
                          FROM {pairs}, {offsets(c.window)}
                          WHERE a != b AND a != m)
            SELECT a, b, list(DISTINCT m) AS mids, list(DISTINCT r1) || list(DISTINCT r2) AS rows,
                   sum(amt1) AS total
            FROM p GROUP BY a, b, off, bucket HAVING count(DISTINCT m) >= {c.min_count}
            QUALIFY row_number() OVER (PARTITION BY a, b ORDER BY count(DISTINCT m) DESC, off) = 1
            ORDER BY a, b"""
        )
        alerts = []
        for row in found:
            mids = sorted(row["mids"])
            explanation = (
                f"{scan.name(row['a'])} paid {row['total']:,.2f} through {len(mids)} "
                f"intermediaries, each of which paid about the same amount on to "
                f"{scan.name(row['b'])} within {scan.days(c.hop_days * 86_400)}."
            )
            score = clamp(len(mids) / (2 * c.min_count))
            accounts = [row["a"], *mids, row["b"]]
            alerts.append(Alert(self.NAME, accounts, sorted(row["rows"]), score, explanation))
        return alerts
