"""Every error moneytrail raises across a public boundary.

Callers branch on what they must do, so the tree is organised by remedy::

    MoneytrailError
    ├── InvalidInput        fix the input file or record (carries file, line, field)
    │   └── UnsafeInput     the input tried something dangerous (XML entities, bombs)
    ├── SourceError         the source is not a format we know, or is missing parts
    ├── EngineUnavailable   install the optional engine (carries the install hint)
    ├── NotFound            the entity, list or record does not exist
    ├── ConfigError         fix a setting or environment variable
    ├── AccessDenied        authenticate or ask an admin
    │   └── NotAuthenticated    no credentials, or credentials that are not valid
    ├── RateLimited         too many requests: retry after ``retry_after`` seconds
    │   └── AnonymousRateLimited  the same, for requests without valid credentials
    ├── WorkAbandoned       the work stopped: time budget spent, caller gone, shutdown
    ├── Conflict            someone changed it first: reload and decide again
    └── Busy                another process holds the store: wait, or retry later

The CLI turns each into one readable line and an exit code; the API maps them to
HTTP statuses in one table.
"""

from __future__ import annotations


class MoneytrailError(Exception):
    """Root of every moneytrail error."""

    exit_code = 1


class InvalidInput(MoneytrailError):
    """A file or record is malformed: the message names where and what was expected."""

    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        self.file = file
        self.line = line
        self.field = field
        self.reason = message
        super().__init__(self._render())

    def _render(self) -> str:
        where = []
        if self.file is not None:
            where.append(str(self.file))
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.field is not None:
            where.append(f"field {self.field}")
        prefix = ", ".join(where)
        return f"{prefix}: {self.reason}" if prefix else self.reason


class UnsafeInput(InvalidInput):
    """Input that would make a parser do something dangerous (external entities, expansion)."""


class SourceError(MoneytrailError):
    """A source cannot be read as any known format, or a required part is missing."""

    exit_code = 2


class EngineUnavailable(MoneytrailError):
    """An optional engine is not installed or cannot start."""

    exit_code = 3


class NotFound(MoneytrailError):
    """The thing asked for does not exist in the store."""

    exit_code = 4


class ConfigError(MoneytrailError):
    """A setting is missing or invalid."""

    exit_code = 2


class AccessDenied(MoneytrailError):
    """The caller is not allowed to do this."""

    exit_code = 5


class Conflict(MoneytrailError):
    """The record changed since the caller read it (optimistic concurrency): nothing was
    written; the caller reloads, sees what the other person did, and decides again."""

    exit_code = 6


class Busy(MoneytrailError):
    """The store stayed locked by another process for longer than the bounded wait.

    Exit code 75 is sysexits' EX_TEMPFAIL: the same command may succeed when retried.
    """

    exit_code = 75


class NotAuthenticated(AccessDenied):
    """No API key or session, or one that is not valid."""


class RateLimited(MoneytrailError):
    """Too many requests from one caller; try again after ``retry_after`` seconds."""

    exit_code = 75

    def __init__(self, message: str, retry_after: float) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class AnonymousRateLimited(RateLimited):
    """Too many requests without valid credentials from one client address."""


class WorkAbandoned(MoneytrailError):
    """Work stopped before it finished: its time budget was spent, the client went away
    or the server is shutting down; sending the request again (smaller) may succeed."""

    exit_code = 75
