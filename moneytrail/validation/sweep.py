"""Screen the pack and the customer file once each; read every threshold off the scores.

Both are screened with the same batch runner ``moneytrail screen`` uses, at the lowest
threshold swept, keeping each score: recall and alert counts at any higher threshold
follow from the scores without screening again, so the sweep is monotone by
construction (a higher threshold never finds more) and costs one run, not ten.
Scores are compared as printed (four decimals), as a reviewer reading the output would.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from moneytrail.screening import ScreenConfig, Screener, screen_batch
from moneytrail.screening.query import Query
from moneytrail.sources.base import Progress, no_progress
from moneytrail.validation.pack import KINDS, Variation, held_out

SWEEP = tuple(round(0.50 + 0.05 * i, 2) for i in range(10))  # 0.50 .. 0.95
FLOOR = SWEEP[0]
PACK_LIMIT = 10  # matches kept per variation: the expected entry may rank below others
CUSTOMER_LIMIT = 5
BELOW_MARGIN = 0.10  # "just under": within this of the threshold
BELOW_MAX = 100  # rows in the review form; more are sampled with the seed


@dataclass(frozen=True, slots=True)
class PackResult:
    """The expected entry's score for one variation (0.0 when it was not among the matches)."""

    variation: Variation
    score: float
    top_id: str | None
    top_caption: str | None
    list_name: str | None = None  # the expected entry's name the score rests on

    def found(self, threshold: float) -> bool:
        return self.score >= threshold


@dataclass(frozen=True, slots=True)
class CustomerMatch:
    customer_id: str
    customer_name: str
    entry_id: str
    caption: str
    list_name: str
    score: float


@dataclass(frozen=True, slots=True)
class SweepRow:
    threshold: float
    recall: float
    alerts: int
    alerts_per_10k: float


@dataclass(frozen=True, slots=True)
class BelowLine:
    """One pair for a person to review: could it be a match the threshold lets through?"""

    origin: str  # "customer" or "variation: <kind>"
    query_id: str
    query_name: str
    entry_id: str
    list_name: str
    score: float


def screen_pack(
    pack: list[Variation],
    screener: Screener,
    *,
    birth_dates: bool = True,
    countries: bool = True,
    workers: int | None = None,
    progress: Progress = no_progress,
) -> list[PackResult]:
    """Screen every variation with its held-out names removed from the index."""
    queries = [
        Query.from_record(v.record(birth_dates=birth_dates, countries=countries)) for v in pack
    ]
    config = ScreenConfig(limit=PACK_LIMIT, cutoff=FLOOR, threshold=FLOOR)
    with held_out(screener.index, pack):
        records = list(screen_batch(queries, screener, config, workers=workers, progress=progress))
    return [_pack_result(v, r) for v, r in zip(pack, records, strict=True)]


def _pack_result(variation: Variation, record: dict[str, Any]) -> PackResult:
    matches = record["matches"]
    mine = [m for m in matches if m["id"] == variation.entry_id]
    top = matches[0] if matches else None
    return PackResult(
        variation,
        float(mine[0]["score"]) if mine else 0.0,
        top["id"] if top else None,
        top["caption"] if top else None,
        mine[0]["explanation"]["name"]["list"] if mine else None,
    )


def screen_customers(
    queries: Sequence[Query],
    screener: Screener,
    *,
    workers: int | None = None,
    progress: Progress = no_progress,
) -> list[CustomerMatch]:
    """Every customer match at or above the lowest threshold swept."""
    config = ScreenConfig(limit=CUSTOMER_LIMIT, cutoff=FLOOR, threshold=FLOOR)
    out: list[CustomerMatch] = []
    records = screen_batch(queries, screener, config, workers=workers, progress=progress)
    for query, record in zip(queries, records, strict=True):
        for m in record["matches"]:
            name = m["explanation"]["name"]
            out.append(
                CustomerMatch(
                    query.id, name["query"], m["id"], m["caption"], name["list"], m["score"]
                )
            )
    return out


