"""Workbench sessions live in the case store: they survive a restart, end at logout and
as soon as their account is disabled, and the store never holds a usable session id."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from moneytrail.alerts import AuditLog, DuckDBRepository
from moneytrail.alerts.users import disable_user
from moneytrail.server import ApiConfig, create_app
from moneytrail.settings import Settings
from moneytrail.web.session import COOKIE, LOGIN_COOKIE
from tests.reports.demo_store import DemoStore, copy_of, demo_store


@pytest.fixture
def store(tmp_path_factory: pytest.TempPathFactory) -> DemoStore:
    return copy_of(demo_store(tmp_path_factory), tmp_path_factory.mktemp("s") / "s.duckdb")


def _app(store: DemoStore) -> Any:
    return create_app(Settings(store=store.path, progress=False), ApiConfig(rate=0, anon_rate=0))


def _log_in(store: DemoStore) -> str:
    """The session cookie a login through the form gives."""
    with TestClient(_app(store)) as client:
        form = client.get("/ui/login")
        token = form.cookies[LOGIN_COOKIE]
        answer = client.post(
            "/ui/login",
            data={"csrf": token, "name": store.seed.user, "key": store.seed.key},
            follow_redirects=False,
        )
        assert answer.status_code == 303, answer.text
        return str(answer.cookies[COOKIE])


def _queue_with(store: DemoStore, session: str) -> int:
    """The status of the alert queue for this session cookie, on a freshly started app."""
    with TestClient(_app(store)) as client:
        client.cookies.set(COOKIE, session)
        return client.get("/ui/alerts", follow_redirects=False).status_code


def test_a_session_survives_a_restart_and_ends_at_logout(store: DemoStore) -> None:
    session = _log_in(store)
    assert _queue_with(store, session) == 200  # a new app: the session came from the store
    assert _queue_with(store, "made-up") == 303  # to the login page
    with TestClient(_app(store)) as client:
        client.cookies.set(COOKIE, session)
        page = client.get("/ui/alerts")
        csrf = page.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
        client.post("/ui/logout", data={"csrf": csrf}, follow_redirects=False)
    assert _queue_with(store, session) == 303


def test_disabling_the_account_ends_its_sessions_at_once(store: DemoStore) -> None:
    session = _log_in(store)
    repo = DuckDBRepository(store.path)
    try:
        disable_user(repo, AuditLog(repo), store.seed.user, "admin")
        stored = repo._rows("SELECT id_hash FROM sessions")
    finally:
        repo.close()
    assert _queue_with(store, session) == 303
    assert stored and all(session not in row[0] for row in stored)  # only its hash is kept
