"""Unauthenticated floods: rate-limited per address, summarised in the audit log;
workbench logins throttled; security headers on every response."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from moneytrail.api.headers import POLICY, REDOC_POLICY
from moneytrail.services.config import ApiConfig
from moneytrail.services.throttle import FailureWindow, RejectionSummary, TokenBuckets
from tests.api.conftest import Api, SliceStore, make_api

BODY = {"queries": {"c1": {"schema": "Person", "properties": {"name": ["Kassim Tajideen"]}}}}


@pytest.fixture
def guarded(slice_store: SliceStore, tmp_path: Path) -> Iterator[Api]:
    config = ApiConfig(rate=0, anon_rate=0.01, anon_burst=5, login_failures=3, login_window=600)
    yield from make_api(slice_store, tmp_path / "store.duckdb", config)


def _summaries(api: Api) -> list[dict[str, Any]]:
    return [e for e in api.audit_lines() if e["action"] == "request.reject.summary"]


def test_a_flood_without_a_key_is_429_and_one_summary_line(guarded: Api) -> None:
    assert guarded.client.get("/readyz", headers=guarded.admin).status_code == 200
    before = guarded.counts()
    statuses = [guarded.client.post("/match/default", json=BODY).status_code for _ in range(40)]
    assert statuses[:5] == [401] * 5 and set(statuses[5:]) == {429}
    wrong = guarded.client.post("/match/default", json=BODY, headers={"X-API-Key": "mt_x_y"})
    assert wrong.status_code == 429 and int(wrong.headers["Retry-After"]) >= 1
    assert guarded.counts() == before  # nothing committed per refusal
    # A key in use before the flood still works from the flooded address; the audit
    # log has its screening line and nothing else yet.
    ok = guarded.client.post("/match/default", json=BODY, headers=guarded.admin)
    assert ok.status_code == 200
    assert guarded.audit_lines()[-1]["action"] == "screen"
    guarded.client.app.state.services.rejections.flush()  # type: ignore[attr-defined]
    (line,) = _summaries(guarded)
    payload = line["payload"]
    assert isinstance(payload, dict)
    assert payload["count"] == 41 and payload["statuses"] == {"401": 5, "429": 36}
    assert payload["paths"] == {"/match/default": 41}


def test_summary_lines_are_one_per_client_and_period() -> None:
    now = [0.0]
    lines: list[tuple[str, str, str, dict[str, Any]]] = []
    summary = RejectionSummary(lambda *a: lines.append(a), period=60, clock=lambda: now[0])
    for t in range(0, 150, 1):  # one refusal a second from one client for 150 s
        now[0] = float(t)
        summary.record("10.0.0.1", 401, "/match/default")
    summary.record("10.0.0.2", 429, "/search/default")
    assert [line[3]["count"] for line in lines] == [60, 60]
    summary.flush()
    assert sorted((line[2], line[3]["count"]) for line in lines[2:]) == [
        ("10.0.0.1", 30),
        ("10.0.0.2", 1),
    ]
    assert all(line[1] == "request.reject.summary" for line in lines)


def test_token_buckets_peek_does_not_charge() -> None:
    buckets = TokenBuckets(rate=1.0, burst=1, clock=lambda: 0.0)
    assert buckets.peek("a") == 0.0 and buckets.peek("a") == 0.0
    assert buckets.take("a") == 0.0
    assert buckets.peek("a") == pytest.approx(1.0)


def test_failure_window_locks_out_then_forgives() -> None:
    now = [0.0]
    window = FailureWindow(3, 60.0, clock=lambda: now[0])
    for _ in range(3):
        assert window.blocked("addr:x", "user:ann") == 0.0
        window.fail("addr:x", "user:ann")
    assert window.blocked("addr:y", "user:ann") == pytest.approx(60.0)  # the user, elsewhere
    assert window.blocked("addr:x", "user:bob") == pytest.approx(60.0)  # the address
    assert window.blocked("addr:y", "user:bob") == 0.0
    now[0] = 60.5
    assert window.blocked("addr:x", "user:ann") == 0.0


def _login(api: Api, key: str, name: str = "") -> Any:
    form = api.client.get("/ui/login")
    token = re.search(r'name="csrf" value="([^"]+)"', form.text)
    assert token is not None
    data = {"key": key, "name": name, "csrf": token.group(1), "next": ""}
    return api.client.post("/ui/login", data=data, follow_redirects=False)


def test_workbench_login_is_throttled(guarded: Api, slice_store: SliceStore) -> None:
    for _ in range(3):
        assert _login(guarded, "mt_wrong_key", "ada").status_code == 303
    refused = _login(guarded, slice_store.admin_key, "ada")  # even the right key
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["Retry-After"]) <= 600
    assert "Too many failed logins" in refused.text


def test_every_response_carries_the_security_headers(api: Api) -> None:
    for path in ("/ui/login", "/healthz", "/match/default", "/ui/static/flows.js", "/nope"):
        resp = api.client.get(path)
        assert resp.headers["content-security-policy"] == POLICY, path
        assert resp.headers["x-content-type-options"] == "nosniff"
        assert resp.headers["referrer-policy"] == "no-referrer"
    for rule in ("script-src 'self';", "object-src 'none'", "frame-ancestors 'none'", "base-uri"):
        assert rule in POLICY
    assert "unsafe-inline" not in POLICY.split("script-src")[1].split(";")[0]
    docs = api.client.get("/docs")  # Swagger UI from local vendor files: the strict policy
    assert docs.headers["content-security-policy"] == POLICY
    assert "/ui/static/vendor/swagger-ui-bundle.js" in docs.text and "cdn." not in docs.text
    redoc = api.client.get("/redoc")  # ReDoc from local vendor files too
    assert redoc.headers["content-security-policy"] == REDOC_POLICY
    assert "/ui/static/vendor/redoc.standalone.js" in redoc.text and "cdn." not in redoc.text


def test_templates_have_no_inline_script_or_handler() -> None:
    templates = Path(__file__).parents[2] / "moneytrail" / "web" / "templates"
    for page in templates.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), page.name
        assert not re.search(r"\son[a-z]+\s*=", text), page.name
        assert "javascript:" not in text, page.name
