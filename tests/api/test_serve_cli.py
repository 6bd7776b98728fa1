"""``moneytrail serve`` refuses --insecure-local on anything but loopback."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run_cli


def test_insecure_local_is_loopback_only(tmp_path: Path) -> None:
    store = tmp_path / "s.duckdb"
    result = run_cli("--store", str(store), "serve", "--host", "0.0.0.0", "--insecure-local")
    assert result.returncode == 2
    assert "127.0.0.1 or localhost only" in result.stderr
    assert not store.exists()  # refused before anything was opened or loaded
