"""detect and trace on Spark equal the embedded results (same alerts, same traces)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from moneytrail.engines import DuckDBEngine
from moneytrail.flows import Direction, FlowGraph, Method, build_graph, parse_map, read_transactions
from moneytrail.flows import trace as trace_flows
from moneytrail.typologies import PORTABLE, Typology, record, resolve, run
from moneytrail.typologies._fan import FanConfig
from moneytrail.typologies.fan_in import FanIn
from moneytrail.typologies.fan_out import FanOut
from moneytrail.typologies.structuring import Structuring, StructuringConfig
from tests.conftest import FIXTURES
from tests.flows.helpers import graph
from tests.typologies.scenes import scene

pytestmark = pytest.mark.spark
BENCH = Path(__file__).parents[2] / "bench"
SLICE = FIXTURES / "transactions_amlsim_slice" / "transactions.csv"
MAP = parse_map("id=tran_id,source=orig_acct,target=bene_acct,amount=base_amt,date=tran_timestamp")


@pytest.fixture(scope="module")
def amlsim() -> FlowGraph:
    return build_graph(read_transactions(SLICE, MAP))


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> FlowGraph:
    """The bench generator's background with every typology planted (20,000 rows)."""
    sys.path.insert(0, str(BENCH))
    try:
        import flows_generator  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(BENCH))
    table, labels = flows_generator.generate(20_000, seed=3)
    path = flows_generator.write(table, labels, tmp_path_factory.mktemp("gen") / "tx.csv")
    return build_graph(read_transactions(path.with_name("tx.csv"), MAP))


def alerts(graph: FlowGraph, engine: Any, typologies: list[Typology]) -> list[dict[str, Any]]:
    return [record(a, graph) for a in run(graph, engine, typologies)]


def embedded(graph: FlowGraph, typologies: list[Typology]) -> list[dict[str, Any]]:
    duck = DuckDBEngine()
    try:
        return alerts(graph, duck, typologies)
    finally:
        duck.close()


def test_every_typology_on_a_year_with_planted_patterns(spark: Any) -> None:
    """The typology tests' year of ordinary traffic: every v2 typology fires on it."""
    year = graph(scene().rows)
    typologies = resolve(None)
    expected = embedded(year, typologies)
    fired = {a["typology"] for a in expected}
    assert fired >= set(PORTABLE) - {"structuring-v2"}
    assert alerts(year, spark, typologies) == expected


def test_detect_on_the_amlsim_slice(amlsim: FlowGraph, spark: Any) -> None:
    """AMLSim's 20K sample is all one-off pairs: with novelty counted anyway, fans fire."""
    fan = FanConfig(max_novel_share=1.0, min_count=3)
    near = StructuringConfig(min_count=2, threshold=500.0, tolerance=0.3)
    typologies: list[Typology] = [FanIn(fan), FanOut(fan), Structuring(near)]
    expected = embedded(amlsim, typologies)
    assert {a["typology"] for a in expected} == {t.NAME for t in typologies}
    assert alerts(amlsim, spark, typologies) == expected


def assert_same_trace(graph: FlowGraph, seeds: list[str], spark: Any, **options: Any) -> None:
    expected = trace_flows(graph, seeds, **options)
    got = trace_flows(graph, seeds, engine=spark, **options)
    assert len(expected.accounts) > 10
    assert list(got.records()) == list(expected.records())  # accounts, hops, dates, paths
    np.testing.assert_allclose(got.amount, expected.amount, rtol=0, atol=1e-9)
    np.testing.assert_array_equal(got.first_t, expected.first_t)


@pytest.mark.parametrize(
    ("direction", "method"),
    [(Direction.FORWARD, Method.PROPORTIONAL), (Direction.BACKWARD, Method.FIFO)],
)
def test_trace_on_the_amlsim_slice(
    amlsim: FlowGraph, spark: Any, direction: Direction, method: Method
) -> None:
    ends = amlsim.src if direction is Direction.FORWARD else amlsim.dst
    busiest = np.argsort(-np.bincount(ends), kind="stable")[:3]
    seeds = amlsim.accounts.take(busiest).to_pylist()
    assert_same_trace(amlsim, seeds, spark, direction=direction, hops=5, method=method)


def test_trace_on_the_generator(generated: FlowGraph, spark: Any) -> None:
    seeds = generated.accounts.slice(0, 5).to_pylist()
    assert_same_trace(generated, seeds, spark, hops=3)
