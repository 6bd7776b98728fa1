"""Updating from a URL, against a real HTTP server on 127.0.0.1 started here.

A good download is loaded; a checksum mismatch, a truncated body, a missing file and
an oversized one each leave the previous version active and say why.
"""

from __future__ import annotations

import hashlib
import http.server
import io
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from moneytrail.errors import SourceError
from moneytrail.services.downloads import fetch_list, normalise_digest
from moneytrail.services.updates import run_update
from tests.services.conftest import Monitored, changed_slice


def zipped(folder: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for path in sorted(folder.iterdir()):
            zf.write(path, f"{folder.name}/{path.name}")
    return buffer.getvalue()


class Routes(http.server.BaseHTTPRequestHandler):
    """path -> body; "/truncated.zip" declares more bytes than it sends."""

    routes: ClassVar[dict[str, bytes]] = {}

    def do_GET(self) -> None:
        body = self.routes.get(self.path)
        if body is None:
            self.send_error(404)
            return
        self.send_response(200)
        declared = len(body) * 2 if self.path == "/truncated.zip" else len(body)
        self.send_header("Content-Length", str(declared))
        self.end_headers()
        self.wfile.write(body)
        self.close_connection = True

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: pytest output is for failures."""


@pytest.fixture
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The changed slice (see conftest) zipped, served with and without good checksums."""
    good = zipped(changed_slice(tmp_path_factory.mktemp("served") / "changed"))
    digest = hashlib.sha256(good).hexdigest().encode()
    Routes.routes = {
        "/good.zip": good,
        "/good.zip.sha256": digest + b"  good.zip\n",
        "/tampered.zip": good[:-10] + b"x" * 10,
        "/tampered.zip.sha256": digest,
        "/truncated.zip": good[: len(good) // 2],
        "/truncated.zip.sha256": digest,
        "/nosidecar.zip": good,
    }
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Routes)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def test_good_download_is_loaded(monitored: Monitored, server: str) -> None:
    url = f"{server}/good.zip"
    result = run_update(monitored.store, monitored.repo, url, actor="ops", version="2021-08-01")
    assert monitored.versions() == {"us_ofac_sdn": "2021-08-01"}
    assert result.sha256 == hashlib.sha256(Routes.routes["/good.zip"]).hexdigest()
    assert {(a.query_id, a.entity_id) for a in result.alerts} == {
        ("c-new", "ofac-7782"),
        ("c-nasrallah", "ofac-2686"),
    }
    line = [e for e in monitored.repo.audit_entries() if e.action == "lists.update"][-1]
    assert line.subject == url and line.payload["sha256"] == result.sha256


@pytest.mark.parametrize(
    ("path", "sha256", "says"),
    [
        ("/tampered.zip", None, "checksum mismatch"),
        ("/good.zip", "0" * 64, "checksum mismatch"),
        ("/truncated.zip", None, "truncated"),
        ("/missing.zip", "0" * 64, "HTTP 404"),
        ("/nosidecar.zip", None, "give one with --sha256"),
    ],
)
def test_bad_download_keeps_the_previous_version(
    monitored: Monitored, server: str, path: str, sha256: str | None, says: str
) -> None:
    before = monitored.alert_keys()
    with pytest.raises(SourceError, match=says):
        run_update(monitored.store, monitored.repo, server + path, actor="ops", sha256=sha256)
    assert monitored.versions() == {"us_ofac_sdn": "2021-07-07"}
    assert monitored.alert_keys() == before
    failed = [e for e in monitored.repo.audit_entries() if e.action == "lists.update.failed"]
    assert says in failed[-1].payload["error"]


def test_size_cap_and_unsafe_zip(server: str, tmp_path: Path) -> None:
    digest = hashlib.sha256(Routes.routes["/good.zip"]).hexdigest()
    with pytest.raises(SourceError, match="cap"):
        fetch_list(f"{server}/good.zip", tmp_path, sha256=digest, max_bytes=100)
    evil = io.BytesIO()
    with zipfile.ZipFile(evil, "w") as zf:
        zf.writestr("../escape.csv", "x")
    Routes.routes["/evil.zip"] = evil.getvalue()
    evil_digest = hashlib.sha256(evil.getvalue()).hexdigest()
    with pytest.raises(SourceError, match="unsafe path"):
        fetch_list(f"{server}/evil.zip", tmp_path, sha256=evil_digest)
    assert not (tmp_path.parent / "escape.csv").exists()
    with pytest.raises(SourceError, match="only http"):
        fetch_list("file:///etc/passwd", tmp_path, sha256=digest)
    with pytest.raises(SourceError, match="64 hex"):
        normalise_digest("abc", "--sha256")
