"""rapid_movement-v1: a new or long-dormant account that passes money straight on."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np

from moneytrail.flows.graph import FlowGraph
from moneytrail.typologies.base import Alert, Scan
from moneytrail.typologies.windows import strength

DAY = 86_400


@dataclass(frozen=True)
class RapidMovementConfig:
    """An account's first activity (later than ``hop_days`` after the data begin) or its
    first after at least ``dormant_days`` of silence (and at least ``dormant_ratio``
    times the data's median silence between two activities of one account), followed
    within ``hop_days`` by payments out (in the ``hop_days`` after that) of at least
    ``min_share`` of what came in; what
    came in is at least ``amount_ratio`` times the data's median payment."""

    hop_days: float = field(default=7.0, metadata={"doc": "how soon money must leave"})
    min_share: float = field(default=0.8, metadata={"doc": "share of the inflow paid out"})
    dormant_days: float = field(default=90.0, metadata={"doc": "silence that makes dormant"})
    dormant_ratio: float = field(default=10.0, metadata={"doc": "x the usual silence, too"})
    amount_ratio: float = field(default=2.0, metadata={"doc": "x the median payment, at least"})
    max_new_share: float = field(
        default=0.5, metadata={"doc": "newness counts only where fewer accounts are new"}
    )


class RapidMovement:
    """Rapid movement through a new or dormant account: an account that appears for
    the first time, or wakes after a long silence, receives money and pays nearly all of
    it on within days. Front companies and rented accounts are opened or revived for
    one movement; an ordinary new customer keeps a balance. Accounts present from the
    first days of the data are not called new: their history before it is unknown; and
    where more than ``max_new_share`` of all accounts appear after those first days,
    appearing is ordinary and only waking from dormancy counts.

    Score: the share paid on, times how far the inflow exceeds the minimum amount
    (1 - 2^-(inflow / (amount_ratio x median payment))).
    """

    NAME: ClassVar[str] = "rapid_movement-v1"
    Config: ClassVar[type[RapidMovementConfig]] = RapidMovementConfig

    def __init__(self, config: RapidMovementConfig | None = None) -> None:
        self.config = config or RapidMovementConfig()

    def detect(self, scan: Scan) -> list[Alert]:
        c, g = self.config, scan.graph
        if not g.n_edges:
            return []
        hop = round(c.hop_days * DAY)
        floor = c.amount_ratio * float(np.median(g.amount))
        books = scan.books()
        m, start, first = _wakings(g, hop, c)
        lo = np.searchsorted(g.t, start, side="left")
        received = books.received.total(m, lo, books.until(start + hop))
        paid = books.paid.total(m, lo, books.until(start + 2 * hop))
        hits = np.flatnonzero((received >= floor) & (paid >= c.min_share * received))
        alerts = []
        for i in hits.tolist():
            code, begin = int(m[i]), int(lo[i])
            ins = books.received.edges(code, begin, int(books.until(start[i : i + 1] + hop)[0]))
            outs = books.paid.edges(code, begin, int(books.until(start[i : i + 1] + 2 * hop)[0]))
            when, money = (int(start[i]), bool(first[i])), (float(received[i]), float(paid[i]))
            alerts.append(self._alert(scan, code, when, ins, outs, money, floor))
        return alerts

    def _alert(
        self,
        scan: Scan,
        m: int,
        when: tuple[int, bool],
        ins: np.ndarray,
        outs: np.ndarray,
        money: tuple[float, float],
        floor: float,
    ) -> Alert:
        g = scan.graph
        (start, first), (received, paid) = when, money
        state = "first appeared" if first else "woke after a long silence"
        explanation = (
            f"{scan.name(m)} {state} on {g.format_time(start)}, received "
            f"{scan.money(received)} in {len(ins)} payment(s) and paid out "
            f"{scan.money(paid)} ({min(paid / received, 9.99):.0%}) to "
            f"{len(np.unique(g.dst[outs]))} account(s) within "
            f"{scan.days(self.config.hop_days * DAY)}."
        )
        share = min(1.0, paid / received)
        score = round(share * strength(received, floor), 3)
        payers = sorted({int(x) for x in g.src[ins]})
        payees = sorted({int(x) for x in g.dst[outs]} - set(payers) - {m})
        rows = sorted({int(r) for r in ins} | {int(r) for r in outs})
        return Alert(self.NAME, [m, *payers, *payees], rows, score, explanation)


def _wakings(
    g: FlowGraph, hop: int, c: RapidMovementConfig
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Accounts, times and is-first-activity of each first activity after the data's
    first ``hop`` seconds and of each first activity after a long silence."""
    acct = np.concatenate([g.src, g.dst])
    t = np.concatenate([g.t, g.t])
    order = np.lexsort((t, acct))
    acct, t = acct[order], t[order]
    same = acct[1:] == acct[:-1]
    gaps = np.diff(t)[same]
    usual = float(np.median(gaps[gaps > 0])) if (gaps > 0).any() else float(DAY)
    dormant = max(c.dormant_days * DAY, c.dormant_ratio * usual)
    starts = np.concatenate([[True], ~same])
    new = starts & (t > int(g.t.min()) + hop)
    if new.sum() > c.max_new_share * starts.sum():
        new[:] = False  # accounts appear all the time here: being new says nothing
    woke = np.concatenate([[False], same & (np.diff(t) >= dormant)])
    pick = np.flatnonzero(new | woke)
    return acct[pick], t[pick], starts[pick]
