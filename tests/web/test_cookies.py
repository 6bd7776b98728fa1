"""The workbench's cookies carry Secure behind TLS (MONEYTRAIL_COOKIE_SECURE, or https seen)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from moneytrail.server import ApiConfig, create_app
from moneytrail.settings import Settings
from moneytrail.web.session import COOKIE, LOGIN_COOKIE
from tests.reports.demo_store import DemoStore, copy_of, demo_store


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> DemoStore:
    return copy_of(demo_store(tmp_path_factory), tmp_path_factory.mktemp("c") / "c.duckdb")


def _login_cookies(
    store: DemoStore, secure: bool | None, base: str, headers: dict[str, str]
) -> dict[str, str]:
    """Log in through the form; the Set-Cookie lines of both steps, by cookie name."""
    settings = Settings(store=store.path, progress=False, cookie_secure=secure)
    app: Any = create_app(settings, ApiConfig(rate=0, anon_rate=0))
    # What uvicorn puts in front by default (proxy_headers=True), trusting the test client.
    proxied: Any = ProxyHeadersMiddleware(app, trusted_hosts="*")
    with TestClient(proxied, base_url=base) as client:
        form = client.get("/ui/login", headers=headers)
        lines = {h.split("=", 1)[0]: h for h in form.headers.get_list("set-cookie")}
        token = lines[LOGIN_COOKIE].split(";")[0].split("=", 1)[1]
        client.cookies.clear()  # a Secure cookie is not sent back over http: send it here
        answer = client.post(
            "/ui/login",
            data={
                "csrf": token,
                "name": store.seed.user,
                "key": store.seed.key,
            },
            headers={**headers, "Cookie": f"{LOGIN_COOKIE}={token}"},
            follow_redirects=False,
        )
    assert answer.status_code == 303, answer.text
    assert "error" not in answer.headers["location"]
    lines.update({h.split("=", 1)[0]: h for h in answer.headers.get_list("set-cookie")})
    return lines


def _secure(line: str) -> bool:
    return "secure" in [p.strip().lower() for p in line.split(";")]


@pytest.mark.parametrize(
    ("setting", "base", "headers", "expected"),
    [
        (None, "http://testserver", {}, False),
        (None, "https://testserver", {}, True),
        (None, "http://testserver", {"X-Forwarded-Proto": "https"}, True),
        (True, "http://testserver", {}, True),
        (False, "https://testserver", {}, False),
    ],
)
def test_session_and_login_cookies_are_secure_behind_tls(
    store: DemoStore,
    setting: bool | None,
    base: str,
    headers: dict[str, str],
    expected: bool,
) -> None:
    lines = _login_cookies(store, setting, base, headers)
    assert set(lines) >= {COOKIE, LOGIN_COOKIE}
    for name in (COOKIE, LOGIN_COOKIE):
        assert _secure(lines[name]) is expected, lines[name]
        assert "httponly" in lines[name].lower()


@pytest.mark.parametrize(("raw", "expected"), [("", None), ("1", True), ("0", False)])
def test_the_setting_reads_the_environment(raw: str, expected: bool | None) -> None:
    env = {"MONEYTRAIL_COOKIE_SECURE": raw} if raw else {}
    assert Settings.from_env(env).cookie_secure is expected
