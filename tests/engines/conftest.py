"""One Spark session for the whole run (local[2], 4 shuffle partitions, no UI).

Starting a JVM costs seconds, so every Spark test shares this session through thin
``SparkEngine`` wrappers whose ``close`` drops only their own views. Without PySpark
or Java the Spark tests are skipped with the reason; CI installs both.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from moneytrail.errors import EngineUnavailable


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "spark: needs PySpark and Java (local[2] session)")


@pytest.fixture(scope="session")
def spark_session() -> Iterator[Any]:
    from moneytrail.engines.spark import SparkEngine

    try:
        engine = SparkEngine("local[2]", config={"spark.sql.shuffle.partitions": "4"})
    except EngineUnavailable as exc:
        # CI installs PySpark and Java: there, a missing engine is a failure, not a skip.
        if os.environ.get("CI"):
            pytest.fail(f"Spark parity tests cannot run in CI: {exc}")
        pytest.skip(str(exc))
    engine.spark.sparkContext.setLogLevel("ERROR")
    yield engine.spark
    engine.close()


@pytest.fixture
def spark(spark_session: Any) -> Iterator[Any]:
    """A SparkEngine on the shared session."""
    from moneytrail.engines.spark import SparkEngine

    engine = SparkEngine(session=spark_session)
    yield engine
    engine.close()
