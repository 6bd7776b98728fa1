"""structuring-v2: repeated payments just under a reporting threshold, at any pace."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from moneytrail.typologies.base import Alert, Scan, bucket, clamp, offsets


@dataclass(frozen=True)
class StructuringConfig:
    """At least ``min_count`` payments in ``[threshold * (1 - tolerance), threshold)``
    received (or sent) by one account within one window of ``scales_days`` (empty:
    a week to a year, within the data's span), making up at least ``min_share`` of its
    payments in that direction in the window."""

    min_count: int = field(default=3, metadata={"doc": "fewest payments just under"})
    tolerance: float = field(default=0.1, metadata={"doc": "how far under counts as just under"})
    threshold: float = field(default=10_000.0, metadata={"doc": "the reporting threshold"})
    min_share: float = field(default=0.5, metadata={"doc": "share of the account's payments"})
    scales_days: tuple[float, ...] = field(
        default=(), metadata={"doc": "window lengths in days; empty: 7 to 365 within the span"}
    )


class Structuring:
    """Structuring (smurfing): amounts kept just under a reporting threshold such as
    10,000, again and again, into or out of one account in a short time, so that no
    single payment is reported. One large payment near the threshold is ordinary; a
    run of them that dominates an account's activity is not.

    Score: half the share of the account's payments that sit just under the threshold,
    half how far their number exceeds the minimum.
    """

    NAME: ClassVar[str] = "structuring-v2"
    Config: ClassVar[type[StructuringConfig]] = StructuringConfig

    def __init__(self, config: StructuringConfig | None = None) -> None:
        self.config = config or StructuringConfig()

    def detect(self, scan: Scan) -> list[Alert]:
        best: dict[int, tuple[int, dict[str, Any]]] = {}
        for w in scan.scales(self.config.scales_days):
            for row in self._windows(scan, w):
                if row["c"] not in best or row["n_near"] > best[row["c"]][1]["n_near"]:
                    best[row["c"]] = (w, row)
        return [self._alert(scan, w, row) for _, (w, row) in sorted(best.items())]

    def _windows(self, scan: Scan, w: int) -> list[dict[str, Any]]:
        c = self.config
        low = c.threshold * (1 - c.tolerance)
        return scan.rows(
            f"""WITH b AS (SELECT row, src, dst, amt, off, {bucket(w)} AS bucket
                          FROM tx, {offsets(w)}),
            side AS (SELECT dst AS c, src AS x, 'received' AS dir, row, amt, off, bucket FROM b
                     UNION ALL
                     SELECT src, dst, 'sent', row, amt, off, bucket FROM b),
            near AS (SELECT c, dir, off, bucket, array_sort(array_agg(row)) AS rows,
                            array_agg(DISTINCT x) AS others, count(*) AS n_near, sum(amt) AS total
                     FROM side WHERE amt >= {low} AND amt < {c.threshold}
                     GROUP BY ALL HAVING count(*) >= {c.min_count}),
            alls AS (SELECT s.c, s.dir, s.off, s.bucket, count(*) AS n_all
                     FROM side s SEMI JOIN near USING (c, dir, off, bucket) GROUP BY ALL)
            SELECT * FROM near JOIN alls USING (c, dir, off, bucket)
            WHERE n_near >= {c.min_share} * n_all
            QUALIFY row_number() OVER (PARTITION BY c ORDER BY n_near DESC, dir, off) = 1
            ORDER BY c"""
        )

    def _alert(self, scan: Scan, w: int, row: dict[str, Any]) -> Alert:
        c = self.config
        low = c.threshold * (1 - c.tolerance)
        share = row["n_near"] / row["n_all"]
        verb = "received" if row["dir"] == "received" else "sent"
        explanation = (
            f"{scan.name(row['c'])} {verb} {row['n_near']} payments between {low:,.0f} "
            f"and {c.threshold:,.0f} (total {row['total']:,.2f}) within "
            f"{scan.days(w)}: {share:.0%} of its {verb} payments in that window."
        )
        score = clamp(0.5 * share + 0.5 * min(1.0, row["n_near"] / (2 * c.min_count)))
        accounts = [row["c"], *sorted(row["others"])]
        return Alert(self.NAME, accounts, row["rows"], score, explanation)
