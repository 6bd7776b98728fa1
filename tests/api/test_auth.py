"""Keys and roles: every route but /healthz needs a key; analysts cannot administer."""

from __future__ import annotations

from pathlib import Path

import pytest

from moneytrail.services.config import ApiConfig
from tests.api.conftest import Api, SliceStore, make_api

OPEN = {"/healthz"}


def _routes(api: Api) -> list[tuple[str, str]]:
    """Every operation of the served spec, with placeholder path parameters."""
    spec = api.client.get("/openapi.json").json()
    out: list[tuple[str, str]] = []
    for path, operations in spec["paths"].items():
        if path in OPEN:
            continue
        path = path.replace("{dataset}", "default")
        path = path.replace("{entity_id}", "x").replace("{alert_id}", "x")
        out.extend((method.upper(), path) for method in operations)
    return out


def test_every_route_but_health_needs_a_key(api: Api) -> None:
    assert api.client.get("/healthz").status_code == 200
    routes = _routes(api)
    assert len(routes) >= 12
    for method, path in routes:
        resp = api.client.request(method, path, json={})
        assert resp.status_code == 401, (method, path, resp.status_code)
        assert resp.headers["www-authenticate"] == "ApiKey"
        wrong = api.client.request(method, path, json={}, headers={"X-API-Key": "mt_abc_def"})
        assert wrong.status_code == 401, (method, path)


def test_both_header_forms(api: Api) -> None:
    key = api.analyst["X-API-Key"]
    assert api.client.get("/algorithms", headers={"X-API-Key": key}).status_code == 200
    bearer = {"Authorization": f"ApiKey {key}"}
    assert api.client.get("/algorithms", headers=bearer).status_code == 200


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/users"), ("POST", "/users"), ("GET", "/audit"), ("GET", "/audit/verify")],
)
def test_analyst_cannot_administer(api: Api, method: str, path: str) -> None:
    body = {"name": "mallory", "role": "admin"}
    resp = api.client.request(method, path, json=body, headers=api.analyst)
    assert resp.status_code == 403, resp.text
    assert api.client.request(method, path, json=body, headers=api.admin).status_code in {200, 201}


def test_admin_creates_a_user_whose_key_works(api: Api) -> None:
    resp = api.client.post("/users", json={"name": "bob", "role": "analyst"}, headers=api.admin)
    assert resp.status_code == 201, resp.text
    key = resp.json()["api_key"]
    assert api.client.get("/alerts", headers={"X-API-Key": key}).status_code == 200
    stored = api.repo().engine.rows("SELECT key_hash FROM users WHERE name = 'bob'")[0][0]
    assert key.encode() not in bytes(stored) and key.split("_")[2].encode() not in bytes(stored)
    line = api.audit_lines()[-1]
    assert (line["actor"], line["action"]) == ("ada", "user.add")
    dup = api.client.post("/users", json={"name": "bob"}, headers=api.admin)
    assert dup.status_code == 422 and dup.json()["field"] == "name"


def test_insecure_local_needs_no_key(slice_store: SliceStore, tmp_path: Path) -> None:
    config = ApiConfig(rate=0, insecure_local=True)
    for local in make_api(slice_store, tmp_path / "s.duckdb", config):
        assert local.client.get("/audit/verify").json()["ok"] is True
