"""fan_in-v1: many accounts pay one account similar amounts in a short window."""

from __future__ import annotations

from typing import ClassVar

from moneytrail.typologies._fan import FanConfig, fan_rows, fan_score
from moneytrail.typologies.base import Alert, Scan


class FanIn:
    """Fan-in (collection): at least ``min_count`` different accounts each pay one account
    amounts within ``tolerance`` of each other inside ``window_days``, and these payments
    are at least ``min_share`` of what the account received in that window.

    Typical of smurfs feeding a collection account. Shops and payroll receive from many
    payers too, but in amounts that vary, so the similar-amount share stays low.
    Score: half the similar-amount share, half how far the count exceeds the minimum.
    """

    NAME: ClassVar[str] = "fan_in-v1"

    def __init__(self, config: FanConfig | None = None) -> None:
        self.config = config or FanConfig()

    def detect(self, scan: Scan) -> list[Alert]:
        alerts = []
        for row in fan_rows(scan, self.config, "dst", "src"):
            explanation = (
                f"{scan.name(row['c'])} received {len(row['rows'])} payments of about "
                f"{row['med']:,.2f} (within {self.config.tolerance:.0%}) from {row['k_sim']} "
                f"different accounts within {scan.days(self.config.window)}; they are "
                f"{row['k_sim'] / row['n']:.0%} of its incoming payments in that window."
            )
            accounts = [row["c"], *sorted(row["others"])]
            alerts.append(
                Alert(self.NAME, accounts, row["rows"], fan_score(row, self.config), explanation)
            )
        return alerts
