"""Front-company indicators: why an unlisted company may be a designated party's vehicle.

A designated financier keeps trading through companies on no list, and the tells are
the ones investigators and OFAC's advisories name: the company shares an address,
phone, email, identifier or officer with a designated party; it was incorporated
after its owner or officer was designated; it sits behind a nominee (an officer or a
registered address serving unusually many companies, a nominee or bearer holding);
or designated parties own 50% or more of it (OFAC's 50% rule, ``ownership.py``).

An indicator is a lead, not a finding: each one says in a sentence why it fired and
cites the statements it rests on, so a reviewer can check it and dismiss it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from followthemoney import model

from moneytrail.engines import Engine
from moneytrail.graph.network import Edge, Network, Node, build_network
from moneytrail.graph.network_ownership import ownership_graph
from moneytrail.graph.ownership import RULES, explain, fixed_point
from moneytrail.model.designation import designated_where
from moneytrail.store import Store

NAME = "fronts-v1"
NOMINEE_THRESHOLD = 10
NOMINEE_ROLE = re.compile(r"nominee|bearer", re.IGNORECASE)
# How much an indicator alone says: 3, the company is blocked or run by a designated
# party; 2, a tie to a designated party; 1, a pattern that also fits honest companies.
STRENGTH: dict[str, int] = {
    "owned_50": 3,
    "designated_officer": 3,
    "holder_same_identifier": 3,
    "shared_officer": 2,
    "holder_relative": 2,
    "shared_address": 2,
    "shared_phone": 2,
    "shared_email": 2,
    "shared_identifier": 2,
    "incorporated_after_designation": 2,
    "ownership_review": 1,
    "nominee_officer": 1,
    "nominee_address": 1,
    "nominee_role": 1,
}
SHARED_CODES = {
    "same_address": ("shared_address", "address"),
    "same_phone": ("shared_phone", "phone number"),
    "same_email": ("shared_email", "email address"),
    "same_identifier": ("shared_identifier", "identifier"),
}


@dataclass(frozen=True, slots=True)
class Indicator:
    """One reason to look at ``entity``, with the designated parties and statements behind it."""

    entity: str
    code: str
    explanation: str
    related: tuple[str, ...]
    statements: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "entity": self.entity,
            "code": self.code,
            "explanation": self.explanation,
            "related": list(self.related),
            "statements": list(self.statements),
        }


def is_company(node: Node) -> bool:
    """Organisations and legal entities of unknown kind; people and vessels are no fronts."""
    schema = model.get(node.schema)
    return schema is not None and (schema.is_a("Organization") or schema.name == "LegalEntity")


def front_indicators(
    store: Store, net: Network, nominee_threshold: int = NOMINEE_THRESHOLD
) -> list[Indicator]:
    """Every indicator on every company that is not itself designated, sorted."""
    found = [
        *_shared(net),
        *_officers(net),
        *_holders(net),
        *_incorporated_after(store, net),
        *_nominees(net, nominee_threshold),
        *_ownership(store.engine, net),
    ]
    return sorted(set(found), key=lambda i: (i.entity, i.code, i.related, i.explanation))


def _cite(*groups: Iterable[str | None] | str | None) -> tuple[str, ...]:
    """Sorted, distinct statement ids; a missing one (None) is skipped, never cited."""
    out: set[str] = set()
    for group in groups:
        values = [group] if group is None or isinstance(group, str) else group
        out.update(v for v in values if v is not None)
    return tuple(sorted(out))


def _name(node: Node) -> str:
    return f"{node.caption} ({node.id})"


def _shared(net: Network) -> list[Indicator]:
    found = []
    for edge in net.edges:
        if edge.kind not in SHARED_CODES:
            continue
        code, what = SHARED_CODES[edge.kind]
        for here, there in ((edge.source, edge.target), (edge.target, edge.source)):
            node, other = net.node(here), net.node(there)
            if node.designated or not other.designated or not is_company(node):
                continue
            value = edge.label.split(": ", 1)[-1]
            text = f"shares the {what} {value!r} with designated {_name(other)}"
            found.append(
                Indicator(here, code, text, (there,), _cite(edge.statements, other.designation))
            )
    return found


def _links(net: Network, kind: str) -> dict[str, list[Edge]]:
    """Edges of ``kind`` by their target (the company), e.g. a company's directorships."""
    by_target: dict[str, list[Edge]] = defaultdict(list)
    for edge in net.edges:
        if edge.kind == kind:
            by_target[edge.target].append(edge)
    return by_target


