"""Which designated accounts each reached account's money came from (or went to).

Exposure names, for every exposed account, every designated account from which
(forward) or to which (backward) a time-respecting chain of at most N hops exists.
That is reachability with the trace's own definition (``trace.search``), asked once
per designated account.

Embedded, it is one in-memory ``search`` per designated account. On an engine it is
one search for all of them at once: the state is (origin, account, earliest
arrival), and layer ``h`` relaxes the transactions leaving the pairs whose arrival
improved in layer ``h - 1``, at or after that arrival, keeping per pair the earliest
arrival that improves on the previous layer. That is ``search`` run side by side for
every origin, so both give the same sets; only the final (origin, account) pairs
come back to the driver, never a matrix of every origin by every account.

The SQL is the common part of DuckDB and Spark SQL (joins, ``MIN`` ... ``GROUP BY``,
``UNION ALL``), and each layer is materialised (on Spark: checkpointed), so the plan
never grows with the number of hops.
"""

from __future__ import annotations

import uuid

import numpy as np
import pyarrow as pa

from moneytrail.engines.base import Engine
from moneytrail.flows.trace import ALWAYS, Frame, search

Origins = dict[int, list[int]]  # account code -> positions (in ``seeds``) of the origins


def origins(frame: Frame, seeds: np.ndarray, n: int, hops: int, engine: Engine | None) -> Origins:
    """Per account code reached from some seed within ``hops``: the seeds that reach it.

    Positions come in increasing order; a seed is never listed for itself.
    """
    if engine is None:
        return _embedded(frame, seeds, n, hops)
    return _on_engine(engine, frame, seeds, hops)


def _embedded(frame: Frame, seeds: np.ndarray, n: int, hops: int) -> Origins:
    """One trace search per seed, in memory."""
    out: Origins = {}
    for j, seed in enumerate(seeds.tolist()):
        layers = search(frame, np.asarray([seed], dtype=np.int64), n, hops)
        for code in np.flatnonzero(layers.hops > 0).tolist():
            out.setdefault(code, []).append(j)
    return out


def _layer_sql(edges: str, changed: str, arr: str) -> str:
    """Improvements of one layer: (origin, node, t), one row per improved pair."""
    return f"""
        WITH cand AS (SELECT c.origin, x.dst AS node, MIN(x.t) AS t FROM {edges} x
                      JOIN {changed} c ON x.src = c.node
                      WHERE x.t >= c.t
                      GROUP BY c.origin, x.dst)
        SELECT cand.origin, cand.node, cand.t FROM cand
        LEFT JOIN {arr} d ON d.origin = cand.origin AND d.node = cand.node
        WHERE d.t IS NULL OR cand.t < d.t"""


def _on_engine(engine: Engine, frame: Frame, seeds: np.ndarray, hops: int) -> Origins:
    """All origins in one layered search through the engine's SQL."""
    tag = f"mt_origins_{uuid.uuid4().hex[:8]}_"
    edges, start, arr, changed = (f"{tag}{x}" for x in ("edges", "start", "arr", "changed"))
    engine.register(
        edges,
        pa.table(
            {
                "src": pa.array(frame.src.astype(np.int64)),
                "dst": pa.array(frame.dst.astype(np.int64)),
                "t": pa.array(frame.t.astype(np.int64)),
            }
        ),
    )
    codes = seeds.astype(np.int64)
    engine.register(
        start,
        pa.table(
            {
                "origin": pa.array(np.arange(len(codes), dtype=np.int64)),
                "node": pa.array(codes),
                "t": pa.array(np.full(len(codes), ALWAYS, dtype=np.int64)),
            }
        ),
    )
    try:
        # Layer 1 reads the seeds themselves; later layers the materialised tables.
        best, frontier = start, start
        for h in range(1, hops + 1):
            # The improvements are the next frontier: their t is the pair's new arrival.
            engine.execute(
                f"CREATE OR REPLACE TEMP TABLE {changed} AS {_layer_sql(edges, frontier, best)}"
            )
            frontier = changed
            if h == hops or not _count(engine, changed):
                break  # the last layer, or nothing improved: every later layer equals this one
            engine.execute(
                f"CREATE OR REPLACE TEMP TABLE {arr} AS SELECT a.origin, a.node, a.t FROM {best} a "
                f"LEFT JOIN {changed} u ON u.origin = a.origin AND u.node = a.node "
                f"WHERE u.node IS NULL UNION ALL SELECT origin, node, t FROM {changed}"
            )
            best = arr
        # The last layer's improvements are not merged: only which pairs were reached counts.
        pairs = engine.query(
            f"SELECT origin, node FROM {best} UNION SELECT origin, node FROM {changed}"
        )
    finally:
        for name in (arr, changed):
            engine.execute(f"DROP TABLE IF EXISTS {name}")
        engine.unregister(edges)
        engine.unregister(start)
    return _grouped(pairs, codes)


def _count(engine: Engine, table: str) -> int:
    got = engine.query(f"SELECT COUNT(*) AS n FROM {table}")
    return int(got.column("n")[0].as_py())


def _grouped(pairs: pa.Table, seeds: np.ndarray) -> Origins:
    """(origin, node) rows in any order -> node -> origins, each seed's own pair left out."""
    origin = np.asarray(pairs.column("origin"), dtype=np.int64)
    node = np.asarray(pairs.column("node"), dtype=np.int64)
    keep = node != seeds[origin]
    origin, node = origin[keep], node[keep]
    order = np.lexsort((origin, node))
    out: Origins = {}
    for code, j in zip(node[order].tolist(), origin[order].tolist(), strict=True):
        out.setdefault(code, []).append(j)
    return out
