"""Neighbourhoods and shortest paths over the demo store (bundled lists + demo registry)."""

from __future__ import annotations

from pathlib import Path

import pytest

from moneytrail.errors import NotFound
from moneytrail.graph.network import Network, build_network
from moneytrail.graph.paths import neighbourhood, paths_to_designated
from moneytrail.store import Store
from tests.graph.test_network import KASSIM, TAJCO, build_demo_store


@pytest.fixture(scope="module")
def demo_network(bundled_store_path: Path) -> Network:
    with Store(build_demo_store(bundled_store_path), read_only=True) as store:
        return build_network(store)


def _path_to(net: Network, source: str, target: str) -> list[list[str]]:
    [path] = [p for p in paths_to_designated(net, source) if p.target == target]
    return path.kinds


def test_relative_owned_company_is_two_steps_from_kassim(demo_network: Network) -> None:
    assert _path_to(demo_network, "demo-co-kairaba-trading", KASSIM) == [["ownership"], ["family"]]


def test_shared_passport_is_a_step_of_the_path(demo_network: Network) -> None:
    kinds = _path_to(demo_network, "demo-co-cedar-holdings", KASSIM)
    assert kinds == [["ownership"], ["same_identifier"]]


def test_chain_through_a_blocked_company(demo_network: Network) -> None:
    assert _path_to(demo_network, "demo-co-river-logistics", TAJCO) == [
        ["ownership"],
        ["ownership"],
    ]


def test_paths_are_sorted_and_cite_statements(demo_network: Network) -> None:
    paths = paths_to_designated(demo_network, "demo-co-kairaba-trading")
    assert [p.length for p in paths] == sorted(p.length for p in paths)
    assert {p.target for p in paths if p.length == 1} == {TAJCO, "ofac-12455"}
    for path in paths:
        assert path.nodes[0] == "demo-co-kairaba-trading"
        assert all(step.edges and all(e.statements for e in step.edges) for step in path.steps)


def test_max_length_limits_paths(demo_network: Network) -> None:
    assert all(p.length <= 1 for p in paths_to_designated(demo_network, KASSIM, max_length=1))
    assert paths_to_designated(demo_network, KASSIM, max_length=1) == []


def test_neighbourhood_hop_limits(demo_network: Network) -> None:
    one = neighbourhood(demo_network, KASSIM, hops=1)
    assert one.distance == {KASSIM: 0, "demo-p-hassan": 1, "demo-p-kassim": 1}
    two = neighbourhood(demo_network, KASSIM, hops=2)
    assert set(two.distance) == set(one.distance) | {
        "demo-co-kairaba-trading",
        "demo-co-cedar-holdings",
    }
    assert max(two.distance.values()) == 2
    ends = {(e.source, e.target) for e in two.edges}
    assert (KASSIM, "demo-p-hassan") in ends
    assert all(e.source in two.distance and e.target in two.distance for e in two.edges)
    zero = neighbourhood(demo_network, KASSIM, hops=0)
    assert zero.distance == {KASSIM: 0} and zero.edges == []


def test_neighbourhood_node_limit_truncates(demo_network: Network) -> None:
    hub = neighbourhood(demo_network, "demo-p-kanu", hops=2, limit=5)
    assert hub.truncated and len(hub.distance) == 5


def test_unknown_entity() -> None:
    with pytest.raises(NotFound):
        neighbourhood(Network(), "nobody")
