"""Each v2 typology on a year of ordinary traffic with slow, noisy patterns planted in it.

The background (payroll, rent, daily card settlement, a marketplace paying a new seller
every few days, households paying each other weekly) must raise nothing; each planted
pattern, spread over weeks or months with amounts that vary by up to 40 %, must be
found by its own typology.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest

from moneytrail.engines import DuckDBEngine
from moneytrail.errors import InvalidInput
from moneytrail.flows import FlowGraph
from moneytrail.typologies import REGISTRY, record, resolve, run
from tests.flows.helpers import graph
from tests.typologies.scenes import Scene, scene


@pytest.fixture(scope="module")
def engine() -> Iterator[DuckDBEngine]:
    eng = DuckDBEngine()
    yield eng
    eng.close()


@pytest.fixture(scope="module")
def planted() -> Scene:
    return scene()


@pytest.fixture(scope="module")
def year(planted: Scene) -> FlowGraph:
    return graph(planted.rows)


@pytest.fixture(scope="module")
def found(year: FlowGraph, engine: DuckDBEngine) -> list[dict[str, Any]]:
    return [record(a, year) for a in run(year, engine, resolve(None))]


PATTERNS = [name for name in REGISTRY if not name.startswith("structuring")]


@pytest.mark.parametrize("name", PATTERNS)
def test_each_planted_pattern_is_found_by_its_typology(
    name: str, planted: Scene, found: list[dict[str, Any]]
) -> None:
    base = name.rsplit("-v", 1)[0]
    members = planted.planted[base]
    own = [a for a in found if a["typology"] == name]
    best = max(own, key=lambda a: len(members & set(a["accounts"])), default=None)
    assert best is not None, f"{name} raised nothing"
    assert len(members & set(best["accounts"])) >= 0.8 * len(members)
    assert 0 < best["score"] < 1
    assert best["transactions"] and best["explanation"]


def test_ordinary_traffic_raises_nothing(planted: Scene, found: list[dict[str, Any]]) -> None:
    """Payroll, rent, card settlement, marketplace payouts, households: no alert is about
    them, and no alert names one of their accounts beside a planted pattern."""
    everyone_planted = set().union(*planted.planted.values())
    for alert in found:
        assert set(alert["accounts"]) <= everyone_planted, alert


def test_background_alone_is_quiet(engine: DuckDBEngine) -> None:
    quiet = Scene(seed=11)
    quiet.background()
    g = graph(quiet.rows)
    assert [record(a, g) for a in run(g, engine, resolve(None))] == []


def test_scores_rank_bigger_patterns_higher(engine: DuckDBEngine) -> None:
    small, big = Scene(3), Scene(3)
    for s, payers in ((small, 4), (big, 12)):
        s.background()
        for k in range(payers):
            s.pay(f"X{k}", "HUB", s.noisy(3000), 40 + 9 * k)
    scores = []
    for s in (small, big):
        g = graph(s.rows)
        alerts = [record(a, g) for a in run(g, engine, resolve(["fan_in"]))]
        scores.append(max(a["score"] for a in alerts if a["accounts"][0] == "HUB"))
    assert scores[0] < scores[1] < 1


def test_structuring_just_under_the_threshold(engine: DuckDBEngine) -> None:
    s = Scene(5)
    s.background()
    for k in range(5):
        s.pay(f"CASH{k % 2}", "SMURFED", 9_400 + 100 * k, 100 + 11 * k)
    for k in range(5):
        s.pay(f"OVER{k % 2}", "HONEST", 10_400 + 100 * k, 100 + 11 * k)
    g = graph(s.rows)
    hits = [record(a, g) for a in run(g, engine, resolve(["structuring"]))]
    # CASH0 sent three of the five: the sender side is structuring too.
    assert [a["accounts"][0] for a in hits] == ["CASH0", "SMURFED"]
    assert "9,000 and 10,000" in str(hits[1]["explanation"])
    assert not {"HONEST", "OVER0", "OVER1"} & {x for a in hits for x in a["accounts"]}


def test_a_larger_minimum_silences_the_fan(year: FlowGraph, engine: DuckDBEngine) -> None:
    (fan,) = resolve(["fan_in"])
    strict = REGISTRY[fan.NAME](replace(fan.config, min_count=7))
    assert [a for a in run(year, engine, [fan]) if a.accounts[0] == year.codes(["HUB"])[0]]
    assert not [a for a in run(year, engine, [strict]) if a.accounts[0] == year.codes(["HUB"])[0]]


def test_registry_names_versions_and_docs() -> None:
    for name, cls in REGISTRY.items():
        assert name.rsplit("-v", 1)[1].isdigit()
        assert cls.__doc__ and len(cls.__doc__) > 200
        assert cls.Config is type(cls().config)
    with pytest.raises(InvalidInput, match="unknown typology"):
        resolve(["nonsense"])
