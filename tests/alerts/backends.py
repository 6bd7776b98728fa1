"""The two repositories the tests run on: the embedded DuckDB file and PostgreSQL.

PostgreSQL comes from ``MONEYTRAIL_TEST_DATABASE_URL`` (``eval "$(.ci/postgres.sh)"``
starts a throw-away one). Each test gets its own PostgreSQL schema, dropped after.
Without the variable the PostgreSQL variants fail under CI (``CI=true``), so a CI
run can never pass having tested one store only; elsewhere they are skipped, and
pytest's summary (``-ra``) says why.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest

from moneytrail.alerts import DuckDBRepository, Repository
from moneytrail.engines import DuckDBEngine

BACKENDS = ("duckdb", "postgres")
TEST_URL = "MONEYTRAIL_TEST_DATABASE_URL"


def postgres_url() -> str:
    """The test database, or fail (under CI) / skip (elsewhere) saying how to get one."""
    url = os.environ.get(TEST_URL, "").strip()
    if url:
        return url
    reason = f'{TEST_URL} is not set: start PostgreSQL with eval "$(.ci/postgres.sh)"'
    if os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}:
        pytest.fail(f"{reason} (CI must test the PostgreSQL store)", pytrace=False)
    pytest.skip(reason)


def with_search_path(url: str, schema: str) -> str:
    """``url`` with libpq options selecting ``schema``, for a subprocess to inherit."""
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options={quote(f'-csearch_path={schema}')}"


@dataclass
class Backend:
    """One store under test: open repositories on it, run raw SQL (to tamper)."""

    name: str
    open: Callable[[], Repository]
    execute: Callable[..., None]
    env: dict[str, str]  # what a CLI subprocess needs to use this store
    store: Path


@contextmanager
def duckdb_backend(path: Path) -> Iterator[Backend]:
    def execute(*statements: str) -> None:
        engine = DuckDBEngine(path)
        try:
            for sql in statements:
                engine.execute(sql)
        finally:
            engine.close()

    yield Backend("duckdb", lambda: DuckDBRepository(path), execute, {}, path)


@contextmanager
def postgres_backend(path: Path) -> Iterator[Backend]:
    import psycopg

    from moneytrail.alerts.postgres import PostgresRepository

    url = postgres_url()
    schema = f"t_{uuid.uuid4().hex[:16]}"

    def execute(*statements: str) -> None:
        with psycopg.connect(with_search_path(url, schema), autocommit=True) as conn:
            for sql in statements:
                conn.execute(sql)  # type: ignore[call-overload,unused-ignore]

    env = {"MONEYTRAIL_DATABASE_URL": with_search_path(url, schema)}
    try:
        yield Backend(
            "postgres", lambda: PostgresRepository(url, schema=schema), execute, env, path
        )
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")  # type: ignore[call-overload,unused-ignore]


@contextmanager
def backend_for(name: str, path: Path) -> Iterator[Backend]:
    factory = duckdb_backend if name == "duckdb" else postgres_backend
    with factory(path) as backend:
        yield backend
