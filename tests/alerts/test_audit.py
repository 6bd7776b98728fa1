"""The hash chain: verify names an edited, an inserted and a deleted line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from moneytrail.alerts import AuditLog, DuckDBRepository, verify
from moneytrail.alerts.audit import GroupCommitAudit
from moneytrail.engines import DuckDBEngine
from tests.conftest import run_cli


@pytest.fixture(scope="module")
def logged(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store whose audit log holds five lines."""
    path = tmp_path_factory.mktemp("audit") / "base.duckdb"
    repo = DuckDBRepository(path)
    log = AuditLog(repo)
    for i in range(5):
        log.append("ann", "screen", f"match/default/{i}", {"input": {"q": i}, "n": i})
    repo.close()
    return path


@pytest.fixture
def store(logged: Path, tmp_path: Path) -> Path:
    target = tmp_path / "store.duckdb"
    shutil.copy(logged, target)
    return target


def _tamper(path: Path, *sql: str) -> None:
    engine = DuckDBEngine(path)
    try:
        for statement in sql:
            engine.execute(statement)
    finally:
        engine.close()


def _verify(path: Path) -> list[tuple[int, str]]:
    repo = DuckDBRepository(path)
    try:
        return [(p.seq, p.kind) for p in verify(repo).problems]
    finally:
        repo.close()


def test_intact_log_verifies(store: Path) -> None:
    assert _verify(store) == []
    result = run_cli("--store", str(store), "audit", "verify")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok: 5 lines, head ")


def test_edited_line(store: Path) -> None:
    _tamper(store, "UPDATE audit_log SET actor = 'mallory' WHERE seq = 3")
    assert _verify(store) == [(3, "edited")]
    result = run_cli("--store", str(store), "audit", "verify")
    assert result.returncode == 1
    assert "line 3: edited" in result.stdout


def test_hand_edited_payload_not_json(store: Path) -> None:
    _tamper(store, "UPDATE audit_log SET payload = '{broken' WHERE seq = 2")
    assert _verify(store) == [(2, "edited")]


def test_inserted_line(store: Path) -> None:
    _tamper(
        store,
        "INSERT INTO audit_log SELECT 3, logged_at, 'mallory', action, subject, payload, "
        "prev_hash, hash FROM audit_log WHERE seq = 3",
    )
    assert (3, "edited") in _verify(store) or (3, "inserted") in _verify(store)
    result = run_cli("--store", str(store), "audit", "verify")
    assert result.returncode == 1 and "line 3" in result.stdout


def test_inserted_with_renumbering(store: Path) -> None:
    _tamper(
        store,
        "UPDATE audit_log SET seq = seq + 1 WHERE seq >= 3",
        "INSERT INTO audit_log SELECT 3, logged_at, actor, action, 'forged', payload, "
        "prev_hash, hash FROM audit_log WHERE seq = 2",
    )
    problems = _verify(store)
    assert (3, "edited") in problems and (4, "edited") in problems


def test_deleted_line(store: Path) -> None:
    _tamper(store, "DELETE FROM audit_log WHERE seq = 2")
    assert _verify(store) == [(2, "deleted")]
    result = run_cli("--store", str(store), "audit", "verify")
    assert result.returncode == 1 and "line 2: deleted" in result.stdout


def test_deleted_last_line(store: Path) -> None:
    _tamper(store, "DELETE FROM audit_log WHERE seq = 5")
    assert _verify(store) == [(5, "deleted")]


def test_appended_by_hand(store: Path) -> None:
    _tamper(
        store,
        "INSERT INTO audit_log SELECT 6, logged_at, actor, action, subject, payload, "
        "hash, hash FROM audit_log WHERE seq = 5",
    )
    problems = _verify(store)
    assert (6, "edited") in problems and (6, "inserted") in problems


def test_export_jsonl(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "audit.jsonl"
    result = run_cli("--store", str(store), "audit", "export", "--output", str(out))
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [line["seq"] for line in lines] == [1, 2, 3, 4, 5]
    assert lines[1]["prev_hash"] == lines[0]["hash"]
    assert lines[4]["payload"] == {"input": {"q": 4}, "n": 4}


def test_group_commit_from_threads(tmp_path: Path) -> None:
    import threading

    repo = DuckDBRepository(tmp_path / "s.duckdb")
    writer = GroupCommitAudit(AuditLog(repo))
    threads = [
        threading.Thread(target=lambda i=i: writer.append("t", "screen", str(i), {"i": i}))
        for i in range(50)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    writer.close()
    report = verify(repo)
    assert report.ok and report.lines == 50
    repo.close()
