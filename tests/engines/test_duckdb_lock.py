"""A store held by another process: a bounded wait, then one line saying what to do."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from moneytrail.engines.duckdb import DuckDBEngine
from moneytrail.errors import Busy
from tests.conftest import ROOT

HOLD = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1])
print("held", flush=True)
time.sleep(float(sys.argv[2]))
"""


def _hold(path: Path, seconds: float) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path), str(seconds)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    return proc


def _release(proc: subprocess.Popen[str], *, kill: bool = True) -> None:
    if kill:
        proc.kill()
    proc.wait()
    assert proc.stdout is not None
    proc.stdout.close()


def test_a_held_store_waits_then_says_busy_without_duckdbs_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "store.duckdb"
    duckdb.connect(str(path)).close()
    holder = _hold(path, 30)
    try:
        monkeypatch.setenv("MONEYTRAIL_LOCK_WAIT", "0.5")
        started = time.monotonic()
        with pytest.raises(Busy) as caught:
            DuckDBEngine(path)
        waited = time.monotonic() - started
    finally:
        _release(holder)
    message = str(caught.value)
    assert 0.4 <= waited < 5
    assert f"process {holder.pid}" in message and "MONEYTRAIL_LOCK_WAIT" in message
    assert "Conflicting lock" not in message and "python" not in message
    assert caught.value.exit_code == 75


def test_the_wait_ends_as_soon_as_the_other_process_lets_go(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "store.duckdb"
    duckdb.connect(str(path)).close()
    holder = _hold(path, 1.0)
    monkeypatch.setenv("MONEYTRAIL_LOCK_WAIT", "20")
    engine = DuckDBEngine(path)
    try:
        assert engine.rows("SELECT 42") == [(42,)]
    finally:
        engine.close()
        _release(holder, kill=False)


def test_the_cli_prints_one_line_and_exits_75(tmp_path: Path) -> None:
    path = tmp_path / "store.duckdb"
    duckdb.connect(str(path)).close()
    holder = _hold(path, 60)
    try:
        env = {**os.environ, "MONEYTRAIL_LOCK_WAIT": "0.3", "COLUMNS": "500"}
        proc = subprocess.run(
            [sys.executable, "-m", "moneytrail", "--store", str(path), "audit", "verify"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
    finally:
        _release(holder)
    assert proc.returncode == 75, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: the store")
