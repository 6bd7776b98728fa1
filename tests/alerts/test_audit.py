"""The hash chain: verify names an edited, an inserted and a deleted line (both stores)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from moneytrail.alerts import AuditLog, Repository, verify
from moneytrail.alerts.audit import GroupCommitAudit
from tests.alerts.backends import Backend
from tests.conftest import run_cli


@pytest.fixture
def store(backend: Backend, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A store whose audit log holds five lines (the CLI finds it through the env)."""
    repo = backend.open()
    log = AuditLog(repo)
    for i in range(5):
        log.append("ann", "screen", f"match/default/{i}", {"input": {"q": i}, "n": i})
    repo.close()
    for key, value in backend.env.items():
        monkeypatch.setenv(key, value)
    return backend.store


def _verify(backend: Backend) -> list[tuple[int, str]]:
    repo = backend.open()
    try:
        return [(p.seq, p.kind) for p in verify(repo).problems]
    finally:
        repo.close()


def test_intact_log_verifies(store: Path, backend: Backend) -> None:
    assert _verify(backend) == []
    result = run_cli("--store", str(store), "audit", "verify")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok: 5 lines, head ")


def test_edited_line(store: Path, backend: Backend) -> None:
    backend.execute("UPDATE audit_log SET actor = 'mallory' WHERE seq = 3")
    assert _verify(backend) == [(3, "edited")]
    result = run_cli("--store", str(store), "audit", "verify")
    assert result.returncode == 1
    assert "line 3: edited" in result.stdout


def test_hand_edited_payload_not_json(store: Path, backend: Backend) -> None:
    backend.execute("UPDATE audit_log SET payload = '{broken' WHERE seq = 2")
    assert _verify(backend) == [(2, "edited")]


def test_inserted_line(store: Path, backend: Backend) -> None:
    backend.execute(
        "INSERT INTO audit_log SELECT 3, logged_at, 'mallory', action, subject, payload, "
        "prev_hash, hash FROM audit_log WHERE seq = 3",
    )
    assert (3, "edited") in _verify(backend) or (3, "inserted") in _verify(backend)
    if backend.name == "duckdb":  # a CLI run costs 2 s; the two above cover both stores
        result = run_cli("--store", str(store), "audit", "verify")
        assert result.returncode == 1 and "line 3" in result.stdout


def test_inserted_with_renumbering(store: Path, backend: Backend) -> None:
    backend.execute(
        "UPDATE audit_log SET seq = seq + 1 WHERE seq >= 3",
        "INSERT INTO audit_log SELECT 3, logged_at, actor, action, 'forged', payload, "
        "prev_hash, hash FROM audit_log WHERE seq = 2",
    )
    problems = _verify(backend)
    assert (3, "edited") in problems and (4, "edited") in problems


def test_deleted_line(store: Path, backend: Backend) -> None:
    backend.execute("DELETE FROM audit_log WHERE seq = 2")
    assert _verify(backend) == [(2, "deleted")]
    if backend.name == "duckdb":
        result = run_cli("--store", str(store), "audit", "verify")
        assert result.returncode == 1 and "line 2: deleted" in result.stdout


def test_deleted_last_line(store: Path, backend: Backend) -> None:
    backend.execute("DELETE FROM audit_log WHERE seq = 5")
    assert _verify(backend) == [(5, "deleted")]


def test_appended_by_hand(store: Path, backend: Backend) -> None:
    backend.execute(
        "INSERT INTO audit_log SELECT 6, logged_at, actor, action, subject, payload, "
        "hash, hash FROM audit_log WHERE seq = 5",
    )
    problems = _verify(backend)
    assert (6, "edited") in problems and (6, "inserted") in problems


def test_export_jsonl(store: Path, backend: Backend, tmp_path: Path) -> None:
    out = tmp_path / "audit.jsonl"
    result = run_cli("--store", str(store), "audit", "export", "--output", str(out))
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [line["seq"] for line in lines] == [1, 2, 3, 4, 5]
    assert lines[1]["prev_hash"] == lines[0]["hash"]
    assert lines[4]["payload"] == {"input": {"q": 4}, "n": 4}


def test_group_commit_from_threads(repo: Repository) -> None:
    import threading

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
