"""A live workbench on 127.0.0.1 (uvicorn in a thread) and Debian's chromium driven by Playwright.

Chromium comes from the system (``/usr/bin/chromium``, Debian's package), never from
``playwright install``; the flags are those a root user on a closed network needs.
Screenshots go to tests/web/artifacts/ (git-ignored) for a person to look at.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from moneytrail.server import ApiConfig, create_app
from moneytrail.settings import Settings
from moneytrail.web import STATIC
from tests.reports.demo_store import DemoStore, copy_of, demo_store

CHROMIUM = Path(os.environ.get("MONEYTRAIL_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = Path(__file__).parent / "artifacts"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass(frozen=True)
class Workbench:
    url: str
    store: DemoStore

    @property
    def key(self) -> str:
        return self.store.seed.key


@contextmanager
def serving(app: Any) -> Iterator[str]:
    """``app`` served by uvicorn in a thread on a free loopback port; its base URL."""
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the workbench did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def workbench(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workbench]:
    if not (STATIC / "vendor" / "cytoscape.min.js").exists():
        pytest.fail(
            "vendor assets missing: run `npm ci && npm run build` in moneytrail/web/frontend"
        )
    store = copy_of(demo_store(tmp_path_factory), tmp_path_factory.mktemp("web") / "web.duckdb")
    app = create_app(Settings(store=store.path, progress=False), ApiConfig(rate=0, anon_rate=0))
    with serving(app) as url:
        yield Workbench(url, store)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        pytest.fail(f"no chromium at {CHROMIUM}: apt-get install chromium")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield launched
        launched.close()


def block_outside(page: Any, origin: str) -> list[str]:
    """Abort every request ``page`` makes outside ``origin``; the list they are put in
    (a test of offline pages asserts it stays empty)."""
    outside: list[str] = []

    def only_local(route: Any) -> None:
        if route.request.url.startswith(origin):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_local)
    return outside
