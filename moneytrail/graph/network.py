"""The network of the store: who is tied to whom, and on which statements each tie rests.

An investigator asks "how is this customer connected to a designated party?", and the
answer must survive review: so every edge keeps the ids of the statements it was
read from, and the graph is rebuilt from the store (never cached apart from it) so a
reloaded list changes the answer.

Nodes are the entities of every ``LegalEntity`` or ``Asset`` schema (people,
companies, vessels...). Edges are of two families:

* **Links** declared by a link entity (FtM's edge schemata: Ownership, Directorship,
  Family, Associate, UnknownLink - the lists' "Linked To" -, Employment, Membership,
  Representation) or by an entity property (a vessel's ``owner``). They keep their
  direction (owner -> asset) and their role; Ownership keeps its percentage.
* **Shared attributes**: two different entities with the same normalised address,
  phone, email or identifier. Registries and lists rarely share ids, so this is how
  an unlisted company meets a designated one before any record linkage. Addresses
  that name only a place ("Damascus, Syria") tie hundreds of unrelated entries, so an
  address counts only when it has a street-level part (a number or a street word),
  and a value shared by more than ``MAX_SHARED`` entities is dropped as generic.

Algorithms run on rustworkx (an undirected multigraph: a path may follow an ownership
edge either way); the statements are read through the store's engine as Arrow.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import rustworkx as rx
from followthemoney import model
from normality import ascii_text

from moneytrail.errors import NotFound
from moneytrail.model.designation import designated_where
from moneytrail.model.edges import party_links
from moneytrail.store import Store

NAME = "network-v1"
MAX_SHARED = 50
NODE_SCHEMATA: tuple[str, ...] = tuple(
    sorted(s.name for s in model.schemata.values() if s.is_a("LegalEntity") or s.is_a("Asset"))
)
# A link's kind is its schema's name in lower case, except an UnknownLink: "linked".
LINK_KINDS: dict[str, str] = {
    schema: "linked" if schema == "UnknownLink" else schema.lower() for schema in party_links()
}
ROLE_PROPS = ("role", "relationship", "ownershipType")
IDENTIFIER_PROPS = (
    "registrationNumber",
    "passportNumber",
    "idNumber",
    "taxNumber",
    "leiCode",
    "imoNumber",
)
SHARED_PROPS: dict[str, str] = {
    "address": "same_address",
    "phone": "same_phone",
    "email": "same_email",
    **dict.fromkeys(IDENTIFIER_PROPS, "same_identifier"),
}
_STREET = re.compile(
    r"\d|\b(?:street|st|road|rd|avenue|ave|av|avenida|rua|calle|carrera|boulevard|blvd|lane|"
    r"building|bldg|floor|house|tower|box|plot|block|strasse|ulitsa|via|route|highway)\b"
)


def _sql_in(values: Iterable[str]) -> str:
    return ", ".join("'" + v.replace("'", "''") + "'" for v in values)


@dataclass(frozen=True, slots=True)
class Node:
    """An entity of the graph; ``designation`` cites the statement that designates it."""

    id: str
    schema: str
    caption: str
    designated: bool = False
    designation: str | None = None
    datasets: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Edge:
    """One tie between two entities, and the statements it rests on.

    ``kind`` is a link kind ("ownership", "linked", ...) or a shared attribute
    ("same_address", ...); ``via`` is the link entity's id (None for shared
    attributes); ``share`` is an Ownership's stated percentage.
    """

    source: str
    target: str
    kind: str
    label: str
    statements: tuple[str, ...]
    via: str | None = None
    share: tuple[str, ...] = ()
    directed: bool = True

    def other(self, entity_id: str) -> str:
        return self.target if entity_id == self.source else self.source

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "source": self.source,
            "target": self.target,
            "kind": self.kind,
            "label": self.label,
            "via": self.via,
            "statements": list(self.statements),
        }
        if self.share:
            data["percentage"] = list(self.share)
        return data


@dataclass
class Network:
    """Nodes, edges and the rustworkx multigraph over them (payload: edge index)."""

    nodes: list[Node] = field(default_factory=list)
    index: dict[str, int] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)
    graph: rx.PyGraph = field(default_factory=lambda: rx.PyGraph(multigraph=True))
    attributes: dict[tuple[str, str], list[tuple[str, str, str]]] = field(default_factory=dict)

    def node(self, entity_id: str) -> Node:
        try:
            return self.nodes[self.index[entity_id]]
        except KeyError:
            raise NotFound(f"no entity {entity_id!r} in the network of the store") from None

    def edges_between(self, a: str, b: str) -> list[Edge]:
        ia, ib = self.index[a], self.index[b]
        return [self.edges[i] for i in self.graph.get_all_edge_data(ia, ib)]

    def edges_of(self, entity_id: str) -> list[Edge]:
        i = self.index[entity_id]
        return [self.edges[data] for _, _, data in self.graph.incident_edge_index_map(i).values()]

    def _add_node(self, node: Node) -> None:
        self.index[node.id] = self.graph.add_node(node.id)
        self.nodes.append(node)

    def _add_edge(self, edge: Edge) -> None:
        for end in (edge.source, edge.target):
            if end not in self.index:  # a link to an entity of a list that is not loaded
                self._add_node(Node(end, "?", end))
        self.graph.add_edge(self.index[edge.source], self.index[edge.target], len(self.edges))
        self.edges.append(edge)


def build_network(store: Store) -> Network:
    """The whole store as a network (a few seconds for the bundled lists)."""
    net = Network()
    for node in _nodes(store):
        net._add_node(node)
    for edge in _link_edges(store):
        net._add_edge(edge)
    for edge in _reference_edges(store, net):
        net._add_edge(edge)
    net.attributes = _attributes(store, net)
    for edge in _shared_edges(net.attributes):
        net._add_edge(edge)
    return net


def _nodes(store: Store) -> list[Node]:
    rows = store.engine.query(
        f"""SELECT entity_id, min(schema) AS schema,
            coalesce(min(value) FILTER (WHERE prop = 'name'), entity_id) AS caption,
            min(id) FILTER (WHERE {designated_where()}) AS designation,
            list(DISTINCT dataset ORDER BY dataset) AS datasets
        FROM statements WHERE schema IN ({_sql_in(NODE_SCHEMATA)})
        GROUP BY entity_id ORDER BY entity_id"""
    ).to_pylist()
    return [
        Node(
            id=r["entity_id"],
            schema=r["schema"],
            caption=r["caption"],
            designated=r["designation"] is not None,
            designation=r["designation"],
            datasets=tuple(r["datasets"]),
        )
        for r in rows
    ]


def _link_edges(store: Store) -> list[Edge]:
    """Link entities -> edges from their first end to their second, with their role."""
    ends = _sql_in({prop for pair in party_links().values() for prop in pair})
    rows = store.engine.query(
        f"""SELECT entity_id, min(schema) AS schema,
            list(DISTINCT prop || '=' || value) FILTER (WHERE prop IN ({ends})) AS ends,
            string_agg(DISTINCT value, '; ') FILTER (WHERE prop IN ({_sql_in(ROLE_PROPS)}))
                AS role,
            list(DISTINCT value) FILTER (WHERE prop = 'percentage') AS share,
            list(id ORDER BY id) AS ids
        FROM statements WHERE schema IN ({_sql_in(LINK_KINDS)})
        GROUP BY entity_id ORDER BY entity_id"""
    ).to_pylist()
    edges = []
    for r in rows:
        kind = LINK_KINDS[r["schema"]]
        share = tuple(sorted(r["share"] or ()))
        label = _label(kind, r["role"], share)
        source, target = party_links()[r["schema"]]
        pairs = [end.split("=", 1) for end in r["ends"] or ()]
        for a in sorted(v for p, v in pairs if p == source):
            for b in sorted(v for p, v in pairs if p == target):
                if a != b:
                    edges.append(Edge(a, b, kind, label, tuple(r["ids"]), r["entity_id"], share))
    return edges


def _label(kind: str, role: str | None, share: tuple[str, ...]) -> str:
    """How a person reads the tie: "owns 60%", "nominee shareholder: 50%", "nephew"."""
    if kind != "ownership":
        return role or kind
    stated = " | ".join(v if v.rstrip().endswith("%") else f"{v}%" for v in share)
    stated = stated or "an unknown share"
    return f"{role}: {stated}" if role else f"owns {stated}"


def _reference_edges(store: Store, net: Network) -> list[Edge]:
    """Entity properties of nodes that point at other nodes (a vessel's owner)."""
    rows = store.engine.query(
        f"""SELECT entity_id, prop, value, id FROM statements
        WHERE prop_type = 'entity' AND schema IN ({_sql_in(NODE_SCHEMATA)})
        ORDER BY entity_id, prop, value"""
    ).to_pylist()
    return [
        Edge(r["entity_id"], r["value"], r["prop"], r["prop"], (r["id"],), r["entity_id"])
        for r in rows
        if r["entity_id"] != r["value"]
    ]


def normalise(prop: str, value: str) -> str | None:
    """The comparable form of an attribute, or None when it is too vague to tie two entities."""
    text = (ascii_text(value) or "").lower()
    if prop == "phone":
        digits = re.sub(r"\D", "", text)
        return digits[-9:] if len(digits) >= 7 else None  # national part: +220 / 00220 agree
    if prop == "email":
        text = text.strip()
        return text if "@" in text else None
    if prop == "address":
        text = re.sub(r"[^a-z0-9]+", " ", text).strip()
        return text if _STREET.search(text) and len(text.split()) >= 3 else None
    text = re.sub(r"[^a-z0-9]", "", text)
    return text if len(text) >= 5 and len(set(text)) > 1 else None


def _attributes(store: Store, net: Network) -> dict[tuple[str, str], list[tuple[str, str, str]]]:
    """(kind, comparable form) -> [(entity id, value as written, statement id)]."""
    rows = store.engine.query(
        f"""SELECT entity_id, prop, value, id FROM statements
        WHERE prop IN ({_sql_in(SHARED_PROPS)}) AND schema IN ({_sql_in(NODE_SCHEMATA)})
        ORDER BY entity_id, id"""
    ).to_pylist()
    groups: dict[tuple[str, str], list[tuple[str, str, str]]] = defaultdict(list)
    for r in rows:
        key = normalise(r["prop"], r["value"])
        if key is not None and r["entity_id"] in net.index:
            groups[(SHARED_PROPS[r["prop"]], key)].append((r["entity_id"], r["value"], r["id"]))
    return {k: v for k, v in groups.items() if len({e for e, _, _ in v}) > 1}


def _shared_edges(groups: dict[tuple[str, str], list[tuple[str, str, str]]]) -> list[Edge]:
    edges = []
    for (kind, _), members in sorted(groups.items()):
        by_entity: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for entity_id, value, statement in members:
            by_entity[entity_id].append((value, statement))
        if len(by_entity) > MAX_SHARED:
            continue
        ids = sorted(by_entity)
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                cited = tuple(s for _, s in by_entity[a] + by_entity[b])
                label = f"same {kind.removeprefix('same_')}: {by_entity[a][0][0]}"
                edges.append(Edge(a, b, kind, label, cited, directed=False))
    return edges
