"""Accounts: keys are shown once and stored hashed; the CLI prints the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from moneytrail.alerts import AuditLog, Authenticator, DuckDBRepository, Role, add_user
from moneytrail.errors import InvalidInput
from tests.conftest import run_cli


def test_key_round_trip(tmp_path: Path) -> None:
    repo = DuckDBRepository(tmp_path / "s.duckdb")
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
    repo.close()


def test_cli_users_add_prints_key_once(tmp_path: Path) -> None:
    store = tmp_path / "s.duckdb"
    DuckDBRepository(store).close()
    result = run_cli("--store", str(store), "users", "add", "ada", "--role", "admin")
    assert result.returncode == 0, result.stderr
    key = result.stdout.strip()
    assert key.startswith("mt_") and "not shown again" in result.stderr
    repo = DuckDBRepository(store)
    user = Authenticator(repo).authenticate(key)
    assert user is not None and user.role is Role.ADMIN
    assert key not in str(repo.engine.rows("SELECT * FROM users"))
    line = next(iter(repo.audit_entries()))
    assert line.action == "user.add" and line.actor.startswith("cli:")
    repo.close()
    bad = run_cli("--store", str(store), "users", "add", "x", "--role", "root")
    assert bad.returncode == 2 and "unknown role" in bad.stderr
