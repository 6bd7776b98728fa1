"""Screening a file of records (``moneytrail screen``): check, index, screen, stream out.

The order is the contract's promise that nothing half-written reaches the output:
every record is checked against the work limits and validated (ids unique, dates
readable) before the lists are indexed, and results stream to the caller's sink as
they arrive, so a file of millions needs no more memory than a batch of workers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from moneytrail.engines.factory import EngineName

if TYPE_CHECKING:
    from moneytrail.limits import WorkLimits
    from moneytrail.screening import Decisions, ScreenConfig, Screener
    from moneytrail.screening.query import Query
    from moneytrail.sources.base import Progress
    from moneytrail.store import Store

ProgressBar = Callable[[str], AbstractContextManager["Progress"]]
StoreOpener = Callable[[], AbstractContextManager["Store"]]


class HeldWarnings(Protocol):
    """Warnings collected during validation and shown once it has passed."""

    def __call__(self, message: str) -> None: ...

    def close(self) -> None: ...


class ResultSink(Protocol):
    """Where results go: JSON lines the workers encoded, or records to render."""

    def line(self, text: str) -> None: ...

    def record(self, record: dict[str, Any]) -> None: ...


@dataclass(frozen=True)
class ScreenFileRequest:
    """What to screen and how; ``lists`` empty means the store's lists."""

    input_path: str
    config: ScreenConfig
    mapping: dict[str, str] = field(default_factory=dict)
    schema: str = "Person"
    lists: Sequence[Path] = ()
    decisions: Path | None = None
    workers: int | None = None
    engine: EngineName = EngineName.DUCKDB
    encoded: bool = True  # the sink takes lines the workers encoded (the fast JSONL path)


@dataclass(frozen=True)
class ScreenFileResult:
    records: int
    flagged: int
    entries: int


def screen_file(
    request: ScreenFileRequest,
    *,
    open_store: StoreOpener,
    limits: WorkLimits,
    warnings: HeldWarnings,
    progress: ProgressBar,
    sink: ResultSink,
) -> ScreenFileResult:
    """Screen every record of ``request.input_path`` ('-': JSONL on stdin) into ``sink``."""
    from moneytrail.screening import Decisions
    from moneytrail.screening.inputs import iter_queries, spool_stdin, validate_queries

    source, spooled = spool_stdin(request.input_path)
    try:
        label = "<stdin>" if spooled is not None else None
        check_limits(source, request.mapping, request.schema, label, limits)
        total = validate_queries(source, request.mapping, request.schema, label, warn=warnings)
        warnings.close()
        decided = Decisions.from_file(request.decisions) if request.decisions else Decisions.empty()
        screener = screener_for(request.lists, open_store, progress)
        queries = iter_queries(source, request.mapping, request.schema, label)
        with progress("screening") as bar:
            flagged = _run(request, queries, screener, decided, bar, total, sink)
    finally:
        if spooled is not None:
            spooled.unlink(missing_ok=True)
    return ScreenFileResult(records=total, flagged=flagged, entries=len(screener.index))


def check_limits(
    source: str, columns: dict[str, str], schema: str, label: str | None, limits: WorkLimits
) -> None:
    """Every record within the work limits (LimitExceeded names file, line, field, limit).

    Checked on the raw records, before any name is analysed: one over-long name would
    otherwise cost more than the rest of the file (moneytrail.limits says why).
    """
    from moneytrail.screening.inputs import raw_records

    name = label or source
    for line, record in raw_records(source, columns, schema, label):
        limits.check_record(record, file=name, line=line)


def screener_for(lists: Sequence[Path], open_store: StoreOpener, progress: ProgressBar) -> Screener:
    """The given list files indexed, or else the store's lists (their cached index)."""
    from moneytrail.screening import screener_from_sources, screener_from_store

    with progress("indexing lists") as bar:
        if lists:
            return screener_from_sources(lists, bar)
        with open_store() as store:
            return screener_from_store(store)


def _run(
    request: ScreenFileRequest,
    queries: Iterator[Query],
    screener: Screener,
    decided: Decisions,
    bar: Progress,
    total: int,
    sink: ResultSink,
) -> int:
    from moneytrail.screening import screen_batch, screen_lines

    run = (queries, screener, request.config, decided)
    flagged = 0
    if request.engine is EngineName.DUCKDB and request.encoded:
        for line, flag in screen_lines(*run, workers=request.workers, progress=bar, total=total):
            flagged += flag
            sink.line(line)
        return flagged
    records: Iterable[dict[str, Any]] = (
        screen_batch(*run, workers=request.workers, progress=bar, total=total)
        if request.engine is EngineName.DUCKDB
        else _on_spark(list(queries), screener, request.config, decided)
    )
    for record in records:
        flagged += any(m["match"] for m in record["matches"])
        sink.record(record)
    return flagged


def _on_spark(
    queries: Sequence[Query], screener: Screener, config: ScreenConfig, decided: Decisions
) -> Iterator[dict[str, Any]]:
    """Screen on Spark executors; the session ends when the last record is read."""
    from moneytrail.engines.spark import SparkEngine
    from moneytrail.screening.batch import screen_distributed

    backend = SparkEngine()
    try:
        yield from screen_distributed(queries, screener, config, backend, decided)
    finally:
        backend.close()
