"""The repository's queries, written once for both stores.

The DuckDB and PostgreSQL repositories differ in how they connect, lock, commit and
keep the audit head; what they ask of their tables is the same. The SQL is written
here with ``?`` marks and the few dialect differences (placeholders, collation, JSON
access, row order) as class attributes each store sets.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from typing import Any

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

ALERT_COLUMNS = (
    "id, query_id, entity_id, entry_digest, caption, schema, datasets, score, algorithm, "
    "query, explanation, list_versions, status, created_at, updated_at"
)


def audit_row(e: AuditEntry) -> tuple[object, ...]:
    payload = json.dumps(e.payload, ensure_ascii=False)
    return (e.seq, e.at, e.actor, e.action, e.subject, payload, e.prev_hash, e.hash)


def alert_row(alert: Alert) -> list[object]:
    """An alert as the values of ALERT_COLUMNS, in order."""
    return [
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
    ]


def read_alert(row: tuple[Any, ...]) -> Alert:
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


def read_user(row: tuple[Any, ...]) -> User:
    return User(id=row[0], name=row[1], role=Role(row[2]), key_id=row[3], created_at=row[4])


class SharedQueries(ABC):
    """Accounts, alerts, decisions, audit lines and merged ids, for any SQL store.

    A store supplies ``_rows`` and ``_execute`` (how it reaches its connection and
    locks it) and sets the dialect attributes below.
    """

    MARK = "?"
    COLLATE = ""  # appended to ORDER BY text columns (PostgreSQL: byte order, as DuckDB)
    DATASET_IN = """list_contains(from_json(datasets, '["VARCHAR"]'), ?)"""
    KIND_OF = "json_extract_string(explanation, '$.kind')"
    AUDIT_ORDER = "rowid"  # the physical order of lines with the same seq (tampering)

    @abstractmethod
    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...

    @abstractmethod
    def _execute(self, sql: str, params: Sequence[Any] = ()) -> int | None: ...

    def _q(self, text: str) -> str:
        return text if self.MARK == "?" else text.replace("?", self.MARK)

    def _ordered(self, *columns: str) -> str:
        return ", ".join(column + self.COLLATE for column in columns)

    # -- accounts ----------------------------------------------------------------

    def add_user(self, user: User, salt: bytes, key_hash: bytes) -> None:
        self._execute(
            self._q("INSERT INTO users VALUES (?, ?, ?, ?, ?, ?, ?)"),
            [user.id, user.name, user.role.value, user.key_id, salt, key_hash, user.created_at],
        )

    def credentials(self, key_id: str) -> Credentials | None:
        rows = self._rows(
            self._q(
                "SELECT id, name, role, key_id, created_at, salt, key_hash FROM users "
                "WHERE key_id = ?"
            ),
            [key_id],
        )
        if not rows:
            return None
        row = rows[0]
        return Credentials(user=read_user(row), salt=bytes(row[5]), key_hash=bytes(row[6]))

    def users(self) -> list[User]:
        rows = self._rows(
            f"SELECT id, name, role, key_id, created_at FROM users ORDER BY {self._ordered('name')}"
        )
        return [read_user(r) for r in rows]

    # -- alerts and decisions -----------------------------------------------------

    def alert(self, alert_id: str) -> Alert | None:
        rows = self._rows(self._q(f"SELECT {ALERT_COLUMNS} FROM alerts WHERE id = ?"), [alert_id])
        return read_alert(rows[0]) if rows else None

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
            clauses.append(self.DATASET_IN)
            params.append(where.dataset)
        if where.min_score is not None:
            clauses.append("score >= ?")
            params.append(where.min_score)
        if where.kind is not None:
            clauses.append(f"COALESCE({self.KIND_OF}, ?) = ?")
            params.extend([DEFAULT_KIND, where.kind])
        rows = self._rows(
            self._q(
                f"SELECT {ALERT_COLUMNS} FROM alerts WHERE {' AND '.join(clauses)} "
                f"ORDER BY {self._ordered('created_at')} DESC, {self._ordered('id')} "
                "LIMIT ? OFFSET ?"
            ),
            [*params, where.limit, where.offset],
        )
        return [read_alert(r) for r in rows]

    def set_status(self, alert_id: str, status: AlertStatus, at: str) -> None:
        self._execute(
            self._q("UPDATE alerts SET status = ?, updated_at = ? WHERE id = ?"),
            [status.value, at, alert_id],
        )

    def add_decision(self, decision: Decision) -> None:
        self._execute(
            self._q("INSERT INTO decisions VALUES (?, ?, ?, ?, ?, ?)"),
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
            self._q(
                "SELECT id, alert_id, kind, reason, actor, decided_at FROM decisions "
                f"WHERE alert_id = ? ORDER BY {self._ordered('decided_at', 'id')}"
            ),
            [alert_id],
        )
        return [Decision(r[0], r[1], DecisionKind(r[2]), r[3], r[4], r[5]) for r in rows]

    def suppression_keys(self) -> frozenset[tuple[str, str, str]]:
        """(query id, entity id, entry digest) of alerts now decided false positive."""
        rows = self._rows(
            self._q("SELECT query_id, entity_id, entry_digest FROM alerts WHERE status = ?"),
            [AlertStatus.FALSE_POSITIVE.value],
        )
        return frozenset((r[0], r[1], r[2]) for r in rows)

    # -- audit log ----------------------------------------------------------------

    def audit_entries(self) -> Iterator[AuditEntry]:
        """Every line in stored order (by seq, then as stored), tampered ones included."""
        rows = self._rows(
            "SELECT seq, logged_at, actor, action, subject, payload, prev_hash, hash "
            f"FROM audit_log ORDER BY seq, {self.AUDIT_ORDER}"
        )
        for r in rows:
            try:
                payload = json.loads(r[5])
            except json.JSONDecodeError:  # hand-edited into non-JSON: verify reports it
                payload = {"unparseable": r[5]}
            yield AuditEntry(r[0], r[1], r[2], r[3], r[4], payload, r[6], r[7])

    # -- merged ids ---------------------------------------------------------------

    def canonical_id(self, entity_id: str) -> str | None:
        rows = self._rows(
            self._q("SELECT canonical_id FROM merged_ids WHERE merged_id = ?"), [entity_id]
        )
        return str(rows[0][0]) if rows else None

    def add_merged_id(self, merged_id: str, canonical_id: str) -> None:
        self._execute(
            self._q(
                "INSERT INTO merged_ids VALUES (?, ?) "
                "ON CONFLICT (merged_id) DO UPDATE SET canonical_id = excluded.canonical_id"
            ),
            [merged_id, canonical_id],
        )
