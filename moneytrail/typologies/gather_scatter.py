"""gather_scatter-v1: one account collects from many and soon pays out to many."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from moneytrail.typologies._relay import relay_rows
from moneytrail.typologies.base import Alert, Scan, WindowConfig, clamp


@dataclass(frozen=True)
class GatherScatterConfig(WindowConfig):
    """At least ``min_count`` distinct payers and ``min_count`` distinct payees within
    ``window_days``, money out within ``tolerance`` of money in, paid out after it came in,
    and the window's inflow at least ``min_share`` of all the account ever received."""

    window_days: float = 14.0
    min_count: int = 5
    tolerance: float = 0.1
    min_share: float = 0.5


class GatherScatter:
    """Gather-scatter (hub): an account receives from many accounts and, shortly after,
    pays nearly the same total out to many other accounts, keeping almost nothing.
    Shops collect from many but pay few suppliers; employers pay many but are paid by
    few clients; a hub does both, balances to zero, and does it in a burst that
    dwarfs the rest of the account's history (a trading firm doing the same all year
    long does not alert).

    Score: how closely the outflow matches the inflow, and how many parties are involved.
    """

    NAME: ClassVar[str] = "gather_scatter-v1"

    def __init__(self, config: GatherScatterConfig | None = None) -> None:
        self.config = config or GatherScatterConfig()

    def detect(self, scan: Scan) -> list[Alert]:
        c = self.config
        best: dict[int, Alert] = {}
        for row in relay_rows(scan, c.window, c.tolerance, c.min_count, c.min_count):
            if row["m"] in best or row["s_in"] < c.min_share * row["all_in"]:
                continue
            n_in, n_out = len(row["sources"]), len(row["targets"])
            balance = 1 - abs(row["s_out"] - row["s_in"]) / row["s_in"]
            explanation = (
                f"{scan.name(row['m'])} received {row['s_in']:,.2f} from {n_in} accounts and "
                f"paid out {row['s_out']:,.2f} ({row['s_out'] / row['s_in']:.0%}) to {n_out} "
                f"other accounts within {scan.days(c.window)}."
            )
            score = clamp(0.5 * balance + 0.5 * min(1.0, (n_in + n_out) / (4 * c.min_count)))
            accounts = [row["m"], *row["sources"], *row["targets"]]
            rows = sorted(row["rows_in"] + row["rows_out"])
            best[row["m"]] = Alert(self.NAME, accounts, rows, score, explanation)
        return list(best.values())
