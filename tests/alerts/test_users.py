"""Accounts: keys are shown once and stored hashed; the CLI prints the key (both stores)."""

from __future__ import annotations

import pytest

from moneytrail.alerts import AuditLog, Authenticator, Repository, Role, add_user
from moneytrail.errors import InvalidInput
from tests.alerts.backends import Backend
from tests.conftest import run_cli


def test_key_round_trip(repo: Repository) -> None:
    user, key = add_user(repo, AuditLog(repo), "ann", Role.ANALYST, "test")
    auth = Authenticator(repo)
    assert auth.authenticate(key) == user
    assert auth.cached(key) == user
    assert auth.authenticate(key[:-1] + ("A" if key[-1] != "A" else "B")) is None
    assert auth.authenticate("not-a-key") is None
    assert auth.authenticate(f"mt_{user.key_id}_") is None
    with pytest.raises(InvalidInput):
        add_user(repo, AuditLog(repo), "ann", Role.ADMIN, "test")
    with pytest.raises(InvalidInput):
        Role.parse("root")


def test_cli_users_add_prints_key_once(backend: Backend, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in backend.env.items():
        monkeypatch.setenv(name, value)
    store = backend.store
    backend.open().close()
    result = run_cli("--store", str(store), "users", "add", "ada", "--role", "admin")
    assert result.returncode == 0, result.stderr
    key = result.stdout.strip()
    assert key.startswith("mt_") and "not shown again" in result.stderr
    repo = backend.open()
    user = Authenticator(repo).authenticate(key)
    assert user is not None and user.role is Role.ADMIN
    assert [u.name for u in repo.users()] == ["ada"]
    assert key.split("_", 2)[2] not in str(repo.credentials(user.key_id))
    line = next(iter(repo.audit_entries()))
    assert line.action == "user.add" and line.actor.startswith("cli:")
    repo.close()
    bad = run_cli("--store", str(store), "users", "add", "x", "--role", "root")
    assert bad.returncode == 2 and "unknown role" in bad.stderr
