"""exposure on Spark equals the embedded run: same accounts, amounts, paths, designated parties.

Two inputs: the demo (moneytrail/data/demo, as ``make demo`` runs it) and the bench
generator's graph with six designated accounts of very different activity, so that
accounts are reached from several designated parties at once. Both directions.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from moneytrail.engines import DuckDBEngine
from moneytrail.flows import Direction, FlowGraph, Method, build_graph, parse_map, read_transactions
from moneytrail.flows.accounts import Accounts, parse_accounts_map, read_accounts
from moneytrail.flows.exposure import ExposureResult, Reach, exposure
from moneytrail.flows.origins import origins
from moneytrail.flows.trace import Frame
from moneytrail.screening import Screener, screener_from_sources
from tests.conftest import FIXTURES, ROOT

BENCH = ROOT / "bench"
DEMO = ROOT / "moneytrail" / "data" / "demo"
SLICE = FIXTURES / "ofac_sdn_2021-07_slice"
DEMO_MAP = "id=tx_id,source=from_account,target=to_account,amount=amount,date=value_date"
GEN_MAP = "id=tran_id,source=orig_acct,target=bene_acct,amount=base_amt,date=tran_timestamp"
# Six designated holders for the generated graph: four are list entries (by id), two
# screen as one (the demo's "Tajco Company Ltd" and "Kairaba Supermarket").
DESIGNATED = [
    ("ofac-12452", "Company", "TAJCO", ""),
    ("ofac-11494", "Person", "Kassim TAJIDEEN", "1955-03-21"),
    ("", "Company", "Tajco Company Ltd", ""),
    ("ofac-12450", "Person", "Ali TAJIDEEN", ""),
    ("", "Company", "Kairaba Supermarket", ""),
    ("ofac-2686", "Person", "Hasan NASRALLAH", "1960-08-31"),
]
RANKS = [10, 40, 80, 160, 320, 640]  # by number of transactions: a hub down to a quiet one


@pytest.fixture(scope="module")
def screener() -> Screener:
    return screener_from_sources([SLICE])


@pytest.fixture(scope="module")
def demo() -> tuple[FlowGraph, Accounts]:
    txs = read_transactions(DEMO / "transactions.csv", parse_map(DEMO_MAP))
    return build_graph(txs), read_accounts(
        DEMO / "accounts.csv", parse_accounts_map("id=holder_id")
    )


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[FlowGraph, Accounts]:
    """20,000 generated transactions; holders for the designated and every 5th account."""
    sys.path.insert(0, str(BENCH))
    try:
        import flows_generator  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(BENCH))
    folder = tmp_path_factory.mktemp("gen")
    table, labels = flows_generator.generate(20_000, seed=3)
    flows_generator.write(table, labels, folder / "tx.csv")
    graph = build_graph(read_transactions(folder / "tx.csv", parse_map(GEN_MAP)))
    return graph, read_accounts(_holders(graph, folder / "accounts.csv"))


def _holders(graph: FlowGraph, path: Path) -> Path:
    """The accounts file: designated holders by rank, ordinary ones named like the demo's."""
    degree = np.bincount(graph.src, minlength=graph.n_accounts)
    degree += np.bincount(graph.dst, minlength=graph.n_accounts)
    order = np.argsort(-degree, kind="stable")
    names = [str(x) for x in graph.accounts.to_pylist()]
    with (DEMO / "accounts.csv").open(encoding="utf-8") as f:
        ordinary = [r for r in csv.DictReader(f) if r["holder_id"].startswith("cust-")]
    rows = [[names[order[r]], *d] for r, d in zip(RANKS, DESIGNATED, strict=True)]
    chosen = {row[0] for row in rows}
    for i, name in enumerate(n for n in names[::5] if n not in chosen):
        like = ordinary[i % len(ordinary)]
        rows.append([name, f"gen-{i:05d}", like["schema"], like["name"], like["birthDate"]])
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["account", "id", "schema", "name", "birthDate"])
        writer.writerows(rows)
    return path


