"""Graph and flow data for the explorer pages, as the JSON Cytoscape.js and d3 draw.

Building the store's network takes a second or more, and the explorer asks for a
node's neighbours at every click, so the network and its front-company indicators
are built once per set of list versions and shared; every answer still cites the
statements each edge rests on.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from moneytrail.alerts.kinds import Kind, QueueFilter, queue
from moneytrail.alerts.repository import Repository
from moneytrail.flows.stored import flow_view
from moneytrail.graph.indicators import Indicator, front_indicators
from moneytrail.graph.network import Edge, Network, build_network
from moneytrail.graph.paths import neighbourhood, paths_to_designated
from moneytrail.store import Store

OWNERSHIP_CODES = ("owned_50", "ownership_review")


@dataclass
class _Built:
    versions: tuple[tuple[str, str], ...]
    net: Network
    indicators: dict[str, list[Indicator]]


class Explorer:
    """The workbench's view of the app's store, with the network built once per list
    versions (rebuilt when a load published new ones: the store moves to them)."""

    def __init__(self, store: Store, lock: threading.RLock | None = None) -> None:
        self.store = store
        self.lock = lock or threading.RLock()  # one DuckDB cursor: one thread at a time
        self._built: _Built | None = None

    def _network(self) -> _Built:
        with self.lock:
            rows = self.store.engine.rows(
                "SELECT dataset, version FROM list_versions WHERE is_current ORDER BY dataset"
            )
            versions = tuple((str(a), str(b)) for a, b in rows)
            if self._built is None or self._built.versions != versions:
                net = build_network(self.store)
                grouped: dict[str, list[Indicator]] = {}
                for ind in front_indicators(self.store, net):
                    grouped.setdefault(ind.entity, []).append(ind)
                self._built = _Built(versions, net, grouped)
            return self._built

    def knows(self, entity_id: str) -> bool:
        """Whether the list graph has the entity (customers and accounts are not in it)."""
        return entity_id in self._network().net.index

    def network(self, entity_id: str, hops: int = 1) -> dict[str, Any]:
        """Cytoscape elements of the neighbourhood, the nearest designated path, 50% results."""
        built = self._network()
        net = built.net
        around = neighbourhood(net, entity_id, hops, limit=150)
        paths = paths_to_designated(net, entity_id, limit=1)
        ids = set(around.distance)
        edges = list(around.edges)
        path_nodes: list[str] = []
        path_edges: list[str] = []
        if paths:
            path_nodes = list(paths[0].nodes)
            for step in paths[0].steps:
                edges.extend(step.edges)
                path_edges.extend(edge_id(e) for e in step.edges)
            ids.update(path_nodes)
        nodes = [self._node(built, n, around.distance.get(n)) for n in sorted(ids)]
        unique = {edge_id(e): e for e in edges}
        return {
            "center": entity_id,
            "truncated": around.truncated,
            "nodes": nodes,
            "edges": [_edge(k, e) for k, e in sorted(unique.items())],
            "path": {"nodes": path_nodes, "edges": path_edges},
            "kinds": sorted({e.kind for e in unique.values()}),
        }

    def _node(self, built: _Built, node_id: str, distance: int | None) -> dict[str, Any]:
        node = built.net.node(node_id)
        found = built.indicators.get(node_id, [])
        ownership = [i.explanation for i in found if i.code in OWNERSHIP_CODES]
        return {
            "id": node.id,
            "label": node.caption,
            "schema": node.schema,
            "designated": node.designated,
            "blocked": any(i.code == "owned_50" for i in found),
            "flagged": bool(found),
            "indicators": [{"code": i.code, "text": i.explanation} for i in found],
            "ownership": ownership,
            "distance": distance,
            "datasets": list(node.datasets),
        }

    def flows(self, repo: Repository, entity_id: str, hops: int = 3) -> dict[str, Any]:
        """The flow view of an entity with the typology alerts on its transactions."""
        with self.lock:
            view = flow_view(self.store, entity_id, hops)
        seen = {t["id"] for t in view.timeline}
        overlay = []
        for alert in queue(repo, QueueFilter(kind=Kind.TYPOLOGY, limit=500)):
            hit = [t for t in alert.explanation.get("transactions", []) if t in seen]
            if hit:
                overlay.append(
                    {
                        "id": alert.id,
                        "typology": alert.algorithm,
                        "reason": (alert.explanation.get("reasons") or [""])[0],
                        "transactions": hit,
                    }
                )
        return {**view.as_dict(), "typologies": overlay}


def edge_id(edge: Edge) -> str:
    return f"{edge.source}|{edge.target}|{edge.kind}|{edge.via or edge.label}"


def _edge(key: str, edge: Edge) -> dict[str, Any]:
    return {
        "id": key,
        "source": edge.source,
        "target": edge.target,
        "kind": edge.kind,
        "label": edge.label,
        "percentage": list(edge.share),
        "statements": list(edge.statements),
        "directed": edge.directed,
    }
