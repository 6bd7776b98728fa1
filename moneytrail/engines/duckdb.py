"""The embedded default engine: one DuckDB file, nothing to start.

This is the only module that imports duckdb; everything else speaks Arrow and SQL
through it, so the same analyses can run on Spark.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ClassVar

import duckdb
import pyarrow as pa

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


def _connect(target: str, read_only: bool, wait: float) -> duckdb.DuckDBPyConnection:
    """Open ``target``, waiting up to ``wait`` seconds while another process holds it.

    DuckDB lets one process write a file at a time. A command that finds the store
    held (a running ``moneytrail serve``, another load) retries for a bounded time and
    then says in one line what is busy and what to do; DuckDB's own lock text, with
    its interpreter path, never reaches the user.
    """
    deadline = time.monotonic() + wait
    pause = 0.05
    while True:
        try:
            return duckdb.connect(target, read_only=read_only)
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower():
                raise ConfigError(f"cannot open store {target}: {exc}") from exc
            if time.monotonic() >= deadline:
                raise _busy(target, str(exc), wait) from None
            time.sleep(pause)
            pause = min(0.5, pause * 2)
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
    """A DuckDB connection to a file (or memory) with transactional writes."""

    NAME: ClassVar[str] = "duckdb"

    def __init__(self, path: Path | str | None = None, *, read_only: bool = False) -> None:
        self.path = None if path is None else Path(path)
        target = ":memory:" if self.path is None else str(self.path)
        if self.path is not None:
            check_header(self.path)
        self._con = _connect(target, read_only, lock_wait_seconds())
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
