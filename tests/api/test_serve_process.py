"""``moneytrail serve`` as a process: it answers, logs JSON lines and stops on SIGTERM."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.conftest import ROOT

STOP_WITHIN_SECONDS = 8.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_for(url: str, proc: subprocess.Popen[str], timeout: float = 180.0) -> bytes:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, f"serve exited early: {proc.communicate()[1]}"
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                body: bytes = response.read()
                return body
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer within {timeout} s")


def test_serve_answers_then_stops_on_sigterm_within_seconds(store_copy: Path) -> None:
    port = _free_port()
    env = {**os.environ, "MONEYTRAIL_PROGRESS": "0"}
    command = ["--store", str(store_copy), "serve", "--port", str(port), "--insecure-local"]
    proc = subprocess.Popen(
        [sys.executable, "-m", "moneytrail", *command],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        body = _wait_for(f"http://127.0.0.1:{port}/healthz", proc)
        assert json.loads(body)["status"] == "ok"
        proc.send_signal(signal.SIGTERM)
        started = time.monotonic()
        _, stderr = proc.communicate(timeout=30)
        took = time.monotonic() - started
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert took < STOP_WITHIN_SECONDS
    assert f"serving {store_copy} on http://127.0.0.1:{port}" in stderr
