"""stack-v1: layered pass-through between groups of accounts (A-group -> B-group -> C-group)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from moneytrail.typologies._relay import relay_rows
from moneytrail.typologies.base import Alert, Scan, WindowConfig, clamp


@dataclass(frozen=True)
class StackConfig(WindowConfig):
    """A middle layer of at least ``min_count`` accounts that, within ``window_days``,
    all receive from the same set of at least ``min_group`` accounts and all pay the
    same set of at least ``min_group`` other accounts, each passing on its inflow
    within ``tolerance``."""

    window_days: float = 14.0
    min_count: int = 2
    tolerance: float = 0.1
    min_group: int = 2


class Stack:
    """Stack (layering between groups): money moves from one group of accounts to a
    second group and on to a third, each account of the middle group taking from the
    same payers and paying the same payees, and keeping nothing. Unrelated accounts
    almost never share exactly the same payers and payees in the same week.

    Score: grows with the size of the layers.
    """

    NAME: ClassVar[str] = "stack-v1"

    def __init__(self, config: StackConfig | None = None) -> None:
        self.config = config or StackConfig()

    def detect(self, scan: Scan) -> list[Alert]:
        c = self.config
        groups: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
        rows = relay_rows(scan, c.window, c.tolerance, c.min_group, c.min_group)
        for row in rows:
            key = (row["off"], row["bucket"], tuple(row["sources"]), tuple(row["targets"]))
            groups.setdefault(key, []).append(row)
        alerts: dict[tuple[int, ...], Alert] = {}
        for (_, _, sources, targets), members in groups.items():
            mids = sorted({r["m"] for r in members})
            if len(mids) < c.min_count or set(mids) & (set(sources) | set(targets)):
                continue
            total = sum(r["s_in"] for r in members)
            explanation = (
                f"{len(sources)} accounts paid {total:,.2f} to a layer of {len(mids)} "
                f"accounts ({', '.join(scan.name(m) for m in mids[:5])}) that paid it on to "
                f"the same {len(targets)} accounts within {scan.days(c.window)}."
            )
            accounts = [*mids, *sources, *targets]
            tx_rows = sorted({x for r in members for x in r["rows_in"] + r["rows_out"]})
            score = clamp((len(mids) + len(sources) + len(targets)) / (6 * c.min_group + 2))
            alerts.setdefault(tuple(sorted(accounts)), Alert(
                self.NAME, accounts, tx_rows, score, explanation))  # fmt: skip
        return list(alerts.values())
