"""Graph features (gfp-v1): known values on planted motifs, scale-freeness, Spark parity.

The background is two months of random payments among 150 accounts; planted on fresh
accounts are a three-account cycle, a fan-in of eight, a scatter-gather through three
mules, a two-account round trip and a pass-through account, so every motif feature
has one exact expected value.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pytest

from moneytrail.engines import DuckDBEngine
from moneytrail.errors import InvalidInput
from moneytrail.flows import FlowGraph, build_graph, parse_map, read_transactions
from moneytrail.typologies.features import (
    DAY,
    FEATURE_VERSION,
    account_features,
    default_windows,
    describe,
    feature_names,
    signed_features,
    transaction_features,
)
from tests.conftest import FIXTURES
from tests.engines.conftest import spark, spark_session  # noqa: F401 (fixtures)
from tests.flows.helpers import Row, graph

DEV_SLICE = FIXTURES / "transactions_amlsim_dev_slice" / "transactions.csv"
DEV_MAP = parse_map(
    "id=tran_id,source=orig_acct,target=bene_acct,amount=base_amt,date=tran_timestamp"
)
WINDOWS = [DAY, 7 * DAY]

PLANTED: list[Row] = [
    # cycle C1 -> C2 -> C3 -> C1 on days 10-12 (one week bucket: days 7-13)
    ("c1", "C1", "C2", 900.0, 10),
    ("c2", "C2", "C3", 880.0, 11),
    ("c3", "C3", "C1", 860.0, 12),
    # fan-in: eight senders pay H on days 22-23
    *[(f"f{i}", f"F{i}", "H", 300.0 + i, 22 + i % 2) for i in range(8)],
    # scatter-gather X -> M1..M3 -> Y on days 31-33
    *[(f"s{i}", "X", f"M{i}", 500.0, 31) for i in range(3)],
    *[(f"g{i}", f"M{i}", "Y", 490.0, 33) for i in range(3)],
    # round trip P -> Q -> P on days 45-46, and pass-through A -> T -> B (100 in, 100 out)
    ("p1", "P", "Q", 700.0, 45),
    ("p2", "Q", "P", 690.0, 46),
    ("t1", "A", "T", 100.0, 52),
    ("t2", "T", "B", 100.0, 53),
]


def background(seed: int = 7, n: int = 1000) -> list[Row]:
    rng = np.random.default_rng(seed)
    src = rng.integers(0, 150, n)
    dst = (src + rng.integers(1, 150, n)) % 150
    amount = np.round(rng.lognormal(5.0, 1.0, n), 2)
    day = rng.integers(0, 60, n)
    return [
        (f"b{i}", f"acct{s}", f"acct{d}", float(a), int(t))
        for i, (s, d, a, t) in enumerate(zip(src, dst, amount, day, strict=True))
    ]


@pytest.fixture(scope="module")
def engine() -> Iterator[DuckDBEngine]:
    eng = DuckDBEngine()
    yield eng
    eng.close()


@pytest.fixture(scope="module")
def planted() -> FlowGraph:
    return graph(background() + PLANTED)


@pytest.fixture(scope="module")
def features(planted: FlowGraph, engine: DuckDBEngine) -> pa.Table:
    return transaction_features(planted, engine, WINDOWS)


def values(table: pa.Table, g: FlowGraph, ids: list[str], column: str) -> list[float]:
    """Feature values of the transactions ``ids`` (user ids -> time-ordered rows)."""
    by_id = {tx: i for i, tx in enumerate(g.edge_ids(np.arange(g.n_edges)))}
    col = np.asarray(table.column(column))
    return [float(col[by_id[tx]]) for tx in ids]


def test_columns_are_the_versioned_feature_list(features: pa.Table, planted: FlowGraph) -> None:
    assert FEATURE_VERSION == "gfp-v1"
    assert features.column_names == ["row", *feature_names(WINDOWS)]
    assert features.num_rows == planted.n_edges
    assert np.array_equal(np.asarray(features.column("row")), np.arange(planted.n_edges))
    assert set(signed_features(WINDOWS)) < set(feature_names(WINDOWS))
    assert describe("dst_fan_in_7d", WINDOWS) == "percentile of accounts that paid the " + (
        "receiver within 7 days"
    )


def test_only_the_asked_columns(
    features: pa.Table, planted: FlowGraph, engine: DuckDBEngine
) -> None:
    """The ranker asks for its columns only; they equal the full table's."""
    wanted = signed_features(WINDOWS)
    subset = transaction_features(planted, engine, WINDOWS, wanted)
    assert subset.column_names == ["row", *wanted]
    for name in wanted:  # DuckDB sums in parallel: equal up to the order of additions
        np.testing.assert_allclose(
            np.asarray(subset.column(name)),
            np.asarray(features.column(name)),
            rtol=1e-12,
            atol=1e-12,
            err_msg=name,
        )
    with pytest.raises(InvalidInput, match="not gfp-v1 features"):
        transaction_features(planted, engine, WINDOWS, ["cycle2_30d"])


