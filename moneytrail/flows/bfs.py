"""The trace's hop-layered label setting as SQL through an Engine, for Spark.

Same definition as ``trace.search`` (see its module docstring): layer ``h`` relaxes
the transactions leaving accounts whose arrival improved in layer ``h - 1``, at or
after that arrival, and keeps per target account the earliest one that improves its
arrival, ties going to the earlier transaction in the frame. Each layer is one
distributed join; the engine materialises (on Spark: checkpoints) the arrival table
after every layer, so the plan never grows with the number of hops.

Only the improvements come back to the driver (at most one row per reached account
and layer); from them the per-layer arrays are rebuilt exactly as the in-memory
search leaves them, so paths and amounts are computed by the same code.
"""

from __future__ import annotations

import uuid

import numpy as np
import pyarrow as pa

from moneytrail.engines.base import Engine

NEVER = np.iinfo(np.int64).max
ALWAYS = np.iinfo(np.int64).min

Arrays = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]


def _layer_sql(edges: str, changed: str, arr: str) -> str:
    """Improvements of one layer: (node, t, e), one row per improved account."""
    return f"""
        WITH cand AS (SELECT x.e, x.dst AS node, x.t FROM {edges} x
                      JOIN {changed} c ON x.src = c.node
                      JOIN {arr} a ON a.node = x.src
                      WHERE x.t >= a.t),
        better AS (SELECT cand.e, cand.node, cand.t FROM cand
                   LEFT JOIN {arr} d ON d.node = cand.node
                   WHERE d.t IS NULL OR cand.t < d.t),
        ranked AS (SELECT node, t, e,
                          row_number() OVER (PARTITION BY node ORDER BY t, e) AS k
                   FROM better)
        SELECT node, t, e FROM ranked WHERE k = 1"""


def search_engine(
    engine: Engine,
    src: np.ndarray,
    dst: np.ndarray,
    t: np.ndarray,
    seeds: np.ndarray,
    n: int,
    max_hops: int,
) -> Arrays:
    """(arrival, edge, layer, hops) as ``trace.search`` computes them."""
    tag = f"mt_bfs_{uuid.uuid4().hex[:8]}_"
    edges, arr, changed, upd = (f"{tag}{x}" for x in ("edges", "arr", "changed", "upd"))
    engine.register(
        edges,
        pa.table(
            {
                "e": pa.array(np.arange(len(src), dtype=np.int64)),
                "src": pa.array(src.astype(np.int64)),
                "dst": pa.array(dst.astype(np.int64)),
                "t": pa.array(t.astype(np.int64)),
            }
        ),
    )
    start = seeds.astype(np.int64)
    engine.register(
        f"{tag}seeds",
        pa.table({"node": pa.array(start), "t": pa.array(np.full(len(start), ALWAYS))}),
    )
    updates: list[tuple[int, pa.Table]] = []
    try:
        engine.execute(f"CREATE OR REPLACE TEMP TABLE {arr} AS SELECT node, t FROM {tag}seeds")
        engine.execute(f"CREATE OR REPLACE TEMP TABLE {changed} AS SELECT node FROM {tag}seeds")
        for h in range(1, max_hops + 1):
            engine.execute(
                f"CREATE OR REPLACE TEMP TABLE {upd} AS {_layer_sql(edges, changed, arr)}"
            )
            got = engine.query(f"SELECT node, t, e FROM {upd}")
            if not got.num_rows:
                break  # nothing improved: every later layer equals this one
            updates.append((h, got))
            if h == max_hops:
                break
            engine.execute(
                f"CREATE OR REPLACE TEMP TABLE {arr} AS SELECT a.node, a.t FROM {arr} a "
                f"LEFT JOIN {upd} u ON u.node = a.node WHERE u.node IS NULL "
                f"UNION ALL SELECT node, t FROM {upd}"
            )
            engine.execute(f"CREATE OR REPLACE TEMP TABLE {changed} AS SELECT node FROM {upd}")
    finally:
        for name in (arr, changed, upd):
            engine.execute(f"DROP TABLE IF EXISTS {name}")
        engine.unregister(edges)
        engine.unregister(f"{tag}seeds")
    return _layers(updates, start, n, max_hops)


def _layers(
    updates: list[tuple[int, pa.Table]], seeds: np.ndarray, n: int, max_hops: int
) -> Arrays:
    """Per-layer arrays from the improvements, each layer copying the one before."""
    arrival = np.full((max_hops + 1, n), NEVER, dtype=np.int64)
    edge = np.full((max_hops + 1, n), -1, dtype=np.int64)
    layer = np.zeros((max_hops + 1, n), dtype=np.int16)
    arrival[0, seeds] = ALWAYS
    hops = np.full(n, -1, dtype=np.int64)
    hops[seeds] = 0
    by_layer = dict(updates)
    for h in range(1, max_hops + 1):
        arrival[h], edge[h], layer[h] = arrival[h - 1], edge[h - 1], layer[h - 1]
        got = by_layer.get(h)
        if got is None:
            continue
        nodes = np.asarray(got.column("node"), dtype=np.int64)
        arrival[h, nodes] = np.asarray(got.column("t"), dtype=np.int64)
        edge[h, nodes] = np.asarray(got.column("e"), dtype=np.int64)
        layer[h, nodes] = h
        fresh = nodes[hops[nodes] < 0]
        hops[fresh] = h
    return arrival, edge, layer, hops
