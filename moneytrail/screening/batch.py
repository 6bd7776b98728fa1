"""Screen many records on every core, in input order, with progress.

Workers are forked after the index is built, so they share it copy-on-write instead
of each building (or unpickling) their own. On a cluster (``screen_distributed``)
the index is broadcast: each executor receives it once and builds one Screener.
"""

from __future__ import annotations

import gc
import json
import multiprocessing as mp
import os
import pickle
from collections.abc import Callable, Iterable, Iterator, Sequence, Sized
from itertools import islice
from typing import Any, Protocol, TypeVar

import numpy as np
import pyarrow as pa

from moneytrail.screening.index import ListIndex
from moneytrail.screening.query import Query
from moneytrail.screening.screener import ScreenConfig, Screener
from moneytrail.screening.suppress import Decisions
from moneytrail.sources.base import Progress, no_progress

CHUNK = 256
T = TypeVar("T")

_WORKER: tuple[Screener, ScreenConfig, Decisions] | None = None


def result_record(
    query: Query, screener: Screener, config: ScreenConfig, decisions: Decisions
) -> dict[str, Any]:
    """The output line of one query: ``{"id", "matches": [...]}``."""
    matches = [
        m
        for m in screener.screen(query, config)
        if not decisions.suppresses(query.id, m.entry.id, m.entry.digest)
    ]
    return {"id": query.id, "matches": [m.as_record(config.threshold) for m in matches]}


def result_line(
    query: Query, screener: Screener, config: ScreenConfig, decisions: Decisions
) -> tuple[str, bool]:
    """The output line (JSON, no newline) and whether any match reaches the threshold."""
    record = result_record(query, screener, config, decisions)
    return json.dumps(record, ensure_ascii=False), any(m["match"] for m in record["matches"])


def _work(chunk: Sequence[Query]) -> list[dict[str, Any]]:
    assert _WORKER is not None, "the pool initialiser sets the worker state"
    screener, config, decisions = _WORKER
    return [result_record(q, screener, config, decisions) for q in chunk]


def _work_lines(chunk: Sequence[Query]) -> list[tuple[str, bool]]:
    assert _WORKER is not None, "the pool initialiser sets the worker state"
    screener, config, decisions = _WORKER
    return [result_line(q, screener, config, decisions) for q in chunk]


def _chunks(queries: Iterable[Query]) -> Iterator[list[Query]]:
    """Fixed-size chunks of a stream: only a few chunks are ever held at once."""
    it = iter(queries)
    while chunk := list(islice(it, CHUNK)):
        yield chunk


def screen_lines(
    queries: Iterable[Query],
    screener: Screener,
    config: ScreenConfig,
    decisions: Decisions | None = None,
    *,
    workers: int | None = None,
    progress: Progress = no_progress,
    total: int | None = None,
) -> Iterator[tuple[str, bool]]:
    """As ``screen_batch``, but each result already encoded as its JSONL line (with a
    flag: any match at the threshold). The workers encode, so the process writing the
    output does not spend a core's worth of time on dictionaries and JSON."""
    return _run(queries, screener, config, decisions, workers, progress, total, result_line)


def screen_batch(
    queries: Iterable[Query],
    screener: Screener,
    config: ScreenConfig,
    decisions: Decisions | None = None,
    *,
    workers: int | None = None,
    progress: Progress = no_progress,
    total: int | None = None,
) -> Iterator[dict[str, Any]]:
    """Results in input order, streamed: a million records never sit in memory at once.

    ``total`` (the record count, when ``queries`` is a stream) feeds the progress bar;
    ``workers=1`` stays in this process (small inputs are not worth forking for).
    """
    return _run(queries, screener, config, decisions, workers, progress, total, result_record)


def _run(
    queries: Iterable[Query],
    screener: Screener,
    config: ScreenConfig,
    decisions: Decisions | None,
    workers: int | None,
    progress: Progress,
    total: int | None,
    one: Callable[[Query, Screener, ScreenConfig, Decisions], T],
) -> Iterator[T]:
    global _WORKER
    decisions = decisions or Decisions.empty()
    workers = workers or os.cpu_count() or 1
    if total is None and isinstance(queries, Sized):
        total = len(queries)
    small = total is not None and total < 2 * CHUNK
    done = 0
    if workers <= 1 or small or "fork" not in mp.get_all_start_methods():
        for query in queries:
            yield one(query, screener, config, decisions)
            done += 1
            if done % CHUNK == 0:
                progress(done, total)
        progress(done, total)
        return
    work: Callable[[Sequence[Query]], list[T]] = _WORK[one]
    _WORKER = (screener, config, decisions)
    gc.freeze()  # the index stays shared with the workers instead of being copied on write
    ctx = mp.get_context("fork")
    try:
        with ctx.Pool(workers) as pool:
            for results in pool.imap(work, _chunks(queries)):
                yield from results
                done += len(results)
                progress(done, total)
    finally:
        _WORKER = None
        gc.unfreeze()


# The function a pool worker runs for each way of encoding one result (picklable by name).
_WORK: dict[Callable[..., Any], Callable[[Sequence[Query]], list[Any]]] = {
    result_record: _work,
    result_line: _work_lines,
}


class ArrowMapper(Protocol):
    """An engine that runs a Python function over Arrow batches where the data is
    (``SparkEngine.map_arrow``), with one shared value shipped once per executor."""

    def map_arrow(
        self,
        table: pa.Table,
        fn: Callable[[pa.RecordBatch, Any], pa.RecordBatch],
        schema: str,
        shared: Any,
        partitions: int | None = None,
    ) -> pa.Table: ...


_EXECUTOR: tuple[ListIndex, Screener] | None = None


def _executor_screener(index: ListIndex) -> Screener:
    """One Screener per executor process and index, so its token-weight cache is reused
    across batches instead of rebuilt for each."""
    global _EXECUTOR
    if _EXECUTOR is None or _EXECUTOR[0] is not index:
        _EXECUTOR = (index, Screener(index))
    return _EXECUTOR[1]


def _screen_arrow(
    batch: pa.RecordBatch, shared: tuple[ListIndex, ScreenConfig, Decisions]
) -> pa.RecordBatch:
    index, config, decisions = shared
    screener = _executor_screener(index)
    queries = [pickle.loads(b) for b in batch.column("query").to_pylist()]
    results = [json.dumps(result_record(q, screener, config, decisions)) for q in queries]
    return pa.record_batch({"i": batch.column("i"), "result": pa.array(results, pa.string())})


def screen_distributed(
    queries: Sequence[Query],
    screener: Screener,
    config: ScreenConfig,
    engine: ArrowMapper,
    decisions: Decisions | None = None,
) -> Iterator[dict[str, Any]]:
    """Results in input order, screened on the engine's executors.

    Records travel as pickles in an Arrow column and come back as the same JSON the
    local runner writes (floats round-trip exactly), so results equal ``screen_batch``.
    """
    table = pa.table(
        {
            "i": pa.array(np.arange(len(queries), dtype=np.int64)),
            "query": pa.array([pickle.dumps(q) for q in queries], pa.binary()),
        }
    )
    shared = (screener.index, config, decisions or Decisions.empty())
    out = engine.map_arrow(table, _screen_arrow, "i BIGINT, result STRING", shared)
    for text in out.sort_by("i").column("result").to_pylist():
        yield json.loads(text)
