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


def test_a_busy_port_is_refused_before_serving_is_announced(tmp_path: Path) -> None:
    import socket

    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        result = run_cli(
            "--store", str(tmp_path / "s.duckdb"), "serve", "--port", str(port), "--insecure-local"
        )
    assert result.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr
    assert "serving" not in result.stderr
    assert not (tmp_path / "s.duckdb").exists()  # refused before the store was touched
