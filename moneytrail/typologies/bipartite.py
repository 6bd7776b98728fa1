"""bipartite-v1: a group of accounts all paying the same group of accounts similar amounts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from moneytrail.typologies.base import Alert, Scan, WindowConfig, clamp, offsets


@dataclass(frozen=True)
class BipartiteConfig(WindowConfig):
    """At least ``min_count`` payers that, within ``window_days``, each pay exactly the
    same set of at least ``min_targets`` payees, every amount within ``tolerance`` of
    the others (measured as max <= min * (1 + 2 * tolerance))."""

    window_days: float = 7.0
    min_count: int = 2
    tolerance: float = 0.1
    min_targets: int = 3


class Bipartite:
    """Bipartite (many-to-many): several accounts each pay every account of another
    group, in near-identical amounts, in the same few days. Coordinated senders with a
    shared list of receivers; independent customers of the same shops pay different
    amounts and rarely the exact same set of payees.

    Score: grows with the number of payers and payees.
    """

    NAME: ClassVar[str] = "bipartite-v1"

    def __init__(self, config: BipartiteConfig | None = None) -> None:
        self.config = config or BipartiteConfig()

    def detect(self, scan: Scan) -> list[Alert]:
        c = self.config
        spread = 1 + 2 * c.tolerance
        found = scan.rows(
            f"""WITH b AS (SELECT row, src, dst, amt, off, (t + off) // {c.window} AS bucket
                          FROM tx, {offsets(c.window)}),
            g AS (SELECT src, off, bucket FROM b GROUP BY ALL
                  HAVING count(DISTINCT dst) >= {c.min_targets}
                     AND max(amt) <= min(amt) * {spread}),
            s AS (SELECT b.src, b.off, b.bucket, list_sort(list(DISTINCT b.dst)) AS sig,
                         list(b.row) AS rows, min(b.amt) AS lo, max(b.amt) AS hi
                  FROM b SEMI JOIN g ON b.src = g.src AND b.off = g.off AND b.bucket = g.bucket
                  GROUP BY ALL)
            SELECT sig, list_sort(list(src)) AS sources, flatten(list(rows)) AS rows,
                   min(lo) AS lo, max(hi) AS hi
            FROM s GROUP BY off, bucket, sig
            HAVING count(*) >= {c.min_count} AND max(hi) <= min(lo) * {spread}
            ORDER BY sources, sig"""
        )
        alerts: dict[tuple[int, ...], Alert] = {}
        for row in found:
            sources, targets = row["sources"], row["sig"]
            if set(sources) & set(targets):
                continue
            explanation = (
                f"{len(sources)} accounts each paid the same {len(targets)} accounts "
                f"amounts between {row['lo']:,.2f} and {row['hi']:,.2f} within "
                f"{scan.days(c.window)}."
            )
            score = clamp((len(sources) + len(targets)) / (2 * (c.min_count + c.min_targets)))
            accounts = [*sources, *targets]
            key = tuple(sorted(accounts))
            alerts.setdefault(
                key, Alert(self.NAME, accounts, sorted(row["rows"]), score, explanation)
            )
        return list(alerts.values())
