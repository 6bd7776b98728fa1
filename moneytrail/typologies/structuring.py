"""structuring-v1: repeated payments just under a reporting threshold."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from moneytrail.typologies.base import Alert, Scan, WindowConfig, bucket, clamp, offsets


@dataclass(frozen=True)
class StructuringConfig(WindowConfig):
    """At least ``min_count`` payments in ``[threshold * (1 - tolerance), threshold)``
    received (or sent) by one account within ``window_days``, making up at least
    ``min_share`` of its payments in that direction in the window."""

    window_days: float = 30.0
    min_count: int = 3
    tolerance: float = 0.1
    threshold: float = 10_000.0
    min_share: float = 0.5


class Structuring:
    """Structuring (smurfing): amounts kept just under a reporting threshold such as
    10,000, again and again, into or out of one account in a short time, so that no
    single payment is reported. One large payment near the threshold is ordinary; a
    run of them that dominates an account's activity is not.

    Score: half the share of the account's payments that sit just under the threshold,
    half how far their number exceeds the minimum.
    """

    NAME: ClassVar[str] = "structuring-v1"

    def __init__(self, config: StructuringConfig | None = None) -> None:
        self.config = config or StructuringConfig()

    def detect(self, scan: Scan) -> list[Alert]:
        c = self.config
        low, w = c.threshold * (1 - c.tolerance), c.window
        found = scan.rows(
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
        alerts = []
        for row in found:
            share = row["n_near"] / row["n_all"]
            verb = "received" if row["dir"] == "received" else "sent"
            explanation = (
                f"{scan.name(row['c'])} {verb} {row['n_near']} payments between {low:,.0f} "
                f"and {c.threshold:,.0f} (total {row['total']:,.2f}) within "
                f"{scan.days(w)}: {share:.0%} of its {verb} payments in that window."
            )
            score = clamp(0.5 * share + 0.5 * min(1.0, row["n_near"] / (2 * c.min_count)))
            accounts = [row["c"], *sorted(row["others"])]
            alerts.append(Alert(self.NAME, accounts, row["rows"], score, explanation))
        return alerts