def test_cycle_of_three(features: pa.Table, planted: FlowGraph) -> None:
    ids = ["c1", "c2", "c3"]
    assert values(features, planted, ids, "cycle3_7d") == [pytest.approx(np.log(2))] * 3
    assert values(features, planted, ids, "cycle_scc_7d") == [3.0, 3.0, 3.0]
    # a day's bucket never holds the whole loop
    assert values(features, planted, ids, "cycle_scc_1d") == [0.0, 0.0, 0.0]
    assert values(features, planted, ["f0", "s0"], "cycle3_7d") == [0.0, 0.0]


def test_fan_in_is_the_top_percentile(features: pa.Table, planted: FlowGraph) -> None:
    fan = values(features, planted, [f"f{i}" for i in range(8)], "dst_fan_in_7d")
    top = float(np.max(np.asarray(features.column("dst_fan_in_7d"))))
    assert fan == [top] * 8
    assert top > 0.99
    # the senders are otherwise unremarkable: each paid one account in the week
    assert values(features, planted, ["f0"], "src_fan_out_7d")[0] < 0.9


def test_scatter_gather_and_round_trip(features: pa.Table, planted: FlowGraph) -> None:
    assert values(features, planted, ["s0", "s1", "s2"], "scatter_7d") == [3.0] * 3
    assert values(features, planted, ["g0", "g1", "g2"], "gather_7d") == [3.0] * 3
    assert values(features, planted, ["s0", "g0"], "gather_1d") == [0.0, 0.0]
    assert values(features, planted, ["p1", "p2"], "cycle2_7d") == [pytest.approx(np.log(2))] * 2
    assert values(features, planted, ["t2"], "src_passthrough_7d") == [1.0]
    assert values(features, planted, ["t1"], "dst_passthrough_7d") == [1.0]


def test_pair_rhythm_and_novelty(features: pa.Table, planted: FlowGraph) -> None:
    assert values(features, planted, ["c1", "p2"], "pair_first") == [1.0, 1.0]
    first = values(features, planted, ["c1"], "pair_gap")[0]  # no previous payment: the span
    assert first == float(np.nanmax(np.asarray(features.column("pair_gap"))))
    ages = values(features, planted, ["c1", "c2"], "src_age")
    assert ages[0] == 0.0  # C1 is new at its first payment
    assert 0 < ages[1] < 1


def test_scale_free_in_amounts(planted: FlowGraph, engine: DuckDBEngine) -> None:
    """Another bank's currency unit (amounts x 1000) gives the same features."""
    scaled = graph([(i, s, d, a * 1000, t) for i, s, d, a, t in background() + PLANTED])
    a = transaction_features(planted, engine, WINDOWS)
    b = transaction_features(scaled, engine, WINDOWS)
    for name in feature_names(WINDOWS):
        if name.startswith("amt_vs"):  # log1p(amount) shifts by a near-constant
            continue
        np.testing.assert_allclose(
            np.asarray(a.column(name)), np.asarray(b.column(name)), rtol=1e-9, err_msg=name
        )


def test_account_features(planted: FlowGraph, engine: DuckDBEngine, features: pa.Table) -> None:
    table = account_features(planted, engine, WINDOWS, transactions=features)
    assert table.num_rows == planted.n_accounts
    codes = planted.codes(["C1", "H", "X", "acct3"])
    loop = np.asarray(table.column("max_cycle_scc_7d"))[codes]
    assert list(loop[:3]) == [3.0, 0.0, 0.0]
    fan_in = np.asarray(table.column("fan_in"))
    assert fan_in[codes[1]] > np.median(fan_in)
    assert np.asarray(table.column("max_scatter_7d"))[codes[2]] == 3.0


def test_default_windows() -> None:
    two_months = graph(background())
    assert default_windows(two_months) == [DAY, 7 * DAY, 30 * DAY]
    year = graph([("a", "x", "y", 1.0, 0), ("b", "y", "z", 1.0, 364)])
    assert default_windows(year) == [DAY, 7 * DAY, 30 * DAY, 90 * DAY]


@pytest.mark.spark
def test_spark_parity(spark: Any) -> None:  # noqa: F811 (the imported fixture)
    """The same features from Spark as from DuckDB on ten days of AMLSim."""
    g = build_graph(read_transactions(Path(DEV_SLICE), DEV_MAP))
    windows = default_windows(g)
    duck = DuckDBEngine()
    try:
        expected = transaction_features(g, duck, windows)
        accounts = account_features(g, duck, windows, transactions=expected)
    finally:
        duck.close()
    got = transaction_features(g, spark, windows)
    assert got.column_names == expected.column_names
    for name in expected.column_names:
        np.testing.assert_allclose(
            np.asarray(got.column(name)),
            np.asarray(expected.column(name)),
            rtol=1e-9,
            atol=1e-12,
            err_msg=name,
        )
    got_accounts = account_features(g, spark, windows, transactions=got)
    assert got_accounts.column_names == accounts.column_names
    for name in accounts.column_names:  # sums of amounts: last-bit differences only
        np.testing.assert_allclose(
            np.asarray(got_accounts.column(name)),
            np.asarray(accounts.column(name)),
            rtol=1e-9,
            err_msg=name,
        )
