"""scatter_gather-v2: one account splits money over intermediaries that all pay one account."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np

from moneytrail.typologies.base import Alert, Scan
from moneytrail.typologies.unusual import EdgeConfig
from moneytrail.typologies.windows import maximal, strength, window_groups


@dataclass(frozen=True)
class ScatterGatherConfig(EdgeConfig):
    """At least ``min_count`` intermediaries that, within one window of
    ``scales_days`` (empty: chosen from the data), are paid by one account and later
    pay one other account, every payment on an unusual relationship."""

    min_count: int = field(default=3, metadata={"doc": "fewest intermediaries"})
    max_fan: int = field(
        default=200, metadata={"doc": "an intermediary with more payers or payees is a hub"}
    )
    scales_days: tuple[float, ...] = field(
        default=(), metadata={"doc": "window lengths in days; empty: 7 to 365 within the span"}
    )


class ScatterGather:
    """Scatter-gather: account A pays several intermediaries and each of them, after
    being paid, pays one account B (A and B distinct), all on relationships unusual in
    the data and inside one window (a week to a year). The split breaks one large
    movement into small ones that look unrelated, then reassembles it. Amounts need not
    match: intermediaries skim fees and mix in other money.

    Score: 1 - 2^-(intermediaries / min_count).
    """

    NAME: ClassVar[str] = "scatter_gather-v2"
    Config: ClassVar[type[ScatterGatherConfig]] = ScatterGatherConfig

    def __init__(self, config: ScatterGatherConfig | None = None) -> None:
        self.config = config or ScatterGatherConfig()

    def detect(self, scan: Scan) -> list[Alert]:
        c = self.config
        u = scan.unusual(c)
        found: dict[frozenset[int], tuple[int, np.ndarray]] = {}
        for scale, idx in window_groups(u.t, scan.scales(c.scales_days), 2 * c.min_count):
            for a, b, between, path in _splits(u.src, u.dst, u.t, idx, c):
                found.setdefault(frozenset([a, b, *between]), (scale, np.asarray(path)))
        alerts = []
        for accounts, scale, edges in maximal(found):
            first, last = int(u.src[edges[0]]), int(u.dst[edges[-1]])
            mids = sorted(accounts - {first, last})
            explanation = (
                f"{scan.name(first)} paid {len(mids)} intermediaries, each of which then paid "
                f"{scan.name(last)}: {len(edges)} payments "
                f"({scan.money(float(u.amt[edges].sum()))}) "
                f"{scan.period(u.t[edges])}, each on a relationship "
                f"unusual in this data (window {scan.days(scale)})."
            )
            score = strength(len(mids), c.min_count)
            rows = u.rows(edges)
            alerts.append(Alert(self.NAME, [first, *mids, last], rows, score, explanation))
        return alerts


def _splits(
    src: np.ndarray, dst: np.ndarray, t: np.ndarray, idx: np.ndarray, c: ScatterGatherConfig
) -> list[tuple[int, int, list[int], list[int]]]:
    """(A, B, intermediaries, edges A->m then m->B) with enough intermediaries; the
    edge list starts with an A->m edge and ends with an m->B edge."""
    ins: dict[int, list[int]] = defaultdict(list)
    outs: dict[int, list[int]] = defaultdict(list)
    for i in idx.tolist():
        outs[int(src[i])].append(i)
        ins[int(dst[i])].append(i)
    via: dict[tuple[int, int], dict[int, list[int]]] = defaultdict(dict)
    for m, incoming in ins.items():
        outgoing = outs.get(m)
        if not outgoing or len(incoming) > c.max_fan or len(outgoing) > c.max_fan:
            continue
        for i in incoming:
            for o in outgoing:
                a, b = int(src[i]), int(dst[o])
                if a != b and a != m and t[o] >= t[i]:
                    via[(a, b)].setdefault(m, []).extend((i, o))
    out = []
    for (a, b), by_mid in via.items():
        if len(by_mid) >= c.min_count:
            edges = sorted({e for es in by_mid.values() for e in es})
            first = [e for e in edges if int(src[e]) == a]
            last = [e for e in edges if int(dst[e]) == b]
            rest = [e for e in edges if e not in (first[0], last[-1])]
            out.append((a, b, sorted(by_mid), [first[0], *rest, last[-1]]))
    return out