def _officers(net: Network) -> list[Indicator]:
    """A designated officer, or an officer who also serves a designated company."""
    boards = _links(net, "directorship")
    served: dict[str, list[Edge]] = defaultdict(list)
    for edges in boards.values():
        for edge in edges:
            served[edge.source].append(edge)
    found = []
    for company, edges in boards.items():
        node = net.node(company)
        if node.designated or not is_company(node):
            continue
        for edge in edges:
            officer = net.node(edge.source)
            if officer.designated:
                text = f"its {edge.label} {_name(officer)} is designated"
                cited = _cite(edge.statements, officer.designation)
                found.append(Indicator(company, "designated_officer", text, (officer.id,), cited))
            for other_edge in served[officer.id]:
                other = net.node(other_edge.target)
                if other.id == company or not other.designated:
                    continue
                text = (
                    f"its {edge.label} {_name(officer)} is also {other_edge.label} "
                    f"of designated {_name(other)}"
                )
                cited = _cite(edge.statements, other_edge.statements, other.designation)
                found.append(Indicator(company, "shared_officer", text, (other.id,), cited))
    return found


HOLDER_TIES = {
    "family": ("holder_relative", "a relative of"),
    "associate": ("holder_relative", "an associate of"),
    "same_identifier": ("holder_same_identifier", "possibly the same person as"),
}


def _holders(net: Network) -> list[Indicator]:
    """An owner or officer who is a relative or associate of a designated party, or who
    shares an identifier (a passport number) with one: the registry's record of the
    designated person himself, not yet linked to the list entry."""
    found = []
    for edge in net.edges:
        company = net.node(edge.target)
        if edge.kind not in ("ownership", "directorship") or company.designated:
            continue
        holder = net.node(edge.source)
        if holder.designated or not is_company(company):
            continue
        for tie in net.edges_of(holder.id):
            other = net.node(tie.other(holder.id))
            if tie.kind not in HOLDER_TIES or not other.designated:
                continue
            code, what = HOLDER_TIES[tie.kind]
            text = (
                f"{_name(holder)} ({edge.label}) is {what} designated {_name(other)}: {tie.label}"
            )
            cited = _cite(edge.statements, tie.statements, other.designation)
            found.append(Indicator(company.id, code, text, (other.id,), cited))
    return found


def designation_dates(store: Store) -> dict[str, tuple[str, str, str]]:
    """Entity id -> (date, statement id, basis): the listing date, else first seen on a list.

    Most lists (OFAC's CSV among them) publish no listing date; the first version of
    the list that carried the designation is then the earliest date the data proves.
    """
    dates: dict[str, tuple[str, str, str]] = {}
    for r in store.engine.query(
        f"""SELECT s.entity_id, min(s.first_seen) AS date, arg_min(s.id, s.first_seen) AS id,
            arg_min(s.dataset, s.first_seen) AS dataset
        FROM statements s WHERE {designated_where("s")}
        GROUP BY s.entity_id"""
    ).to_pylist():
        dates[r["entity_id"]] = (r["date"], r["id"], f"first seen on {r['dataset']}")
    for r in store.engine.query(
        """SELECT e.value AS entity_id, min(d.value) AS date, arg_min(d.id, d.value) AS id
        FROM statements e JOIN statements d
            ON d.entity_id = e.entity_id AND d.prop IN ('listingDate', 'startDate')
        WHERE e.schema = 'Sanction' AND e.prop = 'entity' GROUP BY e.value"""
    ).to_pylist():
        dates[r["entity_id"]] = (r["date"], r["id"], "listed")
    return dates


def _incorporated_after(store: Store, net: Network) -> list[Indicator]:
    rows = store.engine.query(
        """SELECT entity_id, min(value) AS date, arg_min(id, value) AS id FROM statements
        WHERE prop = 'incorporationDate' GROUP BY entity_id"""
    ).to_pylist()
    dates = designation_dates(store)
    tied = [*(e for e in net.edges if e.kind in ("ownership", "directorship"))]
    by_company: dict[str, list[Edge]] = defaultdict(list)
    for edge in tied:
        by_company[edge.target].append(edge)
    found = []
    for r in rows:
        company = r["entity_id"]
        if company not in net.index or net.node(company).designated:
            continue
        for edge in by_company.get(company, []):
            party = net.node(edge.source)
            if not party.designated or party.id not in dates:
                continue
            listed, statement, basis = dates[party.id]
            if r["date"] > listed:
                text = (
                    f"incorporated {r['date']}, after its {edge.label.split(' ')[0]} "
                    f"{_name(party)} was designated ({basis} {listed})"
                )
                cited = _cite(r["id"], edge.statements, statement)
                found.append(Indicator(company, "incorporated_after_designation", text, (), cited))
    return found


