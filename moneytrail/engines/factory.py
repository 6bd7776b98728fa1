"""Engines by name, for the CLI's ``--engine`` option.

The Spark engine is imported here only when asked for, so choosing DuckDB (the
default) never touches pyspark, and a missing PySpark or Java surfaces as one
``EngineUnavailable`` with the install hint rather than an ImportError.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

from moneytrail.errors import ConfigError

if TYPE_CHECKING:
    from moneytrail.engines.base import Engine


class EngineName(StrEnum):
    DUCKDB = "duckdb"
    SPARK = "spark"


def get_engine(name: str = "duckdb", **options: Any) -> Engine:
    """A new engine; ``options`` go to its constructor (``master=``, ``path=``, ...)."""
    if name == EngineName.DUCKDB:
        from moneytrail.engines.duckdb import DuckDBEngine

        return DuckDBEngine(**options)
    if name == EngineName.SPARK:
        from moneytrail.engines.spark import SparkEngine

        return SparkEngine(**options)
    choices = ", ".join(e.value for e in EngineName)
    raise ConfigError(f"unknown engine {name!r}; choose one of {choices}")
