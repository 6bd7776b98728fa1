"""cycle-v1: money that comes back to where it started, hop by hop, in time order."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from moneytrail.typologies.base import Alert, Scan, WindowConfig, clamp


@dataclass(frozen=True)
class CycleConfig(WindowConfig):
    """Cycles of ``min_count`` to ``max_length`` hops completed within ``window_days``;
    each hop within ``hop_days`` of the previous one, passing on between
    ``1 - tolerance`` and 100 % of its amount; amounts below ``min_amount`` are ignored."""

    window_days: float = 30.0
    min_count: int = 3
    tolerance: float = 0.05
    max_length: int = 6
    hop_days: float = 2.0
    min_amount: float = 500.0


class Cycle:
    """Cycle (round-tripping): a chain of payments A -> B -> ... -> A with non-decreasing
    dates, each hop passing on what it received less at most ``tolerance`` (fees shave
    a little off; laundered money going round never grows) within ``hop_days``, the
    whole loop within ``window_days``.
    Accounts appear once per cycle. Two-party round trips (A -> B -> A) are left out by
    default (``min_count`` = 3 hops): between trading partners they are everyday
    invoices and refunds.

    Money that returns to its origin after a few hops has usually bought nothing; it
    disguises its origin or inflates turnover. Score: how much of the first amount came
    back, times a bonus for longer loops (harder to see by eye).
    """

    NAME: ClassVar[str] = "cycle-v1"

    def __init__(self, config: CycleConfig | None = None) -> None:
        self.config = config or CycleConfig()

    def detect(self, scan: Scan) -> list[Alert]:
        alerts = []
        for row in self._cycles(scan):
            kept = row["amt_last"] / row["amt_first"]
            length = len(row["rows"])
            names = " -> ".join(scan.name(c) for c in [*row["nodes"], row["nodes"][0]])
            explanation = (
                f"{row['amt_first']:,.2f} went round {names} in {length} payments over "
                f"{scan.days(row['t_last'] - row['t0'])}; {row['amt_last']:,.2f} "
                f"({kept:.0%}) came back."
            )
            score = clamp(min(kept, 1.0) * (0.7 + 0.1 * min(length, 5)))
            alerts.append(Alert(self.NAME, row["nodes"], row["rows"], score, explanation))
        return alerts

    def _cycles(self, scan: Scan) -> list[dict[str, Any]]:
        c = self.config
        pairs = scan.pairs(round(c.hop_days * 86_400), c.tolerance, c.min_amount)
        e = scan.engine
        e.execute(
            f"""CREATE OR REPLACE TEMP TABLE _chains AS
            SELECT a AS start, b AS cur, r2 AS last, t1 AS t0, t2 AS tl, amt1 AS a0,
                   amt2 AS al, [r1, r2] AS rows, [a, m] AS nodes FROM {pairs}
            WHERE amt2 <= amt1"""
        )
        found = []
        for length in range(2, c.max_length + 1):
            found.extend(
                scan.rows(
                    f"""SELECT rows, nodes, t0, tl AS t_last, a0 AS amt_first, al AS amt_last
                    FROM _chains WHERE cur = start AND len(rows) >= {c.min_count}"""
                )
            )
            if length == c.max_length:
                break
            e.execute(
                f"""CREATE OR REPLACE TEMP TABLE _chains AS
                SELECT ch.start, p.b AS cur, p.r2 AS last, ch.t0, p.t2 AS tl, ch.a0,
                       p.amt2 AS al, list_append(ch.rows, p.r2) AS rows,
                       list_append(ch.nodes, ch.cur) AS nodes
                FROM _chains ch JOIN {pairs} p ON p.r1 = ch.last
                WHERE ch.cur != ch.start AND NOT list_contains(ch.nodes, ch.cur)
                  AND p.t2 - ch.t0 <= {c.window} AND p.amt2 <= p.amt1"""
            )
        e.execute("DROP TABLE IF EXISTS _chains")
        unique: dict[tuple[int, ...], dict[str, Any]] = {}
        for row in found:
            unique.setdefault(tuple(sorted(row["rows"])), row)
        return list(unique.values())
