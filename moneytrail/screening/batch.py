"""Screen many records on every core, in input order, with progress.

Workers are forked after the index is built, so they share it copy-on-write instead
of each building (or unpickling) their own.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from collections.abc import Iterator, Sequence
from typing import Any

from moneytrail.screening.query import Query
from moneytrail.screening.screener import ScreenConfig, Screener
from moneytrail.screening.suppress import Decisions
from moneytrail.sources.base import Progress, no_progress

CHUNK = 256

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


def _work(chunk: Sequence[Query]) -> list[dict[str, Any]]:
    assert _WORKER is not None, "the pool initialiser sets the worker state"
    screener, config, decisions = _WORKER
    return [result_record(q, screener, config, decisions) for q in chunk]


def _chunks(queries: Sequence[Query]) -> Iterator[Sequence[Query]]:
    for start in range(0, len(queries), CHUNK):
        yield queries[start : start + CHUNK]


def screen_batch(
    queries: Sequence[Query],
    screener: Screener,
    config: ScreenConfig,
    decisions: Decisions | None = None,
    *,
    workers: int | None = None,
    progress: Progress = no_progress,
) -> Iterator[dict[str, Any]]:
    """Results in input order. ``workers=1`` stays in this process (for small inputs)."""
    global _WORKER
    decisions = decisions or Decisions.empty()
    workers = workers or os.cpu_count() or 1
    done = 0
    if workers <= 1 or len(queries) < 2 * CHUNK or "fork" not in mp.get_all_start_methods():
        for query in queries:
            yield result_record(query, screener, config, decisions)
            done += 1
            if done % CHUNK == 0:
                progress(done, len(queries))
        progress(done, len(queries))
        return
    _WORKER = (screener, config, decisions)
    ctx = mp.get_context("fork")
    try:
        with ctx.Pool(workers) as pool:
            for results in pool.imap(_work, _chunks(queries)):
                yield from results
                done += len(results)
                progress(done, len(queries))
    finally:
        _WORKER = None
