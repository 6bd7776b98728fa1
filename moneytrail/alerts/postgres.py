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

import json
import re
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg import sql

from moneytrail.alerts.models import (
    DEFAULT_KIND,
    Alert,
    AlertFilter,
    AlertStatus,
    AuditEntry,
    Credentials,
    Decision,
    DecisionKind,
    User,
)
from moneytrail.alerts.repository import ALERT_COLUMNS, _alert, _audit_row, _user
from moneytrail.errors import ConfigError

SCHEMA_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
GENESIS = "0" * 64
# Two processes starting on an empty database would race to create the same tables.
DDL_LOCK = 0x6D6F6E6579  # "money"

DDL: tuple[str, ...] = (
    """CREATE TABLE IF NOT EXISTS alerts (
        id TEXT PRIMARY KEY, query_id TEXT NOT NULL, entity_id TEXT NOT NULL,
        entry_digest TEXT NOT NULL, caption TEXT, schema TEXT, datasets TEXT,
        score DOUBLE PRECISION, algorithm TEXT, query TEXT, explanation TEXT,
        list_versions TEXT, status TEXT NOT NULL, created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS decisions (
        id TEXT PRIMARY KEY, alert_id TEXT NOT NULL, kind TEXT NOT NULL,
        reason TEXT NOT NULL, actor TEXT NOT NULL, decided_at TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS users (
        id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, role TEXT NOT NULL,
        key_id TEXT NOT NULL UNIQUE, salt BYTEA NOT NULL, key_hash BYTEA NOT NULL,
        created_at TEXT NOT NULL)""",
    # No key on seq (a tampered log must still load so verify can say what is wrong);
    # row_no, last so that hand-written INSERTs of the eight columns still work, keeps
    # the stored order that DuckDB's rowid gives.
    """CREATE TABLE IF NOT EXISTS audit_log (
        seq BIGINT NOT NULL, logged_at TEXT NOT NULL, actor TEXT NOT NULL,
        action TEXT NOT NULL, subject TEXT NOT NULL, payload TEXT NOT NULL,
        prev_hash TEXT NOT NULL, hash TEXT NOT NULL,
        row_no BIGINT GENERATED ALWAYS AS IDENTITY)""",
    # seq 0 means "nothing written yet": the row must exist before the first append,
    # because it is the row every writer locks.
    """CREATE TABLE IF NOT EXISTS audit_head (
        id INTEGER PRIMARY KEY, seq BIGINT NOT NULL, hash TEXT NOT NULL)""",
    f"INSERT INTO audit_head VALUES (1, 0, '{GENESIS}') ON CONFLICT (id) DO NOTHING",
    """CREATE TABLE IF NOT EXISTS merged_ids (
        merged_id TEXT PRIMARY KEY, canonical_id TEXT NOT NULL)""",
    """CREATE INDEX IF NOT EXISTS alerts_query ON alerts (query_id)""",
    """CREATE INDEX IF NOT EXISTS alerts_status ON alerts (status)""",
    """CREATE INDEX IF NOT EXISTS decisions_alert ON decisions (alert_id)""",
    """CREATE INDEX IF NOT EXISTS audit_log_seq ON audit_log (seq, row_no)""",
)


def redact(url: str) -> str:
    """The URL without its password, for messages and logs."""
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", url)


