"""The network built from a store holding the bundled lists and the synthetic demo registry.

The store is built once per session (``demo_store_path``) and shared, read-only, by the
other graph test modules, which import the fixture from here.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from moneytrail.graph.network import Network, build_network, normalise
from moneytrail.sources import parse_list
from moneytrail.store import Store
from moneytrail.store.snapshots import copy_store, move_store

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "moneytrail" / "data" / "demo" / "tajideen_registry.jsonl"
TAJCO, KAIRABA, KASSIM = "ofac-12452", "ofac-12455", "ofac-11494"


def build_demo_store(bundled_store_path: Path) -> Path:
    """The bundled lists plus the demo registry, built once per session on disk.

    Every graph test module has a session fixture calling this; the file beside the
    bundled store is the cache, so the store is built once however many modules ask.
    """
    target = bundled_store_path.parent / "with_demo.duckdb"
    if not target.exists():
        partial = target.with_suffix(".partial")
        copy_store(bundled_store_path, partial)
        with Store(partial) as store:
            store.load(parse_list(DEMO, version="2025-06-30"))
        move_store(partial, target)
    return target


@pytest.fixture(scope="session")
def demo_store_path(bundled_store_path: Path) -> Path:
    return build_demo_store(bundled_store_path)


@pytest.fixture(scope="session")
def demo_network(demo_store_path: Path) -> Network:
    with Store(demo_store_path, read_only=True) as store:
        return build_network(store)


@pytest.fixture
def demo_store(demo_store_path: Path) -> Iterator[Store]:
    with Store(demo_store_path, read_only=True) as store:
        yield store


def test_shared_address_of_tajco_and_kairaba_comes_from_the_sdn(
    demo_network: Network, demo_store: Store
) -> None:
    edges = [e for e in demo_network.edges_between(TAJCO, KAIRABA) if e.kind == "same_address"]
    assert len(edges) == 1
    assert "62 Buckle Street, Banjul" in edges[0].label
    rows = demo_store.engine.query(
        "SELECT entity_id, dataset, value FROM statements WHERE id IN "
        f"({', '.join(repr(s) for s in edges[0].statements)})"
    ).to_pylist()
    assert {r["entity_id"] for r in rows} == {TAJCO, KAIRABA}
    assert {r["dataset"] for r in rows} == {"us_ofac_sdn"}


def test_link_edges_keep_direction_role_share_and_statements(demo_network: Network) -> None:
    [own] = [e for e in demo_network.edges_of("demo-co-banjul-wholesale") if e.source == TAJCO]
    assert (own.kind, own.target, own.share, own.label) == (
        "ownership",
        "demo-co-banjul-wholesale",
        ("60%",),
        "owns 60%",
    )
    assert own.via == "demo-own-ofac-12452-co-banjul-wholesale"
    assert len(own.statements) >= 3  # owner, asset, percentage
    [family] = [e for e in demo_network.edges_of(KASSIM) if e.kind == "family"]
    assert (family.source, family.target, family.label) == (KASSIM, "demo-p-hassan", "nephew")


def test_lists_linked_to_become_edges(demo_network: Network) -> None:
    linked = [e for e in demo_network.edges if e.kind == "linked"]
    assert len(linked) > 1000
    assert all(e.label == "Linked To" and e.via for e in linked[:50])


def test_shared_identifier_joins_a_registry_person_to_the_list_entry(
    demo_network: Network,
) -> None:
    [edge] = demo_network.edges_between("demo-p-kassim", KASSIM)
    assert edge.kind == "same_identifier" and "0285669" in edge.label


def test_designation_is_the_sanction_topic(demo_network: Network) -> None:
    assert demo_network.node(KASSIM).designated
    assert demo_network.node(KASSIM).designation is not None
    assert not demo_network.node("demo-co-kairaba-trading").designated


@pytest.mark.parametrize(
    ("prop", "value", "expected"),
    [
        ("address", "62 Buckle Street, Banjul, The Gambia", "62 buckle street banjul the gambia"),
        ("address", "Damascus, Syria", None),
        ("address", "Dubai, United Arab Emirates", None),
        ("phone", "+220 422 7000", "2204227000"[-9:]),
        ("phone", "12-34", None),
        ("email", "Info@GolfrateAngola.com ", "info@golfrateangola.com"),
        ("passportNumber", "RL 1794375", "rl1794375"),
        ("idNumber", "0000000", None),
        ("idNumber", "123", None),
    ],
)
def test_normalise(prop: str, value: str, expected: str | None) -> None:
    assert normalise(prop, value) == expected
