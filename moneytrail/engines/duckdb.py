"""The embedded default engine: one DuckDB file, nothing to start.

This module and duckdb_files.py are the only ones that import duckdb; everything else
speaks Arrow and SQL through them, so the same analyses can run on Spark.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any, ClassVar

import duckdb
import pyarrow as pa

from moneytrail.engines.duckdb_files import shared
from moneytrail.errors import Busy, ConfigError, InvalidInput

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


LOCK_WAIT_VAR = "MONEYTRAIL_LOCK_WAIT"
DEFAULT_LOCK_WAIT = 10.0  # seconds a command waits for a store another process holds
_HOLDER = re.compile(r"\(PID (\d+)\)")


def lock_wait_seconds() -> float:
    """How long to wait for a busy store: ``MONEYTRAIL_LOCK_WAIT`` seconds (default 10)."""
    raw = os.environ.get(LOCK_WAIT_VAR, "").strip()
    try:
        return max(0.0, float(raw)) if raw else DEFAULT_LOCK_WAIT
    except ValueError:
        raise ConfigError(f"{LOCK_WAIT_VAR} must be a number of seconds, not {raw!r}") from None


def _connect(target: str, read_only: bool) -> duckdb.DuckDBPyConnection:
    """A private connection to a file nobody else uses (a snapshot being written)."""
    try:
        return duckdb.connect(target, read_only=read_only)
    except duckdb.Error as exc:
        raise InvalidInput(f"not a moneytrail store: {exc}", file=target) from exc


def _busy(target: str, message: str, wait: float) -> Busy:
    holder = _HOLDER.search(message)
    who = f"process {holder.group(1)}" if holder else "another process"
    return Busy(
        f"the store {target} is in use by {who} (a running `moneytrail serve`, or a load); "
        f"waited {wait:g} s. Run this command again when it is done, stop that process, or "
        "keep alerts in PostgreSQL (MONEYTRAIL_DATABASE_URL) so several processes can work "
        f"at once; {LOCK_WAIT_VAR} sets the wait"
    )


class DuckDBEngine:
    """A DuckDB connection to a file (or memory) with transactional writes.

    On a file, the engine is a cursor of the process's one DuckDB instance and the
    file is attached only while the engine uses it (engines/duckdb_files.py says why):
    another process (a CLI command beside a running server) can use the same file
    between two requests. In memory, it is a private connection.
    """

    NAME: ClassVar[str] = "duckdb"

    def __init__(
        self, path: Path | str | None = None, *, read_only: bool = False, private: bool = False
    ) -> None:
        """``private``: a connection of its own to a file no other engine uses (a new
        snapshot being written), held until ``close``."""
        self.path = None if path is None else Path(path)
        self.read_only = read_only
        self._depth = 0
        self._wait = lock_wait_seconds()
        self._alias: str | None = None  # the catalog this cursor last USEd
        self._holding: AbstractContextManager[str] | None = None
        if self.path is None:
            self._con = duckdb.connect(":memory:")
            self._target: str | None = None
            return
        check_header(self.path)
        if private:
            self._con = _connect(str(self.path), read_only)
            self._target = None
            return
        self._target = str(self.path.resolve())
        self._con = shared().cursor()
        with self._file():  # fails now, with Busy or InvalidInput, not at the first query
            pass

    @contextmanager
    def _file(self) -> Iterator[None]:
        """The file attached and this cursor's default catalog for the block."""
        if self._target is None or self._holding is not None:
            yield
            return
        try:
            with shared().using(
                self._target, read_only=self.read_only, wait=self._wait, on_locked=_busy
            ) as alias:
                if alias != self._alias:
                    self._con.execute(f"USE {alias}")
                    self._alias = alias
                yield
        except duckdb.Error as exc:
            if isinstance(exc, duckdb.IOException) and "lock" in str(exc).lower():
                raise _busy(self._target, str(exc), self._wait) from None
            if "attach" in str(exc).lower() or "not a valid" in str(exc).lower():
                raise InvalidInput(f"not a moneytrail store: {exc}", file=self._target) from exc
            raise

    def query(self, sql: str, params: Sequence[Any] = ()) -> pa.Table:
        with self._file():
            relation = self._con.sql(sql, params=list(params) or None)
            if relation is None:
                return pa.table({})
            table: pa.Table = relation.to_arrow_table()
            return table

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Small results as Python tuples (for counts and lookups)."""
        with self._file():
            return self._con.execute(sql, list(params)).fetchall()

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        with self._file():
            self._con.execute(sql, list(params))

    def register(self, name: str, table: pa.Table) -> None:
        with self._file():
            self._con.register(name, table)

    def unregister(self, name: str) -> None:
        with self._file():
            self._con.unregister(name)

    @contextmanager
    def holding(self) -> Iterator[None]:
        """Keep the file attached across several statements (a loop of small queries)."""
        if self._target is None or self._holding is not None:
            yield
            return
        held = self._file()
        held.__enter__()
        self._holding = held  # type: ignore[assignment]
        try:
            yield
        finally:
            self._holding = None
            held.__exit__(None, None, None)

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
        with self.holding():
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
        """Close the cursor and let go of the file at once if no other engine uses it,
        so that what was written is checkpointed into it (a copy of the file, or
        another process, sees it all)."""
        self._con.close()
        if self._target is not None:
            shared().release(self._target)