def recall(results: Iterable[PackResult], threshold: float) -> float:
    found = [r.found(threshold) for r in results]
    return sum(found) / len(found) if found else 0.0


def recall_by_kind(results: list[PackResult], threshold: float) -> dict[str, tuple[int, float]]:
    """Kind -> (variations, recall) in KINDS order; kinds the lists gave none of are left out."""
    by_kind: dict[str, list[PackResult]] = defaultdict(list)
    for r in results:
        by_kind[r.variation.kind].append(r)
    return {k: (len(by_kind[k]), recall(by_kind[k], threshold)) for k in KINDS if by_kind[k]}


def sweep(
    results: list[PackResult],
    matches: list[CustomerMatch],
    customers: int,
    thresholds: Iterable[float] = SWEEP,
) -> list[SweepRow]:
    """Recall on the pack and customers alerted, per threshold (ascending)."""
    best: dict[str, float] = {}
    for m in matches:
        best[m.customer_id] = max(best.get(m.customer_id, 0.0), m.score)
    rows = []
    for t in sorted(set(thresholds)):
        alerts = sum(1 for s in best.values() if s >= t)
        per_10k = 10_000 * alerts / customers if customers else 0.0
        rows.append(SweepRow(t, recall(results, t), alerts, per_10k))
    return rows


def justification(rows: list[SweepRow], threshold: float) -> str:
    """Why this threshold: what a step down or up would gain and cost, in the sweep's terms."""
    at = next(r for r in rows if r.threshold == threshold)
    text = [
        f"At {threshold:.2f} the pack's recall is {at.recall:.1%} with "
        f"{at.alerts_per_10k:,.0f} alerts per 10,000 customers."
    ]
    lower = [r for r in rows if r.threshold < threshold]
    higher = [r for r in rows if r.threshold > threshold]
    if lower:
        r = lower[-1]
        text.append(
            f"Lowering it to {r.threshold:.2f} would find {r.recall - at.recall:+.1%} of the "
            f"pack for {r.alerts_per_10k - at.alerts_per_10k:+,.0f} alerts per 10,000."
        )
    if higher:
        r = higher[0]
        text.append(
            f"Raising it to {r.threshold:.2f} would change recall by "
            f"{r.recall - at.recall:+.1%} and alerts by "
            f"{r.alerts_per_10k - at.alerts_per_10k:+,.0f} per 10,000."
        )
    return " ".join(text)


def below_the_line(
    results: list[PackResult],
    matches: list[CustomerMatch],
    threshold: float,
    seed: int,
    limit: int = BELOW_MAX,
) -> list[BelowLine]:
    """Pairs scoring within BELOW_MARGIN under the threshold: customers' first, then the pack's.

    More than ``limit`` are sampled with the seed (customers' pairs are kept before the
    pack's), and the form lists them best score first.
    """
    low = threshold - BELOW_MARGIN - 1e-9
    customer = [
        BelowLine("customer", m.customer_id, m.customer_name, m.entry_id, m.list_name, m.score)
        for m in matches
        if low <= m.score < threshold
    ]
    pack = [
        BelowLine(
            f"variation: {r.variation.kind}",
            r.variation.id,
            r.variation.variant,
            r.variation.entry_id,
            r.list_name or r.variation.source,
            r.score,
        )
        for r in results
        if low <= r.score < threshold
    ]
    rng = random.Random(f"{seed}:below")
    chosen = _sample(customer, limit, rng)
    chosen += _sample(pack, limit - len(chosen), rng)
    return sorted(chosen, key=lambda b: (-b.score, b.origin, b.query_id, b.entry_id))


def _sample(rows: list[BelowLine], limit: int, rng: random.Random) -> list[BelowLine]:
    if len(rows) <= limit:
        return rows
    return rng.sample(rows, max(0, limit))
