"""Workbench sessions in the case store, written once for both dialects.

Kept in the case store, not in server memory, so that a restart does not log everyone
out and every ``serve --workers`` process knows every session. Only a SHA-256 of the
session id is stored: someone who reads the table cannot take over a session with it.
The user is read with the session, so a disabled or removed account's sessions end at
once.
"""

from __future__ import annotations

import hashlib

from moneytrail.alerts.models import User
from moneytrail.alerts.sql_base import SqlAccess

SESSION_DDL: tuple[str, ...] = (
    """CREATE TABLE IF NOT EXISTS sessions (
        id_hash VARCHAR PRIMARY KEY, user_id VARCHAR NOT NULL, csrf VARCHAR NOT NULL,
        expires BIGINT NOT NULL, created BIGINT NOT NULL)""",
)

_USER = "u.id, u.name, u.role, u.key_id, u.created_at, u.expires_at, u.disabled_at"


def session_hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


class SessionQueries(SqlAccess):
    """Open, find and close sessions (the repositories supply the connection)."""

    def add_session(self, session_id: str, user_id: str, csrf: str, expires: int, now: int) -> None:
        """Record a new session, dropping the expired ones while at it."""
        self._execute(self._q("DELETE FROM sessions WHERE expires <= ?"), [now])
        self._execute(
            self._q("INSERT INTO sessions VALUES (?, ?, ?, ?, ?)"),
            [session_hash(session_id), user_id, csrf, expires, now],
        )

    def session(self, session_id: str, now: int) -> tuple[User, str, int] | None:
        """(user, csrf token, expiry) of a live session, or None."""
        from moneytrail.alerts.queries import read_user

        rows = self._rows(
            self._q(
                f"SELECT {_USER}, s.csrf, s.expires FROM sessions s "
                "JOIN users u ON u.id = s.user_id WHERE s.id_hash = ? AND s.expires > ?"
            ),
            [session_hash(session_id), now],
        )
        if not rows:
            return None
        row = rows[0]
        return read_user(row[:7]), str(row[7]), int(row[8])

    def remove_session(self, session_id: str) -> None:
        self._execute(self._q("DELETE FROM sessions WHERE id_hash = ?"), [session_hash(session_id)])