def assert_same_exposure(
    graph: FlowGraph, holders: Accounts, screener: Screener, engine: Any, **options: Any
) -> ExposureResult:
    expected = exposure(graph, holders, screener, **options)
    got = exposure(graph, holders, screener, engine=engine, **options)
    assert got.designated == expected.designated
    assert list(got.traces) == list(expected.traces)
    for direction in expected.traces:
        assert sum(e.direction is direction for e in expected.exposures) > 10
    # accounts, holders, hops, dates, paths, designated parties in order, line order
    assert list(got.records()) == list(expected.records())
    np.testing.assert_allclose(
        [e.amount for e in got.exposures], [e.amount for e in expected.exposures], rtol=0, atol=1e-9
    )
    return expected


@pytest.mark.spark
def test_exposure_on_the_demo(
    demo: tuple[FlowGraph, Accounts], screener: Screener, spark: Any
) -> None:
    """As ``make demo`` runs it; the method only changes the driver's replay (FIFO below)."""
    graph, holders = demo
    result = assert_same_exposure(graph, holders, screener, spark, reach=Reach.BOTH, hops=4)
    assert len(result.designated) == 4
    assert max(len(e.designated) for e in result.exposures) >= 2


@pytest.mark.spark
@pytest.mark.parametrize(
    ("reach", "method"), [(Reach.FORWARD, Method.PROPORTIONAL), (Reach.BACKWARD, Method.FIFO)]
)
def test_exposure_on_the_generator(
    generated: tuple[FlowGraph, Accounts],
    screener: Screener,
    spark: Any,
    reach: Reach,
    method: Method,
) -> None:
    graph, holders = generated
    result = assert_same_exposure(
        graph, holders, screener, spark, reach=reach, hops=3, method=method, min_amount=1.0
    )
    basis = sorted(d.designations[0].basis for d in result.designated.values())
    assert basis == ["id"] * 4 + ["screening"] * 2
    assert len(result.exposures) > 100
    assert max(len(e.designated) for e in result.exposures) >= 4
    assert any(e.holder is None for e in result.exposures)


@pytest.mark.parametrize(("direction", "hops"), [(Direction.FORWARD, 3), (Direction.BACKWARD, 1)])
def test_origins_sql_on_duckdb_equals_the_in_memory_searches(
    generated: tuple[FlowGraph, Accounts], direction: Direction, hops: int
) -> None:
    """The engine SQL is plain enough for DuckDB too, and finds exactly the same sets."""
    graph, _ = generated
    frame = Frame.of(graph, direction)
    seeds = np.arange(0, graph.n_accounts, 97, dtype=np.int64)
    expected = origins(frame, seeds, graph.n_accounts, hops, None)
    duck = DuckDBEngine()
    try:
        got = origins(frame, seeds, graph.n_accounts, hops, duck)
    finally:
        duck.close()
    assert got == expected
    assert len(expected) > 10 and max(map(len, expected.values())) > 1


CLI = ("exposure", "--transactions", str(DEMO / "transactions.csv"), "--map", DEMO_MAP,
       "--accounts", str(DEMO / "accounts.csv"), "--accounts-map", "id=holder_id",
       "--list", str(SLICE), "--hops", "3", "--direction", "forward")  # fmt: skip


def test_cli_engine_spark_without_pyspark_fails_before_screening(tmp_path: Path) -> None:
    code = (
        "import sys; sys.modules['pyspark'] = None; sys.modules['pyspark.sql'] = None; "
        "import moneytrail.cli.exposure as e; "
        "e._screener = lambda *a: sys.exit('screened before the engine was started'); "
        "from moneytrail.cli.main import run; sys.argv[0] = 'moneytrail'; run()"
    )
    args = [*CLI, "--engine", "spark", "--output", str(tmp_path / "out.jsonl")]
    env = {**os.environ, "COLUMNS": "200", "MONEYTRAIL_PROGRESS": "0"}
    proc = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, cwd=ROOT
    )
    assert proc.returncode == 3, proc.stderr
    assert "pip install moneytrail[spark]" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "out.jsonl").exists()