class PostgresRepository:
    """Accounts, alerts, decisions, audit log and merged ids in a PostgreSQL database.

    ``schema`` puts the tables in their own PostgreSQL schema (created if missing),
    for tests or for several deployments sharing one database.
    """

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

    # -- accounts ----------------------------------------------------------------

    def add_user(self, user: User, salt: bytes, key_hash: bytes) -> None:
        self._execute(
            "INSERT INTO users VALUES (%s, %s, %s, %s, %s, %s, %s)",
            [user.id, user.name, user.role.value, user.key_id, salt, key_hash, user.created_at],
        )

    def credentials(self, key_id: str) -> Credentials | None:
        rows = self._rows(
            "SELECT id, name, role, key_id, created_at, salt, key_hash FROM users "
            "WHERE key_id = %s",
            [key_id],
        )
        if not rows:
            return None
        row = rows[0]
        return Credentials(user=_user(row), salt=bytes(row[5]), key_hash=bytes(row[6]))

    def users(self) -> list[User]:
        rows = self._rows(
            'SELECT id, name, role, key_id, created_at FROM users ORDER BY name COLLATE "C"'
        )
        return [_user(r) for r in rows]

    # -- alerts and decisions -----------------------------------------------------

    def add_alert(self, alert: Alert) -> bool:
        marks = ", ".join(["%s"] * 15)
        touched = self._execute(
            f"INSERT INTO alerts ({ALERT_COLUMNS}) VALUES ({marks}) ON CONFLICT (id) DO NOTHING",
            [
                alert.id,
                alert.query_id,
                alert.entity_id,
                alert.entry_digest,
                alert.caption,
                alert.schema,
                json.dumps(list(alert.datasets)),
                alert.score,
                alert.algorithm,
                json.dumps(alert.query, ensure_ascii=False),
                json.dumps(alert.explanation, ensure_ascii=False),
                json.dumps(alert.list_versions),
                alert.status.value,
                alert.created_at,
                alert.updated_at,
            ],
        )
        return touched == 1

    def alert(self, alert_id: str) -> Alert | None:
        rows = self._rows(f"SELECT {ALERT_COLUMNS} FROM alerts WHERE id = %s", [alert_id])
        return _alert(rows[0]) if rows else None

    def alerts(self, where: AlertFilter) -> list[Alert]:
        clauses: list[str] = ["true"]
        params: list[object] = []
        for column, value in (
            ("status", where.status.value if where.status else None),
            ("query_id", where.query_id),
            ("entity_id", where.entity_id),
        ):
            if value is not None:
                clauses.append(f"{column} = %s")
                params.append(value)
        if where.dataset is not None:
            clauses.append("jsonb_exists(datasets::jsonb, %s)")
            params.append(where.dataset)
        if where.min_score is not None:
            clauses.append("score >= %s")
            params.append(where.min_score)
        if where.kind is not None:
            clauses.append("COALESCE(explanation::jsonb ->> 'kind', %s) = %s")
            params.extend([DEFAULT_KIND, where.kind])
        rows = self._rows(
            f"SELECT {ALERT_COLUMNS} FROM alerts WHERE {' AND '.join(clauses)} "
            'ORDER BY created_at COLLATE "C" DESC, id COLLATE "C" LIMIT %s OFFSET %s',
            [*params, where.limit, where.offset],
        )
        return [_alert(r) for r in rows]

    def set_status(self, alert_id: str, status: AlertStatus, at: str) -> None:
        self._execute(
            "UPDATE alerts SET status = %s, updated_at = %s WHERE id = %s",
            [status.value, at, alert_id],
        )

    def add_decision(self, decision: Decision) -> None:
        self._execute(
            "INSERT INTO decisions VALUES (%s, %s, %s, %s, %s, %s)",
            [
                decision.id,
                decision.alert_id,
                decision.kind.value,
                decision.reason,
                decision.actor,
                decision.at,
            ],
        )

    def decisions(self, alert_id: str) -> list[Decision]:
        rows = self._rows(
            "SELECT id, alert_id, kind, reason, actor, decided_at FROM decisions "
            'WHERE alert_id = %s ORDER BY decided_at COLLATE "C", id COLLATE "C"',
            [alert_id],
        )
        return [Decision(r[0], r[1], DecisionKind(r[2]), r[3], r[4], r[5]) for r in rows]

    def suppression_keys(self) -> frozenset[tuple[str, str, str]]:
        rows = self._rows(
            "SELECT query_id, entity_id, entry_digest FROM alerts WHERE status = %s",
            [AlertStatus.FALSE_POSITIVE.value],
        )
        return frozenset((r[0], r[1], r[2]) for r in rows)

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
                [_audit_row(e) for e in entries],
            )
            last = entries[-1]
            cur.execute(
                "INSERT INTO audit_head VALUES (1, %s, %s) "
                "ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash",
                [last.seq, last.hash],
            )

    def audit_entries(self) -> Iterator[AuditEntry]:
        rows = self._rows(
            "SELECT seq, logged_at, actor, action, subject, payload, prev_hash, hash "
            "FROM audit_log ORDER BY seq, row_no"
        )
        for r in rows:
            try:
                payload = json.loads(r[5])
            except json.JSONDecodeError:  # hand-edited into non-JSON: verify reports it
                payload = {"unparseable": r[5]}
            yield AuditEntry(r[0], r[1], r[2], r[3], r[4], payload, r[6], r[7])

    # -- merged ids ---------------------------------------------------------------

    def canonical_id(self, entity_id: str) -> str | None:
        rows = self._rows("SELECT canonical_id FROM merged_ids WHERE merged_id = %s", [entity_id])
        return str(rows[0][0]) if rows else None

    def add_merged_id(self, merged_id: str, canonical_id: str) -> None:
        self._execute(
            "INSERT INTO merged_ids VALUES (%s, %s) "
            "ON CONFLICT (merged_id) DO UPDATE SET canonical_id = excluded.canonical_id",
            [merged_id, canonical_id],
        )
