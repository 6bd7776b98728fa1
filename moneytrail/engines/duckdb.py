"""The embedded default engine: one DuckDB file, nothing to start.

This is the only module that imports duckdb; everything else speaks Arrow and SQL
through it, so the same analyses can run on Spark.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ClassVar

import duckdb
import pyarrow as pa

from moneytrail.errors import ConfigError, InvalidInput

# A DuckDB file has "DUCK" at byte 8. Other databases, named by their own magic, are
# refused before DuckDB sees them: given a SQLite file, DuckDB tries to download its
# sqlite_scanner extension (a network call and a confusing error) instead of failing.
DUCKDB_MAGIC = (8, b"DUCK")
OTHER_MAGIC = ((b"SQLite format 3\x00", "a SQLite database"), (b"PAR1", "a Parquet file"))


def check_header(path: Path) -> None:
    """Refuse an existing file that is not a DuckDB database, naming what it looks like."""
    try:
        with path.open("rb") as fh:
            head = fh.read(64)
    except (FileNotFoundError, IsADirectoryError, PermissionError):
        return  # DuckDB creates it, or says why it cannot
    offset, magic = DUCKDB_MAGIC
    if head[offset : offset + len(magic)] == magic:
        return
    what = next((name for sig, name in OTHER_MAGIC if head.startswith(sig)), None)
    if what is None:
        what = "an empty file" if not head else "not a DuckDB database"
    raise InvalidInput(
        f"not a moneytrail store: {what} (a store is a DuckDB file moneytrail made; "
        "give a new path to create one)",
        file=str(path),
    )


class DuckDBEngine:
    """A DuckDB connection to a file (or memory) with transactional writes."""

    NAME: ClassVar[str] = "duckdb"

    def __init__(self, path: Path | str | None = None, *, read_only: bool = False) -> None:
        self.path = None if path is None else Path(path)
        target = ":memory:" if self.path is None else str(self.path)
        if self.path is not None:
            check_header(self.path)
        try:
            self._con = duckdb.connect(target, read_only=read_only)
        except duckdb.IOException as exc:
            raise ConfigError(f"cannot open store {target}: {exc}") from exc
        except duckdb.Error as exc:
            raise InvalidInput(f"not a moneytrail store: {exc}", file=target) from exc
        self._depth = 0

    def query(self, sql: str, params: Sequence[Any] = ()) -> pa.Table:
        relation = self._con.sql(sql, params=list(params) or None)
        if relation is None:
            return pa.table({})
        table: pa.Table = relation.to_arrow_table()
        return table

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Small results as Python tuples (for counts and lookups)."""
        return self._con.execute(sql, list(params)).fetchall()

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self._con.execute(sql, list(params))

    def register(self, name: str, table: pa.Table) -> None:
        self._con.register(name, table)

    def unregister(self, name: str) -> None:
        self._con.unregister(name)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        # Nested use joins the outer transaction: one load is one commit.
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self._con.execute("BEGIN TRANSACTION")
        self._depth = 1
        try:
            yield
        except BaseException:
            self._con.execute("ROLLBACK")
            raise
        else:
            self._con.execute("COMMIT")
        finally:
            self._depth = 0

    def connection(self) -> duckdb.DuckDBPyConnection:
        """The raw connection, for Splink's DuckDB backend only: it must run its own SQL,
        and handing it this connection keeps every duckdb.connect in this module."""
        return self._con

    def close(self) -> None:
        self._con.close()
