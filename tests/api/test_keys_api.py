"""The API refuses (401) a key that was rotated away, disabled, removed or has expired."""

from __future__ import annotations

from moneytrail.alerts import AuditLog, Role, add_user, disable_user, remove_user, rotate_key
from tests.api.conftest import Api


def _status(api: Api, key: str) -> int:
    return api.client.get("/alerts", headers={"X-API-Key": key}).status_code


def test_revoked_and_expired_keys_get_401(api: Api) -> None:
    api.client.app.state.services.authenticator.recheck_seconds = 0.0  # type: ignore[attr-defined]
    repo = api.repo()
    audit = AuditLog(repo)
    _, key = add_user(repo, audit, "eve", Role.ANALYST, "test")
    assert _status(api, key) == 200
    _, new = rotate_key(repo, audit, "eve", "test")
    assert (_status(api, key), _status(api, new)) == (401, 200)
    disable_user(repo, audit, "eve", "test")
    assert _status(api, new) == 401

    _, short = add_user(repo, audit, "sam", Role.ANALYST, "test", expires_days=1)
    assert _status(api, short) == 200
    repo.engine.execute(
        "UPDATE users SET expires_at = '2020-01-01T00:00:00.000000+00:00' WHERE name = 'sam'"
    )
    assert _status(api, short) == 401

    _, gone = add_user(repo, audit, "rex", Role.ANALYST, "test")
    assert _status(api, gone) == 200
    remove_user(repo, audit, "rex", "test")
    assert _status(api, gone) == 401
    users = api.client.get("/users", headers=api.admin).json()
    eve = next(u for u in users if u["name"] == "eve")
    assert eve["disabled_at"] is not None and eve["expires_at"] is None
