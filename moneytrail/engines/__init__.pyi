"""Type stub of the lazy facade: what ``__init__.py`` exports, for mypy and editors."""

from .base import Engine as Engine
from .duckdb import DuckDBEngine as DuckDBEngine
