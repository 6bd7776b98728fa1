"""Party links come from followthemoney's schema, and the network follows every one of them."""

from __future__ import annotations

import json
from pathlib import Path

from followthemoney import model

from moneytrail.graph.network import build_network
from moneytrail.model.edges import link_ends, party_links
from moneytrail.sources import parse_list
from moneytrail.store import Store
from moneytrail.store.entities import describe_entity


def test_ends_are_the_schema_declared_edge_properties() -> None:
    for name, (source, target) in party_links().items():
        schema = model.get(name)
        assert schema is not None and schema.edge
        assert (schema.edge_source, schema.edge_target) == (source, target)
        for prop in (source, target):
            declared = schema.get(prop)
            assert declared is not None and declared.type.name == "entity"


def test_links_between_parties_only_and_money_is_not_a_link() -> None:
    assert link_ends("Ownership") == ("owner", "asset")
    assert link_ends("Directorship") == ("director", "organization")
    assert link_ends("Control") == ("controller", "controlled")
    for money in ("Payment", "Debt", "ContractAward"):
        assert link_ends(money) is None
    for not_a_party in ("Documentation", "Occupancy", "CourtCaseParty", "Person"):
        assert link_ends(not_a_party) is None


def test_a_control_link_in_a_registry_reaches_the_network_and_the_entity_page(
    tmp_path: Path,
) -> None:
    registry = tmp_path / "registry.jsonl"
    entities = [
        {"id": "p1", "schema": "Person", "properties": {"name": ["Amina Diallo"]}},
        {"id": "c1", "schema": "Company", "properties": {"name": ["Sahel Freight SARL"]}},
        {
            "id": "ctl1",
            "schema": "Control",
            "properties": {"controller": ["p1"], "controlled": ["c1"], "role": ["nominee"]},
        },
    ]
    registry.write_text("".join(json.dumps(e) + "\n" for e in entities), encoding="utf-8")
    with Store(tmp_path / "store.duckdb") as store:
        store.load(parse_list(registry, version="2026-01-01"))
        network = build_network(store)
        edges = network.edges_between("p1", "c1")
        assert [(e.source, e.target, e.kind) for e in edges] == [("p1", "c1", "control")]
        view = describe_entity(store, "c1")
        assert [(link.other_id, link.role) for link in view.links] == [("p1", "<- nominee")]
