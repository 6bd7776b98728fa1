"""Where alerts, decisions, accounts and the audit log are kept.

Services speak to the ``Repository`` protocol only, so a PostgreSQL implementation
for multi-analyst deployments can be added without touching them. ``DuckDBRepository``
keeps the tables in the store file itself (its own connection, so API threads never
share a cursor with list loading), created idempotently on open.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any, Protocol

from moneytrail.alerts.models import (
    DEFAULT_KIND,
    Alert,
    AlertFilter,
    AlertStatus,
    AuditEntry,
    Credentials,
    Decision,
    DecisionKind,
    Role,
    User,
)
from moneytrail.engines import DuckDBEngine


class Repository(Protocol):
    """Storage of review state. Implementations must be safe to call from many threads.

    ``transaction()`` groups calls into one commit and, while held, excludes every
    other writer: the audit chain relies on ``audit_head`` + ``append_audit`` inside
    one transaction seeing no concurrent append (PostgreSQL: lock ``audit_head`` with
    ``SELECT ... FOR UPDATE``). Calls outside a transaction commit on their own.
    """

    def transaction(self) -> AbstractContextManager[None]: ...

    def close(self) -> None: ...

    # accounts
    def add_user(self, user: User, salt: bytes, key_hash: bytes) -> None: ...
    def credentials(self, key_id: str) -> Credentials | None: ...
    def users(self) -> list[User]: ...

    # alerts and decisions
    def add_alert(self, alert: Alert) -> bool:
        """Store ``alert``; False (and nothing written) if its id already exists."""
        ...

    def alert(self, alert_id: str) -> Alert | None: ...
    def alerts(self, where: AlertFilter) -> list[Alert]: ...
    def set_status(self, alert_id: str, status: AlertStatus, at: str) -> None: ...
    def add_decision(self, decision: Decision) -> None: ...
    def decisions(self, alert_id: str) -> list[Decision]: ...
    def suppression_keys(self) -> frozenset[tuple[str, str, str]]:
        """(query id, entity id, entry digest) of alerts now decided false positive."""
        ...

    # audit log
    def audit_head(self) -> tuple[int, str] | None:
        """The recorded (seq, hash) of the last line, kept apart from the lines."""
        ...

    def append_audit(self, entries: Sequence[AuditEntry]) -> None: ...
    def audit_entries(self) -> Iterator[AuditEntry]:
        """Every line in stored order (by seq, then as stored), tampered ones included."""
        ...

    # merged entity ids (until the resolution module owns them)
    def canonical_id(self, entity_id: str) -> str | None: ...
    def add_merged_id(self, merged_id: str, canonical_id: str) -> None: ...


DDL: tuple[str, ...] = (
    """CREATE TABLE IF NOT EXISTS alerts (
        id VARCHAR PRIMARY KEY, query_id VARCHAR NOT NULL, entity_id VARCHAR NOT NULL,
        entry_digest VARCHAR NOT NULL, caption VARCHAR, schema VARCHAR, datasets VARCHAR,
        score DOUBLE, algorithm VARCHAR, query VARCHAR, explanation VARCHAR,
        list_versions VARCHAR, status VARCHAR NOT NULL, created_at VARCHAR NOT NULL,
        updated_at VARCHAR NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS decisions (
        id VARCHAR PRIMARY KEY, alert_id VARCHAR NOT NULL, kind VARCHAR NOT NULL,
        reason VARCHAR NOT NULL, actor VARCHAR NOT NULL, decided_at VARCHAR NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS users (
        id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL UNIQUE, role VARCHAR NOT NULL,
        key_id VARCHAR NOT NULL UNIQUE, salt BLOB NOT NULL, key_hash BLOB NOT NULL,
        created_at VARCHAR NOT NULL)""",
    # No key on seq: a tampered log must still load so that verify can say what is wrong.
    """CREATE TABLE IF NOT EXISTS audit_log (
        seq BIGINT NOT NULL, logged_at VARCHAR NOT NULL, actor VARCHAR NOT NULL,
        action VARCHAR NOT NULL, subject VARCHAR NOT NULL, payload VARCHAR NOT NULL,
        prev_hash VARCHAR NOT NULL, hash VARCHAR NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS audit_head (
        id INTEGER PRIMARY KEY, seq BIGINT NOT NULL, hash VARCHAR NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS merged_ids (
        merged_id VARCHAR PRIMARY KEY, canonical_id VARCHAR NOT NULL)""",
    """CREATE INDEX IF NOT EXISTS alerts_query ON alerts (query_id)""",
    """CREATE INDEX IF NOT EXISTS decisions_alert ON decisions (alert_id)""",
)

ALERT_COLUMNS = (
    "id, query_id, entity_id, entry_digest, caption, schema, datasets, score, algorithm, "
    "query, explanation, list_versions, status, created_at, updated_at"
)
AUDIT_CHUNK = 200


def _audit_row(e: AuditEntry) -> tuple[object, ...]:
    payload = json.dumps(e.payload, ensure_ascii=False)
    return (e.seq, e.at, e.actor, e.action, e.subject, payload, e.prev_hash, e.hash)


def _alert(row: tuple[Any, ...]) -> Alert:
    return Alert(
        id=row[0],
        query_id=row[1],
        entity_id=row[2],
        entry_digest=row[3],
        caption=row[4] or "",
        schema=row[5] or "",
        datasets=tuple(json.loads(row[6] or "[]")),
        score=float(row[7] or 0.0),
        algorithm=row[8] or "",
        query=json.loads(row[9] or "{}"),
        explanation=json.loads(row[10] or "{}"),
        list_versions=json.loads(row[11] or "{}"),
        status=AlertStatus(row[12]),
        created_at=row[13],
        updated_at=row[14],
    )


def _user(row: tuple[Any, ...]) -> User:
    return User(id=row[0], name=row[1], role=Role(row[2]), key_id=row[3], created_at=row[4])


class DuckDBRepository:
    """The embedded repository: tables in the store's DuckDB file."""

    def __init__(self, path: Path | str | None) -> None:
        self.engine = DuckDBEngine(path)
        self._lock = threading.RLock()
        self._depth = 0
        # The audit head, cached: DuckDB lets one process write a file, and this
        # repository is that process's only writer, so the cache cannot go stale. It
        # takes a value only once the transaction that wrote it has committed.
        self._head: tuple[int, str] | None = None
        self._head_known = False
        self._pending_head: tuple[int, str] | None = None
        with self.transaction():
            for ddl in DDL:
                self.engine.execute(ddl)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self._lock:
            outer = self._depth == 0
            self._depth += 1
            try:
                with self.engine.transaction():
                    yield
            except BaseException:
                if outer:
                    self._pending_head = None
                raise
            finally:
                self._depth -= 1
            if outer and self._pending_head is not None:
                self._head, self._head_known = self._pending_head, True
                self._pending_head = None

    def close(self) -> None:
        with self._lock:
            self.engine.close()

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return self.engine.rows(sql, params)

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        with self._lock:
            self.engine.execute(sql, params)

    # -- accounts ----------------------------------------------------------------

    def add_user(self, user: User, salt: bytes, key_hash: bytes) -> None:
        self._execute(
            "INSERT INTO users VALUES (?, ?, ?, ?, ?, ?, ?)",
            [user.id, user.name, user.role.value, user.key_id, salt, key_hash, user.created_at],
        )

    def credentials(self, key_id: str) -> Credentials | None:
        rows = self._rows(
            "SELECT id, name, role, key_id, created_at, salt, key_hash FROM users WHERE key_id = ?",
            [key_id],
        )
        if not rows:
            return None
        row = rows[0]
        return Credentials(user=_user(row), salt=bytes(row[5]), key_hash=bytes(row[6]))

    def users(self) -> list[User]:
        rows = self._rows("SELECT id, name, role, key_id, created_at FROM users ORDER BY name")
        return [_user(r) for r in rows]

    # -- alerts and decisions -----------------------------------------------------

    def add_alert(self, alert: Alert) -> bool:
        with self.transaction():
            if self._rows("SELECT 1 FROM alerts WHERE id = ?", [alert.id]):
                return False
            self.engine.execute(
                f"INSERT INTO alerts ({ALERT_COLUMNS}) VALUES "
                "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
            return True

    def alert(self, alert_id: str) -> Alert | None:
        rows = self._rows(f"SELECT {ALERT_COLUMNS} FROM alerts WHERE id = ?", [alert_id])
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
                clauses.append(f"{column} = ?")
                params.append(value)
        if where.dataset is not None:
            clauses.append("""list_contains(from_json(datasets, '["VARCHAR"]'), ?)""")
            params.append(where.dataset)
        if where.min_score is not None:
            clauses.append("score >= ?")
            params.append(where.min_score)
        if where.kind is not None:
            clauses.append("COALESCE(json_extract_string(explanation, '$.kind'), ?) = ?")
            params.extend([DEFAULT_KIND, where.kind])
        rows = self._rows(
            f"SELECT {ALERT_COLUMNS} FROM alerts WHERE {' AND '.join(clauses)} "
            "ORDER BY created_at DESC, id LIMIT ? OFFSET ?",
            [*params, where.limit, where.offset],
        )
        return [_alert(r) for r in rows]

    def set_status(self, alert_id: str, status: AlertStatus, at: str) -> None:
        self._execute(
            "UPDATE alerts SET status = ?, updated_at = ? WHERE id = ?",
            [status.value, at, alert_id],
        )

    def add_decision(self, decision: Decision) -> None:
        self._execute(
            "INSERT INTO decisions VALUES (?, ?, ?, ?, ?, ?)",
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
            "WHERE alert_id = ? ORDER BY decided_at, id",
            [alert_id],
        )
        return [Decision(r[0], r[1], DecisionKind(r[2]), r[3], r[4], r[5]) for r in rows]

    def suppression_keys(self) -> frozenset[tuple[str, str, str]]:
        rows = self._rows(
            "SELECT query_id, entity_id, entry_digest FROM alerts WHERE status = ?",
            [AlertStatus.FALSE_POSITIVE.value],
        )
        return frozenset((r[0], r[1], r[2]) for r in rows)

    # -- audit log ----------------------------------------------------------------

    def audit_head(self) -> tuple[int, str] | None:
        with self._lock:
            if self._pending_head is not None:
                return self._pending_head
            if not self._head_known:
                rows = self.engine.rows("SELECT seq, hash FROM audit_head WHERE id = 1")
                self._head = (int(rows[0][0]), str(rows[0][1])) if rows else None
                self._head_known = True
            return self._head

    def append_audit(self, entries: Sequence[AuditEntry]) -> None:
        """Multi-row inserts: group commit then keeps up with hundreds of requests/s."""
        if not entries:
            return
        with self.transaction():
            for start in range(0, len(entries), AUDIT_CHUNK):
                chunk = entries[start : start + AUDIT_CHUNK]
                params = [v for e in chunk for v in _audit_row(e)]
                marks = ", ".join(["(?, ?, ?, ?, ?, ?, ?, ?)"] * len(chunk))
                self.engine.execute(f"INSERT INTO audit_log VALUES {marks}", params)
            last = entries[-1]
            if self.audit_head() is None:
                self.engine.execute(
                    "INSERT INTO audit_head VALUES (1, ?, ?)", [last.seq, last.hash]
                )
            else:
                self.engine.execute(
                    "UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", [last.seq, last.hash]
                )
            self._pending_head = (last.seq, last.hash)

    def audit_entries(self) -> Iterator[AuditEntry]:
        rows = self._rows(
            "SELECT seq, logged_at, actor, action, subject, payload, prev_hash, hash "
            "FROM audit_log ORDER BY seq, rowid"
        )
        for r in rows:
            try:
                payload = json.loads(r[5])
            except json.JSONDecodeError:  # hand-edited into non-JSON: verify reports it
                payload = {"unparseable": r[5]}
            yield AuditEntry(r[0], r[1], r[2], r[3], r[4], payload, r[6], r[7])

    # -- merged ids ---------------------------------------------------------------

    def canonical_id(self, entity_id: str) -> str | None:
        rows = self._rows("SELECT canonical_id FROM merged_ids WHERE merged_id = ?", [entity_id])
        return str(rows[0][0]) if rows else None

    def add_merged_id(self, merged_id: str, canonical_id: str) -> None:
        self._execute(
            "INSERT INTO merged_ids VALUES (?, ?) "
            "ON CONFLICT (merged_id) DO UPDATE SET canonical_id = excluded.canonical_id",
            [merged_id, canonical_id],
        )
