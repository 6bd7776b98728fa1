"""The Engine protocol on Spark: Arrow in and out, and the DuckDB temp-table idiom."""

from __future__ import annotations

from typing import Any

import pyarrow as pa
import pytest

pytestmark = pytest.mark.spark


def test_register_query_round_trip(spark: Any) -> None:
    table = pa.table(
        {
            "idx": pa.array([1, 2, 3], pa.int32()),
            "low": pa.array([5, None, 7], pa.int64()),
            "name": ["a", "b", None],
            "ok": [True, False, True],
        }
    )
    spark.register("t", table)
    out = spark.query("SELECT * FROM t ORDER BY idx")
    assert out.equals(table)
    assert spark.query("SELECT sum(low) AS s FROM t WHERE idx > ?", [1]).to_pylist() == [{"s": 7}]
    spark.unregister("t")


def test_temp_tables_insert_and_drop(spark: Any) -> None:
    spark.execute("CREATE OR REPLACE TEMP TABLE x AS SELECT 1 AS node, 0 AS step")
    for step in range(1, 4):  # a growing table, checkpointed every round
        spark.execute(f"INSERT INTO x SELECT node + 1, {step} FROM x WHERE step = {step - 1}")
    rows = spark.query("SELECT node, step FROM x ORDER BY node").to_pylist()
    assert rows == [{"node": n, "step": n - 1} for n in range(1, 5)]
    spark.execute("DROP TABLE IF EXISTS x")
    assert not spark.spark.catalog.tableExists("x")


def test_transaction_is_a_no_op_context(spark: Any) -> None:
    with spark.transaction():
        spark.execute("CREATE OR REPLACE TEMP TABLE y AS SELECT 1 AS a")
    assert spark.query("SELECT a FROM y").num_rows == 1


def test_close_keeps_a_shared_session(spark_session: Any) -> None:
    from moneytrail.engines.spark import SparkEngine

    engine = SparkEngine(session=spark_session)
    engine.register("z", pa.table({"a": [1]}))
    engine.close()
    assert not spark_session.catalog.tableExists("z")
    assert spark_session.sql("SELECT 1 AS one").collect()[0]["one"] == 1
