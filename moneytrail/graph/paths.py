"""Neighbourhoods and shortest paths to designated parties, each step with its evidence.

A path is only worth showing if a reviewer can check every step, so a step lists
every edge between its two entities (an ownership and a shared address may both tie
the same pair), each with the statements it rests on. Paths run over the undirected
graph: a company is as exposed to its owner as the owner is to it.
"""

from __future__ import annotations

import itertools
from dataclasses import asdict, dataclass, field
from typing import Any

import rustworkx as rx

from moneytrail.graph.defaults import DEFAULT_MAX_PATH as DEFAULT_MAX_PATH
from moneytrail.graph.defaults import DEFAULT_NODE_LIMIT as DEFAULT_NODE_LIMIT
from moneytrail.graph.indicators import NAME as FRONTS_NAME
from moneytrail.graph.indicators import Indicator, front_indicators
from moneytrail.graph.network import NAME as NETWORK_NAME
from moneytrail.graph.network import Edge, Network, build_network
from moneytrail.store import Store

DEFAULT_HOPS = 2


@dataclass(frozen=True, slots=True)
class Step:
    """One hop of a path: from ``source`` to ``target`` over ``edges`` (all parallel ties)."""

    source: str
    target: str
    edges: tuple[Edge, ...]

    def as_dict(self) -> dict[str, Any]:
        return {"from": self.source, "to": self.target, "edges": [e.as_dict() for e in self.edges]}


@dataclass(frozen=True, slots=True)
class Path:
    """A shortest path from the entity asked about to one designated party."""

    target: str
    nodes: tuple[str, ...]
    steps: tuple[Step, ...]

    @property
    def length(self) -> int:
        return len(self.steps)

    @property
    def kinds(self) -> list[list[str]]:
        """The edge kinds of each step, for reading and testing a path at a glance."""
        return [sorted({e.kind for e in step.edges}) for step in self.steps]

    def statements(self) -> list[str]:
        return sorted({s for step in self.steps for e in step.edges for s in e.statements})

    def as_dict(self) -> dict[str, Any]:
        return {
            "target": self.target,
            "length": self.length,
            "nodes": list(self.nodes),
            "steps": [s.as_dict() for s in self.steps],
        }


@dataclass
class Neighbourhood:
    """Entities within ``hops`` of ``center`` (distance by id) and the edges among them."""

    center: str
    hops: int
    distance: dict[str, int] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)
    truncated: bool = False


def neighbourhood(
    net: Network, entity_id: str, hops: int = DEFAULT_HOPS, limit: int = DEFAULT_NODE_LIMIT
) -> Neighbourhood:
    """Breadth-first layers up to ``hops``; stops adding layers past ``limit`` entities.

    A hub (a registered agent's address) can pull thousands of entities into three
    hops; a picture of them helps nobody, so the last layer that would overflow the
    limit is cut and ``truncated`` says so.
    """
    net.node(entity_id)  # NotFound before any work
    result = Neighbourhood(center=entity_id, hops=hops)
    layers = rx.bfs_layers(net.graph, [net.index[entity_id]])
    for depth, layer in enumerate(layers):
        if depth > hops:
            break
        ids = sorted(net.nodes[i].id for i in layer)
        if len(result.distance) + len(ids) > limit and depth > 0:
            ids = ids[: max(0, limit - len(result.distance))]
            result.truncated = True
        result.distance.update(dict.fromkeys(ids, depth))
        if result.truncated:
            break
    kept = [net.index[i] for i in result.distance]
    seen: set[int] = set()
    for i in kept:
        for edge_index, (a, b, data) in net.graph.incident_edge_index_map(i).items():
            inside = net.nodes[a].id in result.distance and net.nodes[b].id in result.distance
            if inside and edge_index not in seen:
                seen.add(edge_index)
                result.edges.append(net.edges[data])
    result.edges.sort(key=lambda e: (e.source, e.target, e.kind, e.via or ""))
    return result


def paths_to_designated(
    net: Network, entity_id: str, max_length: int = DEFAULT_MAX_PATH, limit: int = 20
) -> list[Path]:
    """Shortest paths to every designated party within ``max_length`` steps, nearest first.

    Ties in length are broken by the target's id, so the answer does not change from run
    to run; the entity itself is left out when it is designated.
    """
    net.node(entity_id)
    source = net.index[entity_id]
    found = rx.dijkstra_shortest_paths(net.graph, source, default_weight=1.0)
    paths: list[Path] = []
    for target, nodes in found.items():
        node = net.nodes[target]
        if not node.designated or target == source or len(nodes) - 1 > max_length:
            continue
        ids = tuple(net.nodes[i].id for i in nodes)
        steps = tuple(
            Step(a, b, tuple(sorted(net.edges_between(a, b), key=_edge_order)))
            for a, b in itertools.pairwise(ids)
        )
        paths.append(Path(node.id, ids, steps))
    paths.sort(key=lambda p: (p.length, p.target))
    return paths[:limit]


def _edge_order(edge: Edge) -> tuple[str, str]:
    return (edge.kind, edge.via or edge.label)


@dataclass
class NetworkReport:
    """What ``moneytrail network`` shows: neighbourhood, paths, indicators, node facts."""

    center: str
    hops: int
    nodes: dict[str, dict[str, Any]]
    edges: list[Edge]
    paths: list[Path]
    indicators: list[Indicator]
    truncated: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "entity": self.nodes[self.center],
            "hops": self.hops,
            "rules": [NETWORK_NAME, FRONTS_NAME],
            "truncated": self.truncated,
            "nodes": sorted(self.nodes.values(), key=lambda n: (n["distance"], n["id"])),
            "edges": [e.as_dict() for e in self.edges],
            "paths": [p.as_dict() for p in self.paths],
            "indicators": [i.as_dict() for i in self.indicators],
        }


def network_report(
    store: Store,
    entity_id: str,
    hops: int = DEFAULT_HOPS,
    max_path: int = DEFAULT_MAX_PATH,
    limit: int = DEFAULT_NODE_LIMIT,
) -> NetworkReport:
    """The neighbourhood of ``entity_id`` plus every path to a designated party.

    Nodes on a path but beyond ``hops`` are included with their path position as
    distance, so the picture always shows how the designated parties are reached.
    """
    net = build_network(store)
    around = neighbourhood(net, entity_id, hops, limit)
    paths = paths_to_designated(net, entity_id, max_path)
    distance = dict(around.distance)
    edges = {(e.source, e.target, e.kind, e.via, e.statements): e for e in around.edges}
    for path in paths:
        for position, node_id in enumerate(path.nodes):
            distance.setdefault(node_id, position)
        for step in path.steps:
            edges.update({(e.source, e.target, e.kind, e.via, e.statements): e for e in step.edges})
    indicators = [i for i in front_indicators(store, net) if i.entity in distance]
    codes: dict[str, list[str]] = {}
    for ind in indicators:
        codes.setdefault(ind.entity, []).append(ind.code)
    nodes = {
        node_id: {
            **asdict(net.node(node_id)),
            "datasets": list(net.node(node_id).datasets),
            "distance": d,
            "indicators": sorted(set(codes.get(node_id, []))),
        }
        for node_id, d in distance.items()
    }
    ordered = sorted(edges.values(), key=lambda e: (e.source, e.target, e.kind, e.via or ""))
    return NetworkReport(entity_id, hops, nodes, ordered, paths, indicators, around.truncated)