def _nominees(net: Network, threshold: int) -> list[Indicator]:
    """Officers and addresses serving ``threshold`` or more companies; nominee/bearer roles."""
    found = []
    served: dict[str, list[Edge]] = defaultdict(list)
    for edge in net.edges:
        if edge.kind == "directorship" and is_company(net.node(edge.target)):
            served[edge.source].append(edge)
    for officer, edges in served.items():
        companies = {e.target for e in edges}
        if len(companies) < threshold:
            continue
        for edge in edges:
            text = (
                f"its {edge.label} {_name(net.node(officer))} serves {len(companies)} "
                f"companies (threshold {threshold})"
            )
            found.append(Indicator(edge.target, "nominee_officer", text, (), edge.statements))
    for (kind, _), members in net.attributes.items():
        companies = {e for e, _, _ in members if is_company(net.node(e))}
        if kind != "same_address" or len(companies) < threshold:
            continue
        for entity_id, value, statement in members:
            if entity_id in companies and not net.node(entity_id).designated:
                text = f"its address {value!r} is shared by {len(companies)} companies"
                found.append(Indicator(entity_id, "nominee_address", text, (), (statement,)))
    for edge in net.edges:
        if edge.kind in ("ownership", "directorship") and NOMINEE_ROLE.search(edge.label):
            text = f"{_name(net.node(edge.source))} holds it as {edge.label!r}"
            found.append(Indicator(edge.target, "nominee_role", text, (), edge.statements))
    return found


def _ownership(engine: Engine, net: Network) -> list[Indicator]:
    """OFAC's 50% rule over the store's Ownership links, explained by ``ownership.explain``.

    It runs on the store's own engine: the graph goes in as Arrow tables registered for
    the run, so nothing is written to the store.
    """
    graph, statements = ownership_graph(net)
    rule = RULES["ofac"]
    point = fixed_point(engine, graph.nodes_table(), graph.edges, rule)
    records = explain(engine, graph, point, rule)
    found = []
    for record in records:
        owners = record["owners"]
        related = tuple(o["id"] for o in owners)
        cited = _cite(
            [s for o in owners for via in o["via"] for s in statements[via]],
            [net.node(o["id"]).designation for o in owners],
        )
        parts = ", ".join(
            f"{_name(net.node(o['id']))} {_pct(o['share'])}"
            + ("" if net.node(o["id"]).designated else " (itself blocked)")
            for o in owners
        )
        if record["blocked"]:
            text = (
                f"blocked under OFAC's 50% rule: designated or blocked owners hold "
                f"{_pct(record['share'])} ({parts})"
            )
            found.append(Indicator(record["id"], "owned_50", text, related, cited))
        else:
            text = f"to review under OFAC's 50% rule: {record['reason']} ({parts})"
            found.append(Indicator(record["id"], "ownership_review", text, related, cited))
    return found


def _pct(value: float | None) -> str:
    return "an unknown share" if value is None else f"{value:g}%"


@dataclass(frozen=True, slots=True)
class Front:
    """A company with at least one indicator: what ``moneytrail network --fronts`` lists."""

    entity: str
    caption: str
    indicators: tuple[Indicator, ...]

    @property
    def codes(self) -> list[str]:
        return sorted({i.code for i in self.indicators})

    @property
    def strength(self) -> int:
        """The strongest indicator, then how many of the strongest kinds there are."""
        return max(STRENGTH[c] for c in self.codes)

    def rank(self) -> tuple[int, int, str]:
        strong = sum(1 for c in self.codes if STRENGTH[c] >= 2)
        return (-self.strength, -strong, self.entity)

    def as_dict(self) -> dict[str, Any]:
        return {
            "entity": self.entity,
            "caption": self.caption,
            "codes": self.codes,
            "strength": self.strength,
            "indicators": [i.as_dict() for i in self.indicators],
        }


def find_fronts(store: Store, nominee_threshold: int = NOMINEE_THRESHOLD) -> list[Front]:
    """Every flagged company, strongest indicators first (a nominee alone ranks last)."""
    net = build_network(store)
    grouped: dict[str, list[Indicator]] = defaultdict(list)
    for indicator in front_indicators(store, net, nominee_threshold):
        grouped[indicator.entity].append(indicator)
    fronts = [Front(e, net.node(e).caption, tuple(inds)) for e, inds in grouped.items()]
    return sorted(fronts, key=Front.rank)
