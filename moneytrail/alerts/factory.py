"""Which repository a process uses: the embedded store unless a database URL says otherwise.

One function decides, so the CLI, the API and the tools cannot disagree about where
alerts and the audit log live.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from moneytrail.alerts.repository import DuckDBRepository, Repository
from moneytrail.errors import ConfigError, EngineUnavailable
from moneytrail.settings import Settings

DATABASE_URL = "MONEYTRAIL_DATABASE_URL"
POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def database_url(env: Mapping[str, str] | None = None) -> str | None:
    """``MONEYTRAIL_DATABASE_URL``, or None when unset or empty (the embedded store)."""
    env = os.environ if env is None else env
    url = env.get(DATABASE_URL, "").strip()
    return url or None


def open_repository(
    settings: Settings, env: Mapping[str, str] | None = None, *, read_only: bool = False
) -> Repository:
    """PostgreSQL when ``MONEYTRAIL_DATABASE_URL=postgresql://...`` (read into the
    settings, or from ``env`` when given), else the store file (opened read-only when
    asked: a store that already has its tables, on a read-only file or mount)."""
    url = settings.database_url if env is None else database_url(env)
    if url is None:
        return DuckDBRepository(settings.store, read_only=read_only)
    if not url.startswith(POSTGRES_SCHEMES):
        scheme = url.split(":", 1)[0]
        raise ConfigError(
            f"{DATABASE_URL} must be a postgresql:// URL, not {scheme!r} "
            "(unset it to keep alerts in the store file)"
        )
    try:
        from moneytrail.alerts.postgres import PostgresRepository
    except ImportError as exc:  # psycopg is an optional extra
        raise EngineUnavailable(
            f"{DATABASE_URL} is set but psycopg is missing: pip install 'moneytrail[postgres]'"
        ) from exc
    return PostgresRepository(url)


def open_for_reading(settings: Settings) -> Repository:
    """The repository for a command that only reads (``audit verify``).

    Opened as usual (creating missing tables), or read-only when the file cannot be
    written (a read-only file or mount, an archived copy): verifying must not need
    write access to what it verifies.
    """
    try:
        return open_repository(settings)
    except ConfigError:
        if settings.database_url is not None or not settings.store.is_file():
            raise
        return open_repository(settings, read_only=True)
