"""Review state in PostgreSQL, for deployments where several analysts and servers share it.

The embedded store admits one writing process; a team running more than one API
server (or deciding alerts while a list update runs) needs a database that many
processes write. This repository keeps the same tables as ``DuckDBRepository`` and
returns the same records, so services cannot tell them apart.

Every transaction first locks the one ``audit_head`` row (``SELECT ... FOR UPDATE``).
That is what the ``Repository`` protocol asks of ``transaction()``: while it is held,
no other writer, in this process or another, can read the same head and fork the
hash chain. Writes outside a transaction commit on their own, as in DuckDB.

One connection per repository, guarded by a lock: a psycopg connection must not run
two statements at once, and the API's writers are few and short (audit lines are
group-committed). A broken connection is replaced before the next call.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg import sql

from moneytrail.alerts.models import (
    Alert,
    AuditEntry,
)
from moneytrail.alerts.queries import (
    ALERT_COLUMNS,
    SharedQueries,
    alert_row,
    audit_row,
)
from moneytrail.alerts.schema import POSTGRES, ddl
from moneytrail.errors import ConfigError

SCHEMA_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
# Two processes starting on an empty database would race to create the same tables.
DDL_LOCK = 0x6D6F6E6579  # "money"

DDL = ddl(POSTGRES)


def redact(url: str) -> str:
    """The URL without its password, for messages and logs."""
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", url)


class PostgresRepository(SharedQueries):
    """Accounts, alerts, decisions, audit log and merged ids in a PostgreSQL database.

    ``schema`` puts the tables in their own PostgreSQL schema (created if missing),
    for tests or for several deployments sharing one database.
    """

    MARK = "%s"
    COLLATE = ' COLLATE "C"'
    DATASET_IN = "jsonb_exists(datasets::jsonb, ?)"
    KIND_OF = "explanation::jsonb ->> 'kind'"
    AUDIT_ORDER = "row_no"

    def __init__(self, url: str, *, schema: str | None = None, connect_timeout: int = 10) -> None:
        if schema is not None and not SCHEMA_NAME.match(schema):
            raise ConfigError(f"not a PostgreSQL schema name: {schema!r}")
        self.url = url
        self.schema = schema
        self.connect_timeout = connect_timeout
        self._lock = threading.RLock()
        self._depth = 0
        self._conn: psycopg.Connection[tuple[Any, ...]] | None = None
        with self._lock:
            conn = self._connection()
            with conn.transaction():
                conn.execute("SELECT pg_advisory_xact_lock(%s)", [DDL_LOCK])
                for ddl in DDL:
                    conn.execute(ddl)

    def _connect(self) -> psycopg.Connection[tuple[Any, ...]]:
        try:
            conn = psycopg.connect(self.url, autocommit=True, connect_timeout=self.connect_timeout)
        except psycopg.Error as exc:
            raise ConfigError(f"cannot connect to {redact(self.url)}: {exc}") from exc
        if self.schema is not None:
            ident = sql.Identifier(self.schema)
            conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(ident))
            conn.execute(sql.SQL("SET search_path TO {}").format(ident))
        return conn

    def _connection(self) -> psycopg.Connection[tuple[Any, ...]]:
        """The open connection; a closed or broken one is replaced between transactions."""
        conn = self._conn
        if conn is None or ((conn.closed or conn.broken) and self._depth == 0):
            conn = self._conn = self._connect()
        return conn

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self._lock:
            if self._depth:  # nested: join the outer transaction, one commit
                self._depth += 1
                try:
                    yield
                finally:
                    self._depth -= 1
                return
            conn = self._connection()
            self._depth = 1
            try:
                with conn.transaction():
                    conn.execute("SELECT seq FROM audit_head WHERE id = 1 FOR UPDATE")
                    yield
            finally:
                self._depth = 0

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock, self._connection().cursor() as cur:
            cur.execute(sql, list(params))
            return cur.fetchall()

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run one statement; the number of rows it touched."""
        with self._lock, self._connection().cursor() as cur:
            cur.execute(sql, list(params))
            return cur.rowcount

    # -- alerts --------------------------------------------------------------------

    def add_alert(self, alert: Alert) -> bool:
        marks = ", ".join(["%s"] * 15)
        touched = self._execute(
            f"INSERT INTO alerts ({ALERT_COLUMNS}) VALUES ({marks}) ON CONFLICT (id) DO NOTHING",
            alert_row(alert),
        )
        return touched == 1

    # -- audit log ----------------------------------------------------------------

    def audit_head(self) -> tuple[int, str] | None:
        rows = self._rows("SELECT seq, hash FROM audit_head WHERE id = 1")
        if not rows or int(rows[0][0]) == 0:
            return None
        return int(rows[0][0]), str(rows[0][1])

    def append_audit(self, entries: Sequence[AuditEntry]) -> None:
        if not entries:
            return
        with self.transaction(), self._connection().cursor() as cur:
            cur.executemany(
                "INSERT INTO audit_log (seq, logged_at, actor, action, subject, payload, "
                "prev_hash, hash) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                [audit_row(e) for e in entries],
            )
            last = entries[-1]
            cur.execute(
                "INSERT INTO audit_head VALUES (1, %s, %s) "
                "ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash",
                [last.seq, last.hash],
            )
