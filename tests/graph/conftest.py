"""Engine-backed graph tests run once per engine (Spark joins behind its marker)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from moneytrail.engines import DuckDBEngine, Engine


@pytest.fixture(params=["duckdb"])
def engine(request: pytest.FixtureRequest) -> Iterator[Engine]:
    backend = DuckDBEngine()
    yield backend
    backend.close()
