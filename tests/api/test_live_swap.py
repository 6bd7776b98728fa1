"""A list loaded while the server answers: no request fails, the new version is served
within seconds without a restart, and other CLI commands work beside the server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from moneytrail.alerts.audit import AuditLog
from moneytrail.alerts.models import Role
from moneytrail.alerts.users import add_user
from tests.alerts.backends import BACKENDS, Backend, backend_for
from tests.api.test_serve_process import _free_port, _wait_for
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures"
OLD, NEW = FIXTURES / "ofac_sdn_2021-07_slice", FIXTURES / "ofac_sdn_2024-05_slice"
QUERY = {"schema": "Person", "properties": {"name": ["Kassim Tajideen"]}}
CLIENTS = 8
NEW_VERSION_WITHIN = 10.0


def _cli(store: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ, **env, "MONEYTRAIL_PROGRESS": "0", "MONEYTRAIL_LOCK_WAIT": "20",
        "COLUMNS": "250",
    }  # fmt: skip
    return subprocess.run(
        [sys.executable, "-m", "moneytrail", "--store", str(store), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _make_key(backend: Backend) -> str:
    repo = backend.open()
    try:
        return add_user(repo, AuditLog(repo), "analyst", Role.ANALYST, "test")[1]
    finally:
        repo.close()


class Clients:
    """Threads screening one name in a loop; every answer is counted."""

    def __init__(self, url: str, key: str) -> None:
        self.url, self.key = url, key
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.ok = 0
        self.failed: list[str] = []
        self.first_new: float | None = None
        self.threads = [threading.Thread(target=self._loop) for _ in range(CLIENTS)]

    def _loop(self) -> None:
        body = json.dumps({"queries": {"q": QUERY}}).encode()
        while not self.stop.is_set():
            request = urllib.request.Request(
                self.url,
                data=body,
                headers={"Content-Type": "application/json", "X-API-Key": self.key},
            )
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    data = json.loads(response.read())
            except (urllib.error.URLError, OSError) as exc:
                with self.lock:
                    self.failed.append(repr(exc))
                continue
            top = data["responses"]["q"]["results"][0]
            version = top["explanation"]["list_versions"]["us_ofac_sdn"]
            with self.lock:
                self.ok += 1
                if version == "2024-05-03" and self.first_new is None:
                    self.first_new = time.monotonic()

    def __enter__(self) -> Clients:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=60)


@pytest.mark.parametrize("case_store", BACKENDS)
def test_a_load_while_serving_fails_no_request_and_is_served_within_seconds(
    tmp_path: Path, case_store: str
) -> None:
    store = tmp_path / "team.duckdb"
    with backend_for(case_store, store) as backend:
        _serve_and_load(store, backend)


def _serve_and_load(store: Path, backend: Backend) -> None:
    env = backend.env
    key = _make_key(backend)  # (also creates the test's PostgreSQL schema)
    loaded = _cli(store, "lists", "load", str(OLD), env=env)
    assert loaded.returncode == 0, loaded.stderr
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "moneytrail", "--store", str(store), "serve", "--port",
         str(port)],
        cwd=ROOT,
        env={**os.environ, **env, "MONEYTRAIL_PROGRESS": "0", "MONEYTRAIL_API_RATE": "0"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        _wait_for(f"http://127.0.0.1:{port}/healthz", server)
        with Clients(f"http://127.0.0.1:{port}/match/default", key) as clients:
            # Answers before the load (a loaded machine may take seconds for the first).
            started = time.monotonic()
            while clients.ok == 0 and not clients.failed and time.monotonic() - started < 30:
                time.sleep(0.1)
            before = clients.ok
            load = _cli(store, "lists", "load", str(NEW), "--version", "2024-05-03", env=env)
            loaded_at = time.monotonic()
            assert load.returncode == 0, load.stderr
            # Other commands work on the same store while the server runs.
            listing = _cli(store, "lists", env=env)
            verify = _cli(store, "audit", "verify", env=env)
            while clients.first_new is None and time.monotonic() - loaded_at < 30:
                time.sleep(0.2)
            time.sleep(0.5)
        assert listing.returncode == 0, listing.stderr
        assert "2024-05-03" in listing.stdout
        assert verify.returncode == 0, verify.stdout + verify.stderr
        assert clients.failed == []
        assert before > 0 and clients.ok > before
        assert clients.first_new is not None, "the new version was never served"
        assert clients.first_new - loaded_at <= NEW_VERSION_WITHIN
    finally:
        server.terminate()
        server.communicate(timeout=30)
