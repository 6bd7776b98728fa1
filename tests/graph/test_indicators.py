"""Front-company indicators on the demo store: each planted front is found, explained and
backed by statements that exist in the store; the controls are not flagged."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pytest

from moneytrail.graph.indicators import Indicator, find_fronts, front_indicators
from moneytrail.graph.network import Network, build_network
from moneytrail.store import Store
from tests.graph.test_network import build_demo_store


@pytest.fixture(scope="session")
def demo_store_path(bundled_store_path: Path) -> Path:
    return build_demo_store(bundled_store_path)


# entity -> (code, words the explanation must contain, designated parties it names)
PLANTED: list[tuple[str, str, tuple[str, ...], tuple[str, ...]]] = [
    ("demo-co-banjul-wholesale", "owned_50", ("60%", "TAJCO"), ("ofac-12452",)),
    (
        "demo-co-cold-storage",
        "owned_50",
        ("55%", "30%", "25%"),
        ("ofac-12452", "ofac-12453"),
    ),
    ("demo-co-river-logistics", "owned_50", ("51%", "itself blocked"), ()),
    ("demo-co-nominee-07", "owned_50", ("50%", "TAJIDEEN, Ali"), ("ofac-12450",)),
    ("demo-co-kairaba-trading", "shared_address", ("62 Buckle Street",), ("ofac-12452",)),
    ("demo-co-kairaba-trading", "shared_address", ("62 Buckle Street",), ("ofac-12455",)),
    ("demo-co-kairaba-trading", "holder_relative", ("nephew",), ("ofac-11494",)),
    ("demo-co-lusofood", "shared_email", ("info@golfrateangola.com",), ("ofac-12453",)),
    ("demo-co-atlantic-fisheries", "shared_officer", ("BAZZI", "TAJCO"), ("ofac-12452",)),
    ("demo-co-new-horizon", "designated_officer", ("TAJIDEEN, Husayn",), ("ofac-12451",)),
    ("demo-co-new-horizon", "incorporated_after_designation", ("2024-10-15", "2024-05-03"), ()),
    ("demo-co-cedar-holdings", "holder_same_identifier", ("0285669",), ("ofac-11494",)),
    ("demo-co-nominee-03", "nominee_officer", ("12 companies",), ()),
    ("demo-co-nominee-03", "nominee_address", ("5 Marina Parade",), ()),
    ("demo-co-nominee-03", "nominee_role", ("bearer shares",), ()),
]
CONTROLS = ("demo-co-westcoast", "demo-co-serrekunda-foods", "demo-co-ovlas-shipping")


@pytest.fixture(scope="module")
def found(demo_store_path: Path) -> Iterator[tuple[Store, Network, list[Indicator]]]:
    with Store(demo_store_path, read_only=True) as store:
        net = build_network(store)
        yield store, net, front_indicators(store, net)


@pytest.mark.parametrize(("entity", "code", "words", "related"), PLANTED)
def test_planted_front_is_found_and_explained(
    found: tuple[Store, Network, list[Indicator]],
    entity: str,
    code: str,
    words: tuple[str, ...],
    related: tuple[str, ...],
) -> None:
    _, _, indicators = found
    matches = [
        i
        for i in indicators
        if i.entity == entity and i.code == code and set(related) <= set(i.related)
    ]
    assert matches, f"{entity} {code} not found"
    assert any(all(w in i.explanation for w in words) for i in matches), matches


def test_every_cited_statement_exists(found: tuple[Store, Network, list[Indicator]]) -> None:
    store, _, indicators = found
    cited = sorted({s for i in indicators for s in i.statements})
    assert cited and all(i.statements for i in indicators)
    store.engine.register("cited", pa.table({"id": cited}))
    try:
        rows = store.engine.query(
            "SELECT count(DISTINCT c.id) AS n FROM cited c JOIN statements s ON s.id = c.id"
        ).to_pylist()
    finally:
        store.engine.unregister("cited")
    assert rows[0]["n"] == len(cited)


def test_citations_include_the_designation(found: tuple[Store, Network, list[Indicator]]) -> None:
    _, net, indicators = found
    [shared] = [
        i for i in indicators if i.entity == "demo-co-lusofood" and i.code == "shared_email"
    ]
    assert net.node("ofac-12453").designation in shared.statements


def test_controls_are_not_flagged(found: tuple[Store, Network, list[Indicator]]) -> None:
    _, _, indicators = found
    assert not [i for i in indicators if i.entity in CONTROLS]


def test_designated_and_list_entries_are_not_fronts(
    found: tuple[Store, Network, list[Indicator]],
) -> None:
    _, net, indicators = found
    assert all(not net.node(i.entity).designated for i in indicators)


def test_fronts_rank_strong_indicators_first(demo_store_path: Path) -> None:
    with Store(demo_store_path, read_only=True) as store:
        fronts = find_fronts(store)
    strengths = [f.strength for f in fronts]
    assert strengths == sorted(strengths, reverse=True)
    assert fronts[0].strength == 3 and fronts[-1].codes[0].startswith("nominee")
