"""Time-respecting money tracing: who was reached from the seeds, how fast, by which chain.

A chain is a sequence of transactions, each leaving the account the previous one
entered, with non-decreasing dates: money cannot leave an account before it arrived.
Forward tracing follows money out of the seeds; backward tracing is the mirror image
(each earlier transaction entering the account the next one left), answering "where
did the seeds' money come from".

The search is label-setting over (account, hops) states, one hop layer at a time:
``arrival[h][v]`` is the earliest time money from a seed can stand in ``v`` after at
most ``h`` hops. Layer ``h`` relaxes only the transactions leaving accounts whose
arrival improved in layer ``h-1``, as whole numpy arrays. From the layers come two
different answers that the output keeps apart: ``hops`` (the fewest hops of any
chain) and ``first_date`` (the earliest arrival over chains of at most N hops), which
may belong to different chains. The ``path`` is one fewest-hops chain (the earliest
arriving among them).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from moneytrail.engines.base import Engine
from moneytrail.errors import InvalidInput
from moneytrail.flows.attribution import attribute
from moneytrail.flows.graph import FlowGraph
from moneytrail.flows.kinds import Direction as Direction
from moneytrail.flows.kinds import Method as Method

NEVER = np.iinfo(np.int64).max
ALWAYS = np.iinfo(np.int64).min
_SHIFT = 33  # account code << 33 | time offset: one sorted key per (account, time)


@dataclass(frozen=True)
class Frame:
    """Edges seen in the tracing direction: backward swaps ends and negates time."""

    src: np.ndarray
    dst: np.ndarray
    t: np.ndarray
    amount: np.ndarray
    pos: np.ndarray  # frame edge -> graph edge position

    @classmethod
    def of(cls, graph: FlowGraph, direction: Direction) -> Frame:
        if direction is Direction.FORWARD:
            pos = np.arange(graph.n_edges, dtype=np.int64)
            return cls(graph.src, graph.dst, graph.t, graph.amount, pos)
        pos = np.arange(graph.n_edges - 1, -1, -1, dtype=np.int64)
        return cls(graph.dst[pos], graph.src[pos], -graph.t[pos], graph.amount[pos], pos)


@dataclass(frozen=True)
class Layers:
    """Per hop layer: arrival times, and the edge (and its layer) that set each one."""

    arrival: np.ndarray  # (H+1, n) int64
    edge: np.ndarray  # (H+1, n) int64, -1 where never set
    layer: np.ndarray  # (H+1, n) int16
    hops: np.ndarray  # (n,) fewest hops, -1 if unreached


@dataclass(frozen=True)
class TraceResult:
    """Reached accounts (seeds excluded), ordered by hops then account code."""

    graph: FlowGraph
    direction: Direction
    seeds: np.ndarray
    accounts: np.ndarray
    hops: np.ndarray
    first_t: np.ndarray
    amount: np.ndarray
    paths: np.ndarray  # (len(accounts), H) graph edge positions in time order, -1 padded
    method: Method

    def records(self) -> Iterator[dict[str, Any]]:
        """The contract's JSON objects, one per reached account."""
        names = self.graph.accounts.take(self.accounts).to_pylist()
        for i, name in enumerate(names):
            path = self.paths[i][self.paths[i] >= 0]
            yield {
                "account": name,
                "hops": int(self.hops[i]),
                "first_date": self.graph.format_time(int(self.first_t[i])),
                "amount": round(float(self.amount[i]), 2),
                "path": self.graph.edge_ids(path),
            }


def trace(
    graph: FlowGraph,
    seeds: list[str],
    *,
    direction: Direction = Direction.FORWARD,
    hops: int = 6,
    method: Method = Method.PROPORTIONAL,
    engine: Engine | None = None,
) -> TraceResult:
    """Trace from seed account ids; unknown seeds are ignored, none known is an error.

    With an ``engine`` the hop layers are searched there (``bfs``: distributed joins on
    Spark); paths and amounts are then computed here from the same layers.
    """
    if hops < 1:
        raise InvalidInput("hops must be at least 1", field="--hops")
    codes = graph.codes(seeds)
    codes = np.unique(codes[codes >= 0])
    if not len(codes) and seeds:
        raise InvalidInput(f"none of the {len(seeds)} seed accounts occurs in the transactions")
    frame = Frame.of(graph, direction)
    if engine is None:
        layers = search(frame, codes, graph.n_accounts, hops)
    else:
        from moneytrail.flows.bfs import search_engine

        found = search_engine(engine, frame.src, frame.dst, frame.t, codes, graph.n_accounts, hops)
        layers = Layers(*found)
    reached = np.flatnonzero(layers.hops > 0)
    reached = reached[np.lexsort((reached, layers.hops[reached]))]
    paths = _paths(frame, layers, reached, hops)
    amounts = attribute(frame, codes, layers.arrival[hops - 1], layers.hops > 0, method)
    first = layers.arrival[hops][reached]
    if direction is Direction.BACKWARD:
        first = -first
        paths = paths[:, ::-1]
    mapped = np.where(paths >= 0, frame.pos[np.maximum(paths, 0)], -1)
    return TraceResult(
        graph, direction, codes, reached, layers.hops[reached], first,
        amounts[reached], mapped, method,
    )  # fmt: skip


