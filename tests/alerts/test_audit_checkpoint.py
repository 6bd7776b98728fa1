"""Checkpoints and the anchor: a log deleted or rewritten with its head is caught.

Without a checkpoint a store whose log, head and tables were all wiped verifies as
"ok: 0 lines" (it looks new); with one, verify fails and says what the checkpoint
recorded. A checkpoint edited by hand, signed with another key or unsigned where a
key is set is refused.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from moneytrail.alerts import AuditLog, Repository, verify
from moneytrail.alerts.audit import Checkpoint
from moneytrail.alerts.audit_checkpoint import (
    CheckpointRefused,
    make_checkpoint,
    read_anchor,
    read_checkpoint,
    render,
    verify_anchored,
)
from moneytrail.errors import ConfigError, MoneytrailError
from tests.alerts.activity import Active
from tests.conftest import run_cli

KEY = "a-bank-kept-secret-0123456789"
WIPE = (
    "DELETE FROM audit_log",
    "DELETE FROM audit_head",
    "DELETE FROM decisions",
    "DELETE FROM alerts",
    "DELETE FROM users",
)


def _cli(active: Active, *args: str) -> tuple[int, str, str]:
    result = run_cli("--store", str(active.backend.store), "audit", *args)
    return result.returncode, result.stdout, result.stderr


def test_checkpoint_round_trip(
    active: Active, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MONEYTRAIL_AUDIT_KEY", KEY)
    point = tmp_path / "checkpoint.json"
    code, _, err = _cli(active, "export", "--checkpoint", str(point))
    assert code == 0, err
    record = json.loads(point.read_text())
    lines = len(list(_entries(active)))
    assert (record["lines"], record["signature"]["alg"]) == (lines, "hmac-sha256")
    assert f"checkpoint: {lines} lines" in err and "signed" in err

    code, out, err = _cli(active, "verify", "--checkpoint", str(point))
    assert code == 0, out + err
    assert "1 checkpoint(s) hold" in out

    active.backend.execute(*WIPE)  # everything gone: looks like a new store
    code, out, _ = _cli(active, "verify")
    assert code == 0 and out.startswith("ok: 0 lines")
    code, out, err = _cli(active, "verify", "--checkpoint", str(point))
    assert code == 1
    assert f"the log is empty but the checkpoint {point}" in out
    assert f"recorded {lines} lines: the log was deleted" in out


def _entries(active: Active) -> list[object]:
    repo = active.backend.open()
    try:
        return list(repo.audit_entries())
    finally:
        repo.close()


def _rewrite(repo: Repository, lines: int) -> None:
    log = AuditLog(repo)
    for i in range(lines):
        log.append("mallory", "screen", f"forged/{i}")


def test_rewritten_or_shortened_log_fails_the_checkpoint(active: Active) -> None:
    repo = active.backend.open()
    try:
        point = read_checkpoint_record(make_checkpoint(repo, KEY, None), active)
        seq = point.seq
        assert verify(repo, checkpoints=[point]).ok
    finally:
        repo.close()
    active.backend.execute(*WIPE)
    repo = active.backend.open()
    try:
        _rewrite(repo, seq + 3)  # a fresh, valid chain, longer than the old one
        report = verify(repo, checkpoints=[point])
        assert [(p.seq, p.kind) for p in report.problems] == [(seq, "rewritten")]
        assert "the log was rewritten" in report.problems[0].detail
    finally:
        repo.close()
    active.backend.execute("DELETE FROM audit_log WHERE seq > 2", "UPDATE audit_head SET seq = 2")
    repo = active.backend.open()
    try:
        head = [e.hash for e in repo.audit_entries()][-1]
    finally:
        repo.close()
    active.backend.execute(f"UPDATE audit_head SET hash = '{head}'")
    repo = active.backend.open()
    try:
        report = verify(repo, checkpoints=[point])
    finally:
        repo.close()
    assert [(p.seq, p.kind) for p in report.problems] == [(3, "deleted")]
    detail = report.problems[0].detail
    assert "the log ends at line 2" in detail and f"recorded {seq} lines" in detail


def read_checkpoint_record(record: dict[str, Any], active: Active) -> Checkpoint:
    path = active.backend.store.parent / "cp.json"
    path.write_text(render(record))
    return read_checkpoint(path, KEY)


@pytest.fixture
def signed(active: Active, tmp_path: Path) -> Path:
    repo = active.backend.open()
    try:
        record = make_checkpoint(repo, KEY, None)
    finally:
        repo.close()
    path = tmp_path / "checkpoint.json"
    path.write_text(render(record))
    return path


def test_tampered_checkpoint_is_refused(
    active: Active, signed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An intruder who wiped the log lowers the checkpoint to 0 lines: refused."""
    record = json.loads(signed.read_text())
    record["lines"], record["head"] = 0, "0" * 64
    signed.write_text(json.dumps(record))
    with pytest.raises(CheckpointRefused, match="signature does not match"):
        read_checkpoint(signed, KEY)
    monkeypatch.setenv("MONEYTRAIL_AUDIT_KEY", KEY)
    code, _, err = _cli(active, "verify", "--checkpoint", str(signed))
    assert code == 1 and "signature does not match its content" in err


