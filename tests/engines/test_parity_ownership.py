"""Ownership on Spark equals DuckDB: same blocked sets, rounds, shares and reasons."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from moneytrail.engines import DuckDBEngine
from moneytrail.graph import OwnershipResult, ownership_report
from tests.conftest import FIXTURES
from tests.graph.helpers import KASSIM, TAJCO, company, directs, network, owns, person, write

pytestmark = pytest.mark.spark


def faq_registry() -> list[dict[str, Any]]:
    """The OFAC FAQ 398-401 shapes in one file: aggregation, chains, ranges, control."""
    es = network("a", "b", "c", "d", "e", "f", "g", "h", "j", blocked=(KASSIM, TAJCO))
    es += [person("p1", "Plain Person")]
    es += [owns(KASSIM, "a", "50"), owns(TAJCO, "b", "25"), owns(KASSIM, "b", "25")]
    es += [owns("a", "c", "60"), owns("c", "d", "30"), owns(KASSIM, "d", "20")]
    es += [owns("p1", "e", "100"), owns("e", "f", "100"), owns(KASSIM, "g", "33.3333")]
    es += [owns(TAJCO, "g", "16.6667"), owns(KASSIM, "h", "40-60%"), owns(TAJCO, "j")]
    es += [directs(KASSIM, "j", "director"), owns("d", "a", "10")]  # a cycle back to a
    return es


def generated_registry(n: int = 240, seed: int = 11) -> list[dict[str, Any]]:
    """A random registry with chains, cycles, joint holdings, ranges and control."""
    rng = random.Random(seed)
    ids = [f"g{i:03d}" for i in range(n)]
    es = [company(i, designated=rng.random() < 0.08) for i in ids]
    shares = ["10", "20", "25", "30", "33.3333", "49.9999", "50", "51", "75", "100", "20-30%"]
    seen = set()
    for _ in range(3 * n):
        owner, asset = rng.sample(ids, 2)
        if (owner, asset) in seen:
            continue
        seen.add((owner, asset))
        if rng.random() < 0.05:
            es.append(directs(owner, asset, "director"))
        else:
            es.append(owns(owner, asset, *([rng.choice(shares)] if rng.random() > 0.05 else [])))
    return es


def both(path: Path, rule: str, spark: Any) -> tuple[OwnershipResult, OwnershipResult]:
    duck = DuckDBEngine()
    try:
        expected = ownership_report(path, [], rule, engine=duck)
    finally:
        duck.close()
    return expected, ownership_report(path, [], rule, engine=spark)


def assert_same(expected: OwnershipResult, got: OwnershipResult) -> None:
    assert got.rounds == expected.rounds
    assert {r["id"] for r in got.records if r["blocked"]} == {
        r["id"] for r in expected.records if r["blocked"]
    }
    assert got.records == expected.records  # shares are exact (integer millionths)


@pytest.mark.parametrize("rule", ["ofac", "eu"])
def test_tajideen_fixture(rule: str, spark: Any) -> None:
    expected, got = both(FIXTURES / "ownership_tajideen.jsonl", rule, spark)
    assert expected.blocked
    assert_same(expected, got)


@pytest.mark.parametrize("rule", ["ofac", "eu-2024"])
def test_faq_shapes(rule: str, spark: Any, tmp_path: Path) -> None:
    expected, got = both(write(tmp_path / "faq.jsonl", faq_registry()), rule, spark)
    assert expected.blocked and expected.rounds >= 2
    assert_same(expected, got)


@pytest.mark.parametrize("rule", ["ofac", "eu"])
def test_generated_registry(rule: str, spark: Any, tmp_path: Path) -> None:
    expected, got = both(write(tmp_path / "gen.jsonl", generated_registry()), rule, spark)
    assert expected.blocked > 10 and expected.rounds >= 3
    assert_same(expected, got)
