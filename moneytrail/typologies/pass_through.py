"""pass_through-v1: money that enters an account and leaves again almost at once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from moneytrail.typologies.base import Alert, Scan, WindowConfig, clamp


@dataclass(frozen=True)
class PassThroughConfig(WindowConfig):
    """At least ``min_count`` incoming payments, each followed within ``window_days`` by
    an outgoing one within ``tolerance`` of its amount; together at least ``min_share``
    of everything the account received. Amounts below ``min_amount`` are ignored."""

    window_days: float = 3.0
    min_count: int = 3
    tolerance: float = 0.1
    min_share: float = 0.8
    min_amount: float = 500.0


class PassThrough:
    """Pass-through (mule or funnel account): payments in are paid out again, nearly in
    full, within days, again and again, and this is most of what the account receives.
    A salary account keeps most of its money for weeks; a mule keeps almost none.

    Score: the share of the account's incoming money that passed straight through.
    """

    NAME: ClassVar[str] = "pass_through-v1"

    def __init__(self, config: PassThroughConfig | None = None) -> None:
        self.config = config or PassThroughConfig()

    def detect(self, scan: Scan) -> list[Alert]:
        c = self.config
        pairs = scan.pairs(c.window, c.tolerance, c.min_amount)
        found = scan.rows(
            f"""WITH p AS (SELECT m, list(DISTINCT r1) AS ins, list(DISTINCT r2) AS outs,
                                 list(DISTINCT a) || list(DISTINCT b) AS others
                          FROM {pairs} GROUP BY m HAVING count(DISTINCT r1) >= {c.min_count}),
            matched AS (SELECT x.m, sum(tx.amt) AS through
                        FROM (SELECT m, unnest(ins) AS r FROM p) x JOIN tx ON tx.row = x.r
                        GROUP BY x.m),
            inflow AS (SELECT dst AS m, sum(amt) AS total FROM tx
                       WHERE dst IN (SELECT m FROM p) GROUP BY dst)
            SELECT p.*, matched.through, inflow.total FROM p JOIN matched USING (m)
            JOIN inflow USING (m) WHERE matched.through >= {c.min_share} * inflow.total
            ORDER BY p.m"""
        )
        alerts = []
        for row in found:
            share = row["through"] / row["total"]
            explanation = (
                f"{scan.name(row['m'])} paid on {len(row['ins'])} incoming payments "
                f"({row['through']:,.2f}) within {scan.days(c.window)} each, at about the "
                f"same amount: {share:.0%} of all the money it received."
            )
            accounts = [row["m"], *sorted(set(row["others"]) - {row["m"]})]
            rows = sorted(set(row["ins"]) | set(row["outs"]))
            alerts.append(Alert(self.NAME, accounts, rows, clamp(share), explanation))
        return alerts