def test_checkpoint_under_another_key_or_none(signed: Path) -> None:
    read_checkpoint(signed, KEY)
    with pytest.raises(CheckpointRefused, match="another key"):
        read_checkpoint(signed, KEY.upper())
    with pytest.raises(ConfigError, match="set MONEYTRAIL_AUDIT_KEY"):
        read_checkpoint(signed, None)


def test_unsigned_checkpoint(active: Active, tmp_path: Path) -> None:
    """Without a key: hashed, says so, accepted with a note; refused once a key is set."""
    path = tmp_path / "unsigned.json"
    code, _, err = _cli(active, "export", "--checkpoint", str(path))
    assert code == 0 and "UNSIGNED" in err
    record = json.loads(path.read_text())
    assert record["signature"]["alg"] == "sha256" and "unsigned" in record["signature"]["note"]
    assert read_checkpoint(path, None).signed is False
    with pytest.raises(CheckpointRefused, match="not signed"):
        read_checkpoint(path, KEY)
    record["lines"] += 1
    path.write_text(json.dumps(record))
    with pytest.raises(CheckpointRefused, match="hash does not match"):
        read_checkpoint(path, None)


def test_anchor_file_catches_a_wiped_store(active: Active, tmp_path: Path) -> None:
    anchor = tmp_path / "elsewhere" / "audit-anchor.jsonl"
    anchor.parent.mkdir()
    repo = active.backend.open()
    try:
        make_checkpoint(repo, KEY, anchor)  # an export appends the head
        AuditLog(repo).append("ann", "screen", "match/default", {"n": 1})
        report, points = verify_anchored(repo, [], KEY, anchor)  # a pass appends too
        assert report.ok and len(points) == 1
    finally:
        repo.close()
    assert [p.seq for p in read_anchor(anchor, KEY)] == [report.seq - 1, report.seq]
    active.backend.execute(*WIPE)
    repo = active.backend.open()
    try:
        report, points = verify_anchored(repo, [], KEY, anchor)
    finally:
        repo.close()
    assert not report.ok and len(points) == 2
    assert all(p.kind == "deleted" and "the log was deleted" in p.detail for p in report.problems)
    assert len(read_anchor(anchor, KEY)) == 2  # a failed verify does not anchor


def test_no_checkpoint_of_a_tampered_store(active: Active) -> None:
    active.backend.execute("UPDATE users SET role = 'admin' WHERE name = 'ann'")
    repo = active.backend.open()
    try:
        with pytest.raises(MoneytrailError, match="no checkpoint written"):
            make_checkpoint(repo, KEY, None)
    finally:
        repo.close()


def test_settings_read_the_key_and_anchor(tmp_path: Path) -> None:
    from moneytrail.settings import Settings

    anchor = tmp_path / "anchor.jsonl"
    env = {"MONEYTRAIL_AUDIT_KEY": f" {KEY} ", "MONEYTRAIL_AUDIT_ANCHOR": str(anchor)}
    settings = Settings.from_env(env)
    assert (settings.audit_key, settings.audit_anchor) == (KEY, anchor)
    assert KEY not in repr(settings)
    assert Settings.from_env({}).audit_key is None and Settings.from_env({}).audit_anchor is None
    with pytest.raises(ConfigError, match="at least 16 characters"):
        Settings.from_env({"MONEYTRAIL_AUDIT_KEY": "short"})
