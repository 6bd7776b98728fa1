"""fan_out-v1: one account pays many accounts similar amounts in a short window."""

from __future__ import annotations

from typing import ClassVar

from moneytrail.typologies._fan import FanConfig, fan_rows, fan_score
from moneytrail.typologies.base import Alert, Scan


class FanOut:
    """Fan-out (distribution): one account pays at least ``min_count`` different accounts
    amounts within ``tolerance`` of each other inside ``window_days``, and these payments
    are at least ``min_share`` of what it paid out in that window.

    Typical of placing funds with mules. Payroll also pays many accounts, but salaries
    differ from person to person, so the similar-amount share stays low.
    Score: half the similar-amount share, half how far the count exceeds the minimum.
    """

    NAME: ClassVar[str] = "fan_out-v1"

    def __init__(self, config: FanConfig | None = None) -> None:
        self.config = config or FanConfig()

    def detect(self, scan: Scan) -> list[Alert]:
        alerts = []
        for row in fan_rows(scan, self.config, "src", "dst"):
            explanation = (
                f"{scan.name(row['c'])} paid {len(row['rows'])} amounts of about "
                f"{row['med']:,.2f} (within {self.config.tolerance:.0%}) to {row['k_sim']} "
                f"different accounts within {scan.days(self.config.window)}; they are "
                f"{row['k_sim'] / row['n']:.0%} of its outgoing payments in that window."
            )
            accounts = [row["c"], *sorted(row["others"])]
            alerts.append(
                Alert(self.NAME, accounts, row["rows"], fan_score(row, self.config), explanation)
            )
        return alerts
