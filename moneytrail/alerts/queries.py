"""The repository's queries, written once for both stores.

The DuckDB and PostgreSQL repositories differ in how they connect, lock, commit and
keep the audit head; what they ask of their tables is the same. The SQL is written
here with ``?`` marks and the few dialect differences (placeholders, collation, JSON
access, row order) as class attributes each store sets.
"""

from __future__ import annotations

import json
from abc import ABC
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from moneytrail.alerts.case_queries import CaseQueries
from moneytrail.alerts.models import (
    DEFAULT_KIND,
    Alert,
    AlertFilter,
    AlertStatus,
    AuditEntry,
    Credentials,
    Decision,
    DecisionKind,
    DecisionState,
    Role,
    User,
)
from moneytrail.alerts.portfolio_queries import PortfolioQueries
from moneytrail.alerts.session_queries import SessionQueries
from moneytrail.alerts.sql_base import equal_clauses

ALERT_COLUMNS = (
    "id, query_id, entity_id, entry_digest, caption, schema, datasets, score, algorithm, "
    "query, explanation, list_versions, status, created_at, updated_at"
)

# What is read: the inserted columns and the version (a later migration, default 1).
ALERT_READ = ALERT_COLUMNS + ", COALESCE(version, 1)"
DECISION_COLUMNS = (
    "id, alert_id, kind, reason, actor, decided_at, COALESCE(state, 'final'), reason_code, "
    "reviewer, reviewed_at, review_note, previous"
)
DECISION_INSERT = (
    "id, alert_id, kind, reason, actor, decided_at, state, reason_code, reviewer, "
    "reviewed_at, review_note, previous"
)
# The migrations of four-eyes review and optimistic concurrency, for both stores.
REVIEW_MIGRATIONS: tuple[str, ...] = (
    "ALTER TABLE alerts ADD COLUMN IF NOT EXISTS version INTEGER DEFAULT 1",
    "ALTER TABLE decisions ADD COLUMN IF NOT EXISTS state VARCHAR DEFAULT 'final'",
    *(
        f"ALTER TABLE decisions ADD COLUMN IF NOT EXISTS {column} VARCHAR"
        for column in ("reason_code", "reviewer", "reviewed_at", "review_note", "previous")
    ),
)


def read_decision(r: tuple[Any, ...]) -> Decision:
    return Decision(r[0], r[1], DecisionKind(r[2]), r[3], r[4], r[5], DecisionState(r[6]), *r[7:12])


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
        version=int(row[15]) if len(row) > 15 and row[15] is not None else 1,
    )


USER_COLUMNS = "id, name, role, key_id, created_at, expires_at, disabled_at"


def read_user(row: tuple[Any, ...]) -> User:
    return User(
        id=row[0],
        name=row[1],
        role=Role(row[2]),
        key_id=row[3],
        created_at=row[4],
        expires_at=row[5],
        disabled_at=row[6],
    )


@dataclass(frozen=True, slots=True)
class QueueScope:
    """The queue's filters that ``AlertFilter`` does not carry; None means any.

    ``assignee``: alerts in a case assigned to this account; ``has_case``: alerts in a
    case (True) or in none (False); ``entity_ids``: alerts about one of these entries
    (the programme filter, resolved by the caller against the statement store).
    """

    assignee: str | None = None
    has_case: bool | None = None
    entity_ids: tuple[str, ...] | None = None


_IN_CASE = "EXISTS (SELECT 1 FROM case_alerts ca WHERE ca.alert_id = alerts.id)"


def _scope_clauses(scope: QueueScope, clauses: list[str], params: list[object]) -> None:
    """Add the SQL of ``scope`` (the same in both dialects) to ``clauses``."""
    if scope.assignee is not None:
        clauses.append(
            "EXISTS (SELECT 1 FROM case_alerts ca JOIN cases c ON c.id = ca.case_id "
            "WHERE ca.alert_id = alerts.id AND c.assignee = ?)"
        )
        params.append(scope.assignee)
    if scope.has_case is not None:
        clauses.append(_IN_CASE if scope.has_case else f"NOT {_IN_CASE}")
    if scope.entity_ids is not None:  # no ids: IN (NULL) is never true
        clauses.append(f"entity_id IN ({', '.join('?' * len(scope.entity_ids)) or 'NULL'})")
        params.extend(scope.entity_ids)


