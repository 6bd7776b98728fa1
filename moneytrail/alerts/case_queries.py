"""The case tables' queries, written once for both stores (as queries.py is).

A case row holds what analysts write (title, narrative, conclusion), who has it and
where it stands; ``case_alerts`` links each alert to at most one case, so moving an
alert is one row changing hands.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import Any

from moneytrail.alerts.models import Case, CaseStatus

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


class CaseQueries(ABC):
    """Cases and their alerts; the store supplies ``_rows``, ``_execute`` and ``_q``."""

    @abstractmethod
    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...

    @abstractmethod
    def _execute(self, sql: str, params: Sequence[Any] = ()) -> int | None: ...

    @abstractmethod
    def _q(self, text: str) -> str: ...

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

    def cases(
        self, status: CaseStatus | None, assignee: str | None, limit: int, offset: int
    ) -> list[Case]:
        clauses, params = ["true"], []
        if status is not None:
            clauses.append("status = ?")
            params.append(status.value)
        if assignee is not None:
            clauses.append("assignee = ?")
            params.append(assignee)
        rows = self._rows(
            self._q(
                f"SELECT {CASE_COLUMNS} FROM cases WHERE {' AND '.join(clauses)} "
                "ORDER BY created_at DESC, id LIMIT ? OFFSET ?"
            ),
            [*params, limit, offset],
        )
        return [_read_case(r, self.case_alert_ids(r[0])) for r in rows]

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
