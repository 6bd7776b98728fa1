"""The case tables' queries, written once for both stores (as queries.py is).

A case row holds what analysts write (title, narrative, conclusion), who has it and
where it stands; ``case_alerts`` links each alert to at most one case, so moving an
alert is one row changing hands.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from moneytrail.alerts.models import DEFAULT_KIND, AuditEntry, Case, CaseStatus
from moneytrail.alerts.sql_base import SqlAccess, equal_clauses

CASE_COLUMNS = (
    "id, title, subject, status, assignee, narrative, conclusion, created_by, "
    "created_at, updated_at, version"
)

# Both dialects; run after the alert tables on every open (idempotent).
CASE_DDL: tuple[str, ...] = (
    """CREATE TABLE IF NOT EXISTS cases (
        id VARCHAR PRIMARY KEY, title VARCHAR NOT NULL, subject VARCHAR NOT NULL,
        status VARCHAR NOT NULL, assignee VARCHAR, narrative VARCHAR NOT NULL,
        conclusion VARCHAR NOT NULL, created_by VARCHAR NOT NULL,
        created_at VARCHAR NOT NULL, updated_at VARCHAR NOT NULL, version INTEGER NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS case_alerts (
        alert_id VARCHAR PRIMARY KEY, case_id VARCHAR NOT NULL,
        added_by VARCHAR NOT NULL, added_at VARCHAR NOT NULL)""",
    """CREATE INDEX IF NOT EXISTS case_alerts_case ON case_alerts (case_id)""",
    # The case policy (alerts/case_policy.py): a due date, and the case a merge closed
    # this one into. Not in CASE_COLUMNS: written by set_terms only, so the columns the
    # audit replays (status, assignee, alerts) keep their one writer.
    "ALTER TABLE cases ADD COLUMN IF NOT EXISTS due_at VARCHAR",
    "ALTER TABLE cases ADD COLUMN IF NOT EXISTS merged_into VARCHAR",
)


@dataclass(frozen=True, slots=True)
class CaseFilter:
    """What the case list can be narrowed by; None means any.

    ``overdue_at``: only cases not closed whose due date is before this ISO time;
    ``opened_before``: only cases opened before it (the age filter); ``text``: a
    case-insensitive piece of the id, title or subject; ``dataset``: cases with an
    alert on an entry of that list; ``entity_ids``: cases with an alert on one of
    these entries (the programme filter, resolved by the caller against the statement
    store, which holds the programmes; an empty tuple matches no case).
    """

    status: CaseStatus | None = None
    assignee: str | None = None
    kind: str | None = None
    subject: str | None = None
    overdue_at: str | None = None
    opened_before: str | None = None
    text: str | None = None
    dataset: str | None = None
    entity_ids: tuple[str, ...] | None = None
    limit: int = 50
    offset: int = 0


# A case with at least one alert (``a``) meeting the condition put in the braces.
_HAS_ALERT = (
    "EXISTS (SELECT 1 FROM case_alerts ca JOIN alerts a ON a.id = ca.alert_id "
    "WHERE ca.case_id = cases.id AND {})"
)


def _read_case(row: tuple[Any, ...], alert_ids: Sequence[str]) -> Case:
    return Case(
        id=row[0],
        title=row[1],
        subject=row[2],
        status=CaseStatus(row[3]),
        assignee=row[4],
        narrative=row[5],
        conclusion=row[6],
        created_by=row[7],
        created_at=row[8],
        updated_at=row[9],
        version=int(row[10]),
        alert_ids=tuple(alert_ids),
    )


class CaseQueries(SqlAccess):
    """Cases and their alerts; the store supplies ``_rows``, ``_execute`` and ``_q``."""

    # Dialect attributes the store sets (queries.SharedQueries).
    KIND_OF: str
    DATASET_IN: str
    AUDIT_ORDER: str

    def add_case(self, case: Case) -> None:
        self._execute(
            self._q(f"INSERT INTO cases ({CASE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
            [
                case.id,
                case.title,
                case.subject,
                case.status.value,
                case.assignee,
                case.narrative,
                case.conclusion,
                case.created_by,
                case.created_at,
                case.updated_at,
                case.version,
            ],
        )

    def case(self, case_id: str) -> Case | None:
        rows = self._rows(self._q(f"SELECT {CASE_COLUMNS} FROM cases WHERE id = ?"), [case_id])
        if not rows:
            return None
        return _read_case(rows[0], self.case_alert_ids(case_id))

    def update_case(self, case: Case) -> None:
        """Write every mutable field of ``case`` (its version included)."""
        self._execute(
            self._q(
                "UPDATE cases SET title = ?, status = ?, assignee = ?, narrative = ?, "
                "conclusion = ?, updated_at = ?, version = ? WHERE id = ?"
            ),
            [
                case.title,
                case.status.value,
                case.assignee,
                case.narrative,
                case.conclusion,
                case.updated_at,
                case.version,
                case.id,
            ],
        )

    def case_alert_ids(self, case_id: str) -> list[str]:
        rows = self._rows(
            self._q(
                "SELECT alert_id FROM case_alerts WHERE case_id = ? ORDER BY added_at, alert_id"
            ),
            [case_id],
        )
        return [str(r[0]) for r in rows]

    def case_of_alert(self, alert_id: str) -> str | None:
        rows = self._rows(self._q("SELECT case_id FROM case_alerts WHERE alert_id = ?"), [alert_id])
        return str(rows[0][0]) if rows else None

    def link_alert(self, case_id: str, alert_id: str, actor: str, at: str) -> None:
        self._execute(
            self._q("INSERT INTO case_alerts VALUES (?, ?, ?, ?)"), [alert_id, case_id, actor, at]
        )

    def unlink_alert(self, alert_id: str) -> None:
        self._execute(self._q("DELETE FROM case_alerts WHERE alert_id = ?"), [alert_id])

    def case_states(self) -> list[tuple[str, ...]]:
        """(id, status, assignee, alert ids joined by spaces) of every case, for verify."""
        out: list[tuple[str, ...]] = []
        for row in self._rows("SELECT id, status, assignee FROM cases ORDER BY id"):
            alerts = " ".join(sorted(self.case_alert_ids(str(row[0]))))
            out.append((str(row[0]), str(row[1]), str(row[2] or ""), alerts))
        return out

    # -- the case policy (alerts/case_policy.py, case_grouping.py) ------------------

    def find_cases(self, where: CaseFilter) -> list[Case]:
        """Cases matching every filter of ``where``, newest first."""
        clauses, params = equal_clauses(
            (
                ("status", where.status.value if where.status else None),
                ("assignee", where.assignee),
                ("subject", where.subject),
            )
        )
        if where.overdue_at is not None:
            clauses.append("status <> 'closed' AND due_at IS NOT NULL AND due_at < ?")
            params.append(where.overdue_at)
        if where.opened_before is not None:
            clauses.append("created_at < ?")
            params.append(where.opened_before)
        if where.text:
            clauses.append("(lower(id) LIKE ? OR lower(title) LIKE ? OR lower(subject) LIKE ?)")
            params.extend([f"%{where.text.lower()}%"] * 3)
        if where.kind is not None:
            clauses.append(_HAS_ALERT.format(f"COALESCE({self.KIND_OF}, ?) = ?"))
            params.extend([DEFAULT_KIND, where.kind])
        if where.dataset is not None:
            clauses.append(_HAS_ALERT.format(self.DATASET_IN))
            params.append(where.dataset)
        if where.entity_ids is not None:  # no ids: IN (NULL) is never true
            marks = ", ".join("?" * len(where.entity_ids)) or "NULL"
            clauses.append(_HAS_ALERT.format(f"a.entity_id IN ({marks})"))
            params.extend(where.entity_ids)
        rows = self._rows(
            self._q(
                f"SELECT {CASE_COLUMNS} FROM cases WHERE {' AND '.join(clauses)} "
                "ORDER BY created_at DESC, id LIMIT ? OFFSET ?"
            ),
            [*params, where.limit, where.offset],
        )
        return [_read_case(r, self.case_alert_ids(r[0])) for r in rows]

    def open_case_about(self, subject: str) -> str | None:
        """The newest case not closed about ``subject``, or None."""
        rows = self._rows(
            self._q(
                "SELECT id FROM cases WHERE subject = ? AND status <> 'closed' "
                "ORDER BY created_at DESC, id LIMIT 1"
            ),
            [subject],
        )
        return str(rows[0][0]) if rows else None

    def case_terms(self, case_ids: Sequence[str]) -> dict[str, tuple[str | None, str | None]]:
        """case id -> (due at, merged into) for the ids given."""
        if not case_ids:
            return {}
        marks = ", ".join("?" * len(case_ids))
        rows = self._rows(
            self._q(f"SELECT id, due_at, merged_into FROM cases WHERE id IN ({marks})"),
            list(case_ids),
        )
        return {str(r[0]): (r[1], r[2]) for r in rows}

    def set_terms(self, case_id: str, due_at: str | None, merged_into: str | None) -> None:
        self._execute(
            self._q("UPDATE cases SET due_at = ?, merged_into = ? WHERE id = ?"),
            [due_at, merged_into, case_id],
        )

    def merged_into(self, case_id: str) -> list[str]:
        """The cases a merge closed into ``case_id``."""
        rows = self._rows(
            self._q("SELECT id FROM cases WHERE merged_into = ? ORDER BY id"), [case_id]
        )
        return [str(r[0]) for r in rows]

    def audit_about(self, subjects: Sequence[str]) -> list[AuditEntry]:
        """The audit lines about any of ``subjects`` (cases, alerts), in logged order."""
        if not subjects:
            return []
        marks = ", ".join("?" * len(subjects))
        rows = self._rows(
            self._q(
                "SELECT seq, logged_at, actor, action, subject, payload, prev_hash, hash "
                f"FROM audit_log WHERE subject IN ({marks}) ORDER BY seq, {self.AUDIT_ORDER}"
            ),
            list(subjects),
        )
        out = []
        for r in rows:
            try:
                payload = json.loads(r[5])
            except json.JSONDecodeError:
                payload = {"unparseable": r[5]}
            out.append(AuditEntry(r[0], r[1], r[2], r[3], r[4], payload, r[6], r[7]))
        return out

    def alerts_matching(self, text: str, limit: int) -> list[tuple[str, str, str, str]]:
        """(id, caption, query id, query JSON) of alerts whose id, caption, screened party's
        id or query (names of the screened record) contain ``text``, case-insensitive."""
        like = f"%{text.lower()}%"
        rows = self._rows(
            self._q(
                "SELECT id, caption, query_id, query FROM alerts WHERE lower(id) LIKE ? "
                "OR lower(caption) LIKE ? OR lower(query_id) LIKE ? OR lower(query) LIKE ? "
                "ORDER BY created_at DESC, id LIMIT ?"
            ),
            [like, like, like, like, limit],
        )
        return [(str(r[0]), str(r[1] or ""), str(r[2]), str(r[3] or "{}")) for r in rows]