class SharedQueries(CaseQueries, SessionQueries, PortfolioQueries, ABC):
    """Accounts, alerts, decisions, audit lines and merged ids, for any SQL store.

    A store supplies ``_rows`` and ``_execute`` (how it reaches its connection and
    locks it) and sets the dialect attributes below.
    """

    MARK = "?"
    COLLATE = ""  # appended to ORDER BY text columns (PostgreSQL: byte order, as DuckDB)
    DATASET_IN = """list_contains(from_json(datasets, '["VARCHAR"]'), ?)"""
    KIND_OF = "json_extract_string(explanation, '$.kind')"
    AUDIT_ORDER = "rowid"  # the physical order of lines with the same seq (tampering)

    def _q(self, text: str) -> str:
        return text if self.MARK == "?" else text.replace("?", self.MARK)

    def _ordered(self, *columns: str) -> str:
        return ", ".join(column + self.COLLATE for column in columns)

    # -- accounts ----------------------------------------------------------------

    def add_user(self, user: User, salt: bytes, key_hash: bytes) -> None:
        self._execute(
            self._q(
                "INSERT INTO users (id, name, role, key_id, salt, key_hash, created_at, "
                "expires_at, disabled_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            ),
            [
                user.id,
                user.name,
                user.role.value,
                user.key_id,
                salt,
                key_hash,
                user.created_at,
                user.expires_at,
                user.disabled_at,
            ],
        )

    def credentials(self, key_id: str) -> Credentials | None:
        rows = self._rows(
            self._q(f"SELECT {USER_COLUMNS}, salt, key_hash FROM users WHERE key_id = ?"),
            [key_id],
        )
        if not rows:
            return None
        row = rows[0]
        return Credentials(user=read_user(row), salt=bytes(row[7]), key_hash=bytes(row[8]))

    def users(self) -> list[User]:
        rows = self._rows(f"SELECT {USER_COLUMNS} FROM users ORDER BY {self._ordered('name')}")
        return [read_user(r) for r in rows]

    def set_key(
        self, user_id: str, key_id: str, salt: bytes, key_hash: bytes, expires_at: str | None
    ) -> None:
        """Replace an account's key (the old one stops working at once)."""
        self._execute(
            self._q(
                "UPDATE users SET key_id = ?, salt = ?, key_hash = ?, expires_at = ? WHERE id = ?"
            ),
            [key_id, salt, key_hash, expires_at, user_id],
        )

    def set_disabled(self, user_id: str, disabled_at: str | None) -> None:
        self._execute(
            self._q("UPDATE users SET disabled_at = ? WHERE id = ?"), [disabled_at, user_id]
        )

    def remove_user(self, user_id: str) -> None:
        self._execute(self._q("DELETE FROM users WHERE id = ?"), [user_id])

    # -- alerts and decisions -----------------------------------------------------

    def alert(self, alert_id: str) -> Alert | None:
        rows = self._rows(self._q(f"SELECT {ALERT_READ} FROM alerts WHERE id = ?"), [alert_id])
        return read_alert(rows[0]) if rows else None

    def alerts(self, where: AlertFilter) -> list[Alert]:
        return self.queue_alerts(where, QueueScope())

    def queue_alerts(self, where: AlertFilter, scope: QueueScope) -> list[Alert]:
        """Alerts matching ``where`` and the case-side filters of ``scope``, newest first."""
        clauses, params = equal_clauses(
            (
                ("status", where.status.value if where.status else None),
                ("query_id", where.query_id),
                ("entity_id", where.entity_id),
            )
        )
        if where.dataset is not None:
            clauses.append(self.DATASET_IN)
            params.append(where.dataset)
        if where.min_score is not None:
            clauses.append("score >= ?")
            params.append(where.min_score)
        if where.kind is not None:
            clauses.append(f"COALESCE({self.KIND_OF}, ?) = ?")
            params.extend([DEFAULT_KIND, where.kind])
        _scope_clauses(scope, clauses, params)
        rows = self._rows(
            self._q(
                f"SELECT {ALERT_READ} FROM alerts WHERE {' AND '.join(clauses)} "
                f"ORDER BY {self._ordered('created_at')} DESC, {self._ordered('id')} "
                "LIMIT ? OFFSET ?"
            ),
            [*params, where.limit, where.offset],
        )
        return [read_alert(r) for r in rows]

    def cases_of_alerts(self, alert_ids: Sequence[str]) -> dict[str, tuple[str, str | None]]:
        """alert id -> (case id, case assignee) for those of ``alert_ids`` in a case: one
        query for a whole queue page."""
        if not alert_ids:
            return {}
        marks = ", ".join("?" * len(alert_ids))
        rows = self._rows(
            self._q(
                "SELECT ca.alert_id, c.id, c.assignee FROM case_alerts ca "
                f"JOIN cases c ON c.id = ca.case_id WHERE ca.alert_id IN ({marks})"
            ),
            list(alert_ids),
        )
        return {str(r[0]): (str(r[1]), r[2]) for r in rows}

    def set_status(self, alert_id: str, status: AlertStatus, at: str) -> None:
        """Move the alert and add one to its version (every change does)."""
        self._execute(
            self._q(
                "UPDATE alerts SET status = ?, updated_at = ?, "
                "version = COALESCE(version, 1) + 1 WHERE id = ?"
            ),
            [status.value, at, alert_id],
        )

    def add_decision(self, decision: Decision) -> None:
        d = decision
        self._execute(
            self._q(
                f"INSERT INTO decisions ({DECISION_INSERT}) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            ),
            [
                *(d.id, d.alert_id, d.kind.value, d.reason, d.actor, d.at, d.state.value),
                *(d.reason_code, d.reviewer, d.reviewed_at, d.review_note, d.previous),
            ],
        )

    def review_decision(
        self, decision_id: str, state: DecisionState, reviewer: str, at: str, note: str | None
    ) -> None:
        """A reviewer's approval (final) or rejection of a proposed decision."""
        self._execute(
            self._q(
                "UPDATE decisions SET state = ?, reviewer = ?, reviewed_at = ?, review_note = ? "
                "WHERE id = ?"
            ),
            [state.value, reviewer, at, note, decision_id],
        )

    def decisions(self, alert_id: str) -> list[Decision]:
        rows = self._rows(
            self._q(
                f"SELECT {DECISION_COLUMNS} FROM decisions "
                f"WHERE alert_id = ? ORDER BY {self._ordered('decided_at', 'id')}"
            ),
            [alert_id],
        )
        return [read_decision(r) for r in rows]

    # Raw rows for ``audit verify``: strings, so a value edited into no known role,
    # kind or status is reported rather than failing to parse.

    def decision_states(self) -> list[tuple[str, ...]]:
        """(id, alert id, kind, reason, actor, decided at, state, reviewer) of every decision."""
        rows = self._rows(
            "SELECT id, alert_id, kind, reason, actor, decided_at, COALESCE(state, 'final'), "
            "COALESCE(reviewer, '') FROM decisions "
            f"ORDER BY {self._ordered('alert_id', 'decided_at', 'id')}"
        )
        return [tuple(str(v) for v in r) for r in rows]

    def alert_states(self) -> list[tuple[str, ...]]:
        """(id, query id, entity id, entry digest, status) of every alert."""
        rows = self._rows(
            "SELECT id, query_id, entity_id, entry_digest, status FROM alerts "
            f"ORDER BY {self._ordered('id')}"
        )
        return [tuple(str(v) for v in r) for r in rows]

    def user_states(self) -> list[tuple[str | None, ...]]:
        """(id, name, role, key id, expires at, disabled at) of every account."""
        rows = self._rows(
            "SELECT id, name, role, key_id, expires_at, disabled_at FROM users "
            f"ORDER BY {self._ordered('id')}"
        )
        return [tuple(None if v is None else str(v) for v in r) for r in rows]

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
