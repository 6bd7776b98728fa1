"""pass_through-v2: money arriving on unusual relationships and leaving almost at once."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np

from moneytrail.typologies._through import Books
from moneytrail.typologies.base import Alert, Scan
from moneytrail.typologies.unusual import EdgeConfig
from moneytrail.typologies.windows import groups, strength


@dataclass(frozen=True)
class PassThroughConfig(EdgeConfig):
    """At least ``min_count`` payments received on unusual relationships of which at
    least ``min_share`` each left the account within ``hop_days``, together at least
    ``min_share`` of what those relationships brought in."""

    min_count: int = field(default=2, metadata={"doc": "fewest payments passed on"})
    min_share: float = field(default=0.8, metadata={"doc": "share of each payment passed on"})
    hop_days: float = field(default=7.0, metadata={"doc": "how soon money must leave"})


class PassThrough:
    """Pass-through (mule or funnel account): money that reaches the account on a
    relationship unusual in the data (a payer it does not otherwise deal with, or a
    burst) is paid out again, nearly in full, within days, again and again. A salary
    account keeps its pay for weeks and is paid by the same employer every month; a
    mule keeps almost nothing of money from strangers.

    Named accounts: the account, its payers and the payees it paid on unusual
    relationships. Score: the share passed on, times 1 - 2^-(payments / min_count).
    """

    NAME: ClassVar[str] = "pass_through-v2"
    Config: ClassVar[type[PassThroughConfig]] = PassThroughConfig

    def __init__(self, config: PassThroughConfig | None = None) -> None:
        self.config = config or PassThroughConfig()

    def detect(self, scan: Scan) -> list[Alert]:
        c = self.config
        u = scan.unusual(c)
        hop = round(c.hop_days * 86_400)
        books = scan.books()
        passed = books.passed_on(u.row, hop)
        good = (passed > 0) & (passed >= c.min_share * u.amt)
        n = scan.graph.n_accounts
        count = np.bincount(u.dst, weights=good, minlength=n)
        through = np.bincount(u.dst, weights=passed, minlength=n)
        arrived = np.bincount(u.dst, weights=u.amt, minlength=n)
        chosen_accounts = (count >= c.min_count) & (through >= c.min_share * arrived)
        keep = chosen_accounts[u.dst] & good
        unusual = np.zeros(scan.graph.n_edges, dtype=bool)
        unusual[u.row] = True
        alerts = []
        for m, idx in groups(u.dst[keep]):
            chosen = np.flatnonzero(keep)[idx]
            alerts.append(self._alert(scan, books, m, u.row[chosen], passed[chosen], unusual))
        return alerts

    def _alert(
        self,
        scan: Scan,
        books: Books,
        m: int,
        ins: np.ndarray,
        passed: np.ndarray,
        unusual: np.ndarray,
    ) -> Alert:
        g = scan.graph
        hop = round(self.config.hop_days * 86_400)
        out_edges = np.unique(np.concatenate([books.outgoing_after(int(e), hop) for e in ins]))
        received = float(g.amount[ins].sum())
        share = float(passed.sum()) / received if received else 0.0
        explanation = (
            f"{scan.name(m)} received {len(ins)} payments ({scan.money(received)}) from "
            f"accounts it does not otherwise deal with and paid on {share:.0%} of them within "
            f"{scan.days(hop)} each, between {g.format_time(int(g.t[ins].min()))} and "
            f"{g.format_time(int(g.t[out_edges].max()))}."
        )
        payers = sorted({int(x) for x in g.src[ins]})
        # Only payees on unusual relationships are named: the others are the account's
        # ordinary dealings, which the money may have reached but which prove nothing.
        payees = sorted({int(x) for x in g.dst[out_edges[unusual[out_edges]]]} - set(payers) - {m})
        score = round(min(1.0, share) * strength(len(ins), self.config.min_count), 3)
        rows = sorted({int(r) for r in ins} | {int(r) for r in out_edges})
        return Alert(self.NAME, [m, *payers, *payees], rows, score, explanation)
