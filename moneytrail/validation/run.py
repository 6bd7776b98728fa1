"""One validation run: the pack, the sweep, the review sample, the gaps, the lists, the model.

The CLI reads the customer file and builds the screener; everything measured is done
here, on objects passed in, so a test (or another face) runs the same steps.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from moneytrail.screening import Screener
from moneytrail.screening.query import Query
from moneytrail.sources.base import Progress, no_progress
from moneytrail.validation.lists import ListState
from moneytrail.validation.model_doc import ModelDoc, model_doc
from moneytrail.validation.pack import Variation, generate_pack
from moneytrail.validation.quality import QualityReport
from moneytrail.validation.sweep import (
    SWEEP,
    BelowLine,
    PackResult,
    SweepRow,
    below_the_line,
    justification,
    recall,
    recall_by_kind,
    screen_customers,
    screen_pack,
    sweep,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Gap:
    """What a field missing from the customer file costs: the pack's recall with and
    without it (on the variations that have it), and that difference spread over the
    share of the file lacking it."""

    field: str
    missing: int
    of: int
    variations: int
    with_field: float
    without_field: float

    @property
    def share_missing(self) -> float:
        return self.missing / self.of if self.of else 0.0

    @property
    def recall_lost(self) -> float:
        """Recall the whole file loses to the gap (negative: the field costs recall)."""
        return self.share_missing * (self.with_field - self.without_field)


@dataclass(frozen=True, slots=True)
class Validation:
    created: str
    seed: int
    per_kind: int
    threshold: float
    customers: int
    list_entries: int
    pack: list[Variation]
    results: list[PackResult]
    by_kind: dict[str, tuple[int, float]]
    rows: list[SweepRow]
    justification: str
    below: list[BelowLine]
    quality: QualityReport
    gaps: list[Gap]
    lists: list[ListState]
    model: ModelDoc

    @property
    def recall(self) -> float:
        return recall(self.results, self.threshold)

    @property
    def at_threshold(self) -> SweepRow:
        return next(r for r in self.rows if r.threshold == self.threshold)


def validate(
    screener: Screener,
    queries: list[Query],
    quality: QualityReport,
    lists: list[ListState],
    *,
    seed: int,
    per_kind: int,
    threshold: float,
    workers: int | None = None,
    progress: Progress = no_progress,
    note: Callable[[str], None] = log.info,
) -> Validation:
    """Generate and screen the pack, screen the customers, and read the figures off."""
    pack = generate_pack(screener.index, seed=seed, per_kind=per_kind)
    note(f"variation pack: {len(pack):,} variations from {len(screener.index):,} list entries")
    results = screen_pack(pack, screener, workers=workers, progress=progress)
    note(f"screening {len(queries):,} customer record(s)")
    matches = screen_customers(queries, screener, workers=workers, progress=progress)
    rows = sweep(results, matches, len(queries), (*SWEEP, threshold))
    note("measuring what missing birth dates and countries cost")
    gaps = _gaps(pack, results, quality, screener, threshold, workers, progress)
    return Validation(
        created=datetime.now(UTC).isoformat(timespec="seconds"),
        seed=seed,
        per_kind=per_kind,
        threshold=threshold,
        customers=len(queries),
        list_entries=len(screener.index),
        pack=pack,
        results=results,
        by_kind=recall_by_kind(results, threshold),
        rows=rows,
        justification=justification(rows, threshold),
        below=below_the_line(results, matches, threshold, seed),
        quality=quality,
        gaps=gaps,
        lists=lists,
        model=model_doc(),
    )


def _gaps(
    pack: list[Variation],
    results: list[PackResult],
    quality: QualityReport,
    screener: Screener,
    threshold: float,
    workers: int | None,
    progress: Progress,
) -> list[Gap]:
    """Screen again without birth dates, then without countries, the variations that have them."""
    full = {r.variation.id: r for r in results}
    out = []
    specs = (
        ("birth date (persons)", quality.missing_birth_date, quality.persons, "birth_dates"),
        (
            "nationality / country",
            quality.missing_nationality + quality.missing_country,
            quality.records - len(quality.rejected) - len(quality.duplicate_ids),
            "countries",
        ),
    )
    for label, missing, of, attr in specs:
        subset = [v for v in pack if getattr(v, attr)]
        if not subset:
            continue
        without = screen_pack(
            subset,
            screener,
            birth_dates=attr != "birth_dates",
            countries=attr != "countries",
            workers=workers,
            progress=progress,
        )
        out.append(
            Gap(
                field=label,
                missing=missing,
                of=of,
                variations=len(subset),
                with_field=recall([full[v.id] for v in subset], threshold),
                without_field=recall(without, threshold),
            )
        )
    return out


def audit_payload(v: Validation, source: str, written: dict[str, Path]) -> dict[str, Any]:
    """What the audit line keeps: enough to say which pack was made from what, and to
    check later that the files are the ones made (their SHA-256)."""
    return {
        "algorithm": v.model.algorithm,
        "customers": source,
        "customers_sha256": _sha256(Path(source)) if Path(source).is_file() else None,
        "records": v.customers,
        "seed": v.seed,
        "per_kind": v.per_kind,
        "threshold": v.threshold,
        "variations": len(v.results),
        "recall": round(v.recall, 4),
        "alerts_per_10k": round(v.at_threshold.alerts_per_10k, 1),
        "lists": {f"{s.dataset}@{s.version}": s.digest for s in v.lists},
        "files": {name: _sha256(path) for name, path in written.items()},
    }


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
