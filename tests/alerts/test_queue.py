"""The review queue and the HTTP API over each store: raise, decide, reopen, audit."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from moneytrail.alerts import (
    AlertFilter,
    AlertStatus,
    AuditLog,
    Repository,
    Role,
    add_user,
    decide,
    list_alerts,
    raise_alerts,
    reopen,
    suppressions,
    verify,
)
from moneytrail.errors import InvalidInput, NotFound
from moneytrail.screening import Query, ScreenConfig, screener_from_store
from moneytrail.server import ApiConfig, create_app
from moneytrail.services.lists import load_source
from moneytrail.settings import Settings
from moneytrail.store import Store
from tests.alerts.backends import Backend
from tests.conftest import FIXTURES

KASSIM = {"id": "c-1", "schema": "Person", "properties": {"name": ["Kassim Tajideen"]}}


def _slice_store(path: Path) -> Store:
    store = Store(path)
    load_source(store, FIXTURES / "ofac_sdn_2021-07_slice", version="2021-07-07")
    return store


def test_raise_decide_reopen(repo: Repository, backend: Backend) -> None:
    with _slice_store(backend.store) as store:
        query = Query.from_record(KASSIM)
        matches = screener_from_store(store).screen(query, ScreenConfig())
    (alert,) = raise_alerts(repo, query, matches, {"us_ofac_sdn": "2021-07-07"})
    assert raise_alerts(repo, query, matches, {"us_ofac_sdn": "2021-07-07"}) == []
    with pytest.raises(InvalidInput, match="reason"):
        decide(repo, alert.id, "false_positive", "  ", "ann")
    with pytest.raises(NotFound):
        decide(repo, "al-none", "escalate", "why", "ann")
    view = decide(repo, alert.id, "false_positive", "born 1990 in Oslo", "ann")
    assert view.alert.status is AlertStatus.FALSE_POSITIVE
    assert suppressions(repo).suppresses("c-1", alert.entity_id, alert.entry_digest)
    view = reopen(repo, alert.id, "new information", "bob")
    assert view.alert.status is AlertStatus.OPEN and len(view.decisions) == 1
    assert [a.id for a in list_alerts(repo, AlertFilter(status=AlertStatus.OPEN))] == [alert.id]
    actions = [e.action for e in repo.audit_entries()]
    assert actions == ["alert.raise", "alert.decide", "alert.reopen"]
    assert verify(repo).ok


def test_api_serves_from_the_store(repo: Repository, backend: Backend) -> None:
    """The same app, its alerts and audit log kept in DuckDB or PostgreSQL."""
    _slice_store(backend.store).close()
    _, key = add_user(repo, AuditLog(repo), "ada", Role.ADMIN, "test")
    app = create_app(Settings(store=backend.store, progress=False), ApiConfig(rate=0), repo=repo)
    headers = {"X-API-Key": key}
    with TestClient(app) as client:
        body = {"queries": {"q": {"schema": "Person", "properties": KASSIM["properties"]}}}
        found = client.post("/match/default", json=body, headers=headers)
        assert found.status_code == 200, found.text
        assert found.json()["responses"]["q"]["results"][0]["id"] == "ofac-11494"
        users = client.get("/users", headers=headers).json()
        assert [u["name"] for u in users] == ["ada"]
        checked = client.get("/audit/verify", headers=headers)
        assert checked.status_code == 200 and checked.json()["ok"], checked.text
        lines = [(e.action, e.subject) for e in repo.audit_entries()]
    assert lines[:2] == [("user.add", lines[0][1]), ("screen", "match/default")]
