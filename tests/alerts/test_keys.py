"""API keys: expiry, rotation, disabling and removal, each audited (both stores)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from moneytrail.alerts import (
    AuditLog,
    Authenticator,
    Repository,
    Role,
    add_user,
    disable_user,
    remove_user,
    rotate_key,
)
from moneytrail.alerts.users import expiry
from moneytrail.errors import InvalidInput, NotFound
from tests.alerts.backends import Backend
from tests.conftest import run_cli


def _actions(repo: Repository) -> list[str]:
    return [e.action for e in repo.audit_entries()]


def test_disable_refuses_a_key_even_when_remembered(repo: Repository) -> None:
    user, key = add_user(repo, AuditLog(repo), "ann", Role.ANALYST, "test")
    auth = Authenticator(repo, recheck_seconds=0.0)
    assert auth.authenticate(key) == user
    disabled = disable_user(repo, AuditLog(repo), "ann", "boss")
    assert disabled.disabled_at is not None
    assert auth.cached(key) is None
    assert auth.authenticate(key) is None
    assert Authenticator(repo).authenticate(key) is None
    with pytest.raises(InvalidInput, match="disabled already"):
        disable_user(repo, AuditLog(repo), "ann", "boss")
    # a new key does not re-enable a disabled account
    _, fresh = rotate_key(repo, AuditLog(repo), "ann", "boss")
    assert Authenticator(repo).authenticate(fresh) is None
    assert _actions(repo) == ["user.add", "user.disable", "user.rotate_key"]
    line = list(repo.audit_entries())[1]
    assert (line.actor, line.subject, line.payload["name"]) == ("boss", user.id, "ann")


def test_rotate_key_replaces_the_old_key(repo: Repository) -> None:
    user, old = add_user(repo, AuditLog(repo), "ada", Role.ADMIN, "test")
    auth = Authenticator(repo, recheck_seconds=0.0)
    assert auth.authenticate(old) == user
    rotated, new = rotate_key(repo, AuditLog(repo), "ada", "test", expires_days=30)
    assert new != old and rotated.key_id != user.key_id
    assert auth.authenticate(old) is None  # remembered, re-checked, gone
    found = auth.authenticate(new)
    assert found is not None and found.role is Role.ADMIN
    assert found.expires_at == rotated.expires_at is not None
    payload = list(repo.audit_entries())[-1].payload
    assert payload["old_key_id"] == user.key_id and payload["key_id"] == rotated.key_id
    assert new.split("_", 2)[2] not in str(payload)


def test_remove_deletes_the_account(repo: Repository) -> None:
    _, key = add_user(repo, AuditLog(repo), "ann", Role.ANALYST, "test")
    auth = Authenticator(repo, recheck_seconds=0.0)
    assert auth.authenticate(key) is not None
    remove_user(repo, AuditLog(repo), "ann", "test")
    assert auth.authenticate(key) is None
    assert repo.users() == []
    assert _actions(repo) == ["user.add", "user.remove"]
    with pytest.raises(NotFound):
        remove_user(repo, AuditLog(repo), "ann", "test")
    add_user(repo, AuditLog(repo), "ann", Role.ANALYST, "test")  # the name is free again


def test_expired_key_is_refused(repo: Repository, backend: Backend) -> None:
    user, key = add_user(repo, AuditLog(repo), "ann", Role.ANALYST, "test", expires_days=1)
    assert user.expires_at is not None and user.expires_at > datetime.now(UTC).isoformat()
    auth = Authenticator(repo, recheck_seconds=0.0)
    assert auth.authenticate(key) is not None
    backend.execute("UPDATE users SET expires_at = '2020-01-01T00:00:00.000000+00:00'")
    assert auth.authenticate(key) is None
    assert Authenticator(repo).authenticate(key) is None
    assert user.refusal("2999-01-01") is not None and user.refusal("2000-01-01") is None
    with pytest.raises(InvalidInput, match="expiry"):
        add_user(repo, AuditLog(repo), "bob", Role.ANALYST, "test", expires_days=0)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    assert expiry(30, start) == "2026-01-31T00:00:00.000000+00:00"


def test_old_users_table_is_migrated(backend: Backend) -> None:
    """A case store made before keys could expire opens, and its keys still work."""
    repo = backend.open()
    _, key = add_user(repo, AuditLog(repo), "ann", Role.ANALYST, "test")
    repo.close()
    backend.execute(
        "ALTER TABLE users DROP COLUMN expires_at", "ALTER TABLE users DROP COLUMN disabled_at"
    )
    repo = backend.open()
    try:
        user = Authenticator(repo).authenticate(key)
        assert user is not None and user.expires_at is None and user.disabled_at is None
        disable_user(repo, AuditLog(repo), "ann", "test")
        assert Authenticator(repo).authenticate(key) is None
    finally:
        repo.close()


def test_cli_key_lifecycle(backend: Backend, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in backend.env.items():
        monkeypatch.setenv(name, value)
    store = str(backend.store)
    backend.open().close()
    added = run_cli("--store", store, "users", "add", "ann", "--expires", "30")
    assert added.returncode == 0, added.stderr
    first = added.stdout.strip()
    assert "expires" in added.stderr
    rotated = run_cli("--store", store, "users", "rotate-key", "ann")
    assert rotated.returncode == 0, rotated.stderr
    second = rotated.stdout.strip()
    assert second.startswith("mt_") and second != first and "old key" in rotated.stderr
    listed = run_cli("--store", store, "users", "list")
    assert listed.returncode == 0, listed.stderr
    assert "ann" in listed.stdout and "active" in listed.stdout, listed.stdout
    repo = backend.open()
    try:
        assert Authenticator(repo).authenticate(first) is None
        assert Authenticator(repo).authenticate(second) is not None
    finally:
        repo.close()
    assert run_cli("--store", store, "users", "disable", "ann").returncode == 0
    assert "disabled" in run_cli("--store", store, "users", "list").stdout
    assert run_cli("--store", store, "users", "remove", "ann").returncode == 0
    missing = run_cli("--store", store, "users", "remove", "ann")
    assert missing.returncode == 4 and "no user named 'ann'" in missing.stderr
    bad = run_cli("--store", store, "users", "add", "bob", "--expires", "0")
    assert bad.returncode == 2
    repo = backend.open()
    try:
        assert Authenticator(repo).authenticate(second) is None
        actions = [e.action for e in repo.audit_entries()]
        assert actions == ["user.add", "user.rotate_key", "user.disable", "user.remove"]
        assert all(e.actor.startswith("cli:") for e in repo.audit_entries())
    finally:
        repo.close()