def _csr(frame: Frame) -> tuple[np.ndarray, np.ndarray, int]:
    """Edges sorted by (source, time) with their combined search keys."""
    tmin = int(frame.t.min()) if len(frame.t) else 0
    if len(frame.t) and int(frame.t.max()) - tmin >= 1 << _SHIFT:
        # The reader refuses such files; a graph built another way must not wrap around.
        raise InvalidInput("transaction dates span more than 272 years: cannot trace in order")
    keys = (frame.src.astype(np.int64) << _SHIFT) | (frame.t - tmin)
    perm = np.argsort(keys, kind="stable")
    return keys[perm], perm, tmin


def search(frame: Frame, seeds: np.ndarray, n: int, max_hops: int) -> Layers:
    """Hop-layered label setting; each layer is a handful of vectorised passes."""
    keys, perm, tmin = _csr(frame)
    arrival = np.full((max_hops + 1, n), NEVER, dtype=np.int64)
    edge = np.full((max_hops + 1, n), -1, dtype=np.int64)
    layer = np.zeros((max_hops + 1, n), dtype=np.int16)
    arrival[0, seeds] = ALWAYS
    hops = np.full(n, -1, dtype=np.int64)
    hops[seeds] = 0
    changed = seeds.astype(np.int64)
    for h in range(1, max_hops + 1):
        arrival[h], edge[h], layer[h] = arrival[h - 1], edge[h - 1], layer[h - 1]
        cand = _leaving(keys, perm, changed, arrival[h - 1], tmin)
        if not len(cand):
            continue
        nodes, times, edges = _earliest(frame, cand, arrival[h - 1])
        arrival[h, nodes], edge[h, nodes], layer[h, nodes] = times, edges, h
        fresh = nodes[hops[nodes] < 0]
        hops[fresh] = h
        changed = nodes
    return Layers(arrival, edge, layer, hops)


def _leaving(
    keys: np.ndarray, perm: np.ndarray, nodes: np.ndarray, arrived: np.ndarray, tmin: int
) -> np.ndarray:
    """Frame edges leaving ``nodes`` at or after each node's arrival."""
    if not len(nodes):
        return np.empty(0, dtype=np.int64)
    base = nodes.astype(np.int64) << _SHIFT
    offset = np.clip(arrived[nodes], tmin, None) - tmin
    lo = np.searchsorted(keys, base + offset, side="left")
    hi = np.searchsorted(keys, base + (np.int64(1) << _SHIFT), side="left")
    lengths = hi - lo
    total = int(lengths.sum())
    starts = np.cumsum(lengths) - lengths
    idx = np.repeat(lo - starts, lengths) + np.arange(total, dtype=np.int64)
    cand: np.ndarray = perm[idx]
    return cand


def _earliest(
    frame: Frame, cand: np.ndarray, arrived: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per target account, the earliest candidate edge that improves its arrival."""
    d = frame.dst[cand]
    tt = frame.t[cand]
    better = tt < arrived[d]
    cand, d, tt = cand[better], d[better], tt[better]
    order = np.lexsort((cand, tt, d))
    d, tt, cand = d[order], tt[order], cand[order]
    first = np.ones(len(d), dtype=bool)
    first[1:] = d[1:] != d[:-1]
    return d[first].astype(np.int64), tt[first], cand[first]


def _paths(frame: Frame, layers: Layers, reached: np.ndarray, max_hops: int) -> np.ndarray:
    """One fewest-hops chain per reached account, walked back layer by layer at once."""
    paths = np.full((len(reached), max_hops), -1, dtype=np.int64)
    rows = np.arange(len(reached))
    cur = reached.astype(np.int64)
    at = layers.hops[reached].astype(np.int64)
    pos = at - 1
    while len(rows):
        e = layers.edge[at, cur]
        set_at = layers.layer[at, cur].astype(np.int64)
        paths[rows, pos] = e
        keep = set_at - 1 > 0
        rows, cur, at, pos = rows[keep], frame.src[e[keep]], set_at[keep] - 1, pos[keep] - 1
    return paths
