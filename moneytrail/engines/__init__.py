"""Execution engines: the analyses speak to an ``Engine`` and exchange Arrow tables.

DuckDB is the default and always installed; Spark is an optional extra, imported
only when asked for.
"""

from moneytrail.engines.base import Engine
from moneytrail.engines.duckdb import DuckDBEngine

__all__ = ["DuckDBEngine", "Engine"]
