"""Where alerts, decisions, accounts and the audit log are kept.

Services speak to the ``Repository`` protocol only, so a PostgreSQL implementation
for multi-analyst deployments can be added without touching them. ``DuckDBRepository``
keeps the tables in the store file itself (its own connection, so API threads never
share a cursor with list loading), created idempotently on open.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any, Protocol

from moneytrail.alerts.models import (
    Alert,
    AlertFilter,
    AlertStatus,
    AuditEntry,
    Case,
    Credentials,
    Decision,
    DecisionState,
    User,
)
from moneytrail.alerts.portfolio_queries import CustomerRow, OwedRow
from moneytrail.alerts.queries import (
    ALERT_COLUMNS,
    SharedQueries,
    alert_row,
    audit_row,
)
from moneytrail.alerts.schema import DUCKDB, ddl
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
    def set_key(
        self, user_id: str, key_id: str, salt: bytes, key_hash: bytes, expires_at: str | None
    ) -> None: ...
    def set_disabled(self, user_id: str, disabled_at: str | None) -> None: ...
    def remove_user(self, user_id: str) -> None: ...

    # alerts and decisions
    def add_alert(self, alert: Alert) -> bool:
        """Store ``alert``; False (and nothing written) if its id already exists."""
        ...

    def alert(self, alert_id: str) -> Alert | None: ...
    def alerts(self, where: AlertFilter) -> list[Alert]: ...
    def set_status(self, alert_id: str, status: AlertStatus, at: str) -> None: ...
    def add_decision(self, decision: Decision) -> None: ...
    def review_decision(
        self, decision_id: str, state: DecisionState, reviewer: str, at: str, note: str | None
    ) -> None: ...
    def decisions(self, alert_id: str) -> list[Decision]: ...

    # cases (alerts/cases.py)
    def add_case(self, case: Case) -> None: ...
    def case(self, case_id: str) -> Case | None: ...
    def update_case(self, case: Case) -> None: ...
    def case_alert_ids(self, case_id: str) -> list[str]: ...
    def case_of_alert(self, alert_id: str) -> str | None: ...
    def link_alert(self, case_id: str, alert_id: str, actor: str, at: str) -> None: ...
    def unlink_alert(self, alert_id: str) -> None: ...
    def case_states(self) -> list[tuple[str, ...]]: ...
    def suppression_keys(self) -> frozenset[tuple[str, str, str]]:
        """(query id, entity id, entry digest) of alerts now decided false positive."""
        ...

    # what ``audit verify`` compares with the log, as raw strings
    def decision_states(self) -> list[tuple[str, ...]]:
        """(id, alert id, kind, reason, actor, decided at, state, reviewer) of every decision."""
        ...

    def alert_states(self) -> list[tuple[str, ...]]:
        """(id, query id, entity id, entry digest, status) of every alert."""
        ...

    def user_states(self) -> list[tuple[str | None, ...]]:
        """(id, name, role, key id, expires at, disabled at) of every account."""
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

    # the monitored portfolio and the re-screens owed to it (alerts/portfolio_queries.py)
    def customer_fingerprints(self) -> dict[str, str]: ...
    def add_customer(self, row: CustomerRow) -> None: ...
    def replace_customer(self, row: CustomerRow) -> None: ...
    def customer_rows(self) -> list[CustomerRow]: ...
    def pending_customer_ids(self) -> set[str]: ...
    def mark_customers_screened(self, ids: Sequence[str]) -> None: ...
    def find_customers(self, text: str, limit: int) -> list[tuple[str, str]]: ...
    def owe_rescreen(self, dataset: str, from_version: str | None, to_version: str) -> None: ...
    def owed_rescreens(self) -> list[OwedRow]: ...
    def paid_rescreen(self, dataset: str, from_version: str | None, to_version: str) -> None: ...


DDL = ddl(DUCKDB)

AUDIT_CHUNK = 200


class DuckDBRepository(SharedQueries):
    """The embedded repository: tables in the store's DuckDB file."""

    def __init__(self, path: Path | str | None, *, read_only: bool = False) -> None:
        self.engine = DuckDBEngine(path, read_only=read_only)
        self._lock = threading.RLock()
        self._depth = 0
        # The head written by the open transaction. Never kept beyond it: the server
        # and CLI commands take turns writing the file, so another process may have
        # appended since (the head is read inside each writing transaction).
        self._pending_head: tuple[int, str] | None = None
        if read_only:  # reading only (audit verify): a read-only file must do
            return
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
            if outer:
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

    # -- alerts --------------------------------------------------------------------

    def add_alert(self, alert: Alert) -> bool:
        with self.transaction():
            if self._rows("SELECT 1 FROM alerts WHERE id = ?", [alert.id]):
                return False
            self.engine.execute(
                f"INSERT INTO alerts ({ALERT_COLUMNS}) VALUES "
                "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                alert_row(alert),
            )
            return True

    # -- audit log ----------------------------------------------------------------

    def audit_head(self) -> tuple[int, str] | None:
        with self._lock:
            if self._pending_head is not None:
                return self._pending_head
            rows = self.engine.rows("SELECT seq, hash FROM audit_head WHERE id = 1")
            return (int(rows[0][0]), str(rows[0][1])) if rows else None

    def append_audit(self, entries: Sequence[AuditEntry]) -> None:
        """Multi-row inserts: group commit then keeps up with hundreds of requests/s."""
        if not entries:
            return
        with self.transaction():
            for start in range(0, len(entries), AUDIT_CHUNK):
                chunk = entries[start : start + AUDIT_CHUNK]
                params = [v for e in chunk for v in audit_row(e)]
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
