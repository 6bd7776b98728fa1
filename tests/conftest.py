"""Shared fixtures: a store holding the bundled lists, built once per test session."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from moneytrail.services.lists import load_bundled
from moneytrail.store import Store
from moneytrail.store.snapshots import copy_store

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"


@pytest.fixture(scope="session")
def bundled_store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store file with every bundled list loaded (read it; copy it to change it)."""
    path = tmp_path_factory.mktemp("bundled") / "bundled.duckdb"
    with Store(path) as store:
        load_bundled(store)
    return path


@pytest.fixture
def store_copy(bundled_store_path: Path, tmp_path: Path) -> Path:
    """A private copy of the bundled store, free to modify."""
    target = tmp_path / "store.duckdb"
    copy_store(bundled_store_path, target)
    return target


def run_cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real command line in a subprocess, as a user or another tool would."""
    env = {**os.environ, "MONEYTRAIL_PROGRESS": "0", "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "moneytrail", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=False,
        timeout=300,
    )
