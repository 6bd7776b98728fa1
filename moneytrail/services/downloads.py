"""Fetch a list over HTTP(S), verified before anything reads it.

A list update from a URL must never swap in half a file or someone else's file: the
download goes to a temporary folder, is capped in size, compared against its
Content-Length, and checked against a SHA-256 digest (given by the caller, or read
from ``<url>.sha256`` beside it) before the parser sees it. Anything wrong raises
SourceError saying what, and the store is never touched.

The sidecar only proves the file arrived as the server holds it. Against a tampered
server, pass a digest obtained elsewhere (``--sha256``).
"""

from __future__ import annotations

import hashlib
import http.client
import re
import shutil
import urllib.error
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from moneytrail.errors import SourceError
from moneytrail.sources.compressed import open_zip_member

MAX_BYTES = 256 * 1024 * 1024  # the largest official list (OFAC advanced XML) is ~120 MB
MAX_SIDECAR_BYTES = 4096
MAX_ZIP_MEMBERS = 1000
TIMEOUT_SECONDS = 60.0
CHUNK = 1 << 16
SHA256 = re.compile(r"^[0-9a-f]{64}$")
USER_AGENT = "moneytrail (list monitoring)"


@dataclass(frozen=True, slots=True)
class Download:
    """A verified download: ``path`` is the list file, or the folder a zip unpacked to."""

    url: str
    path: Path
    sha256: str
    size: int


def normalise_digest(value: str, where: str) -> str:
    digest = value.strip().split()[0].lower() if value.strip() else ""
    if not SHA256.match(digest):
        raise SourceError(f"{where}: not a SHA-256 digest (64 hex digits): {value[:80]!r}")
    return digest


def _open(url: str, timeout: float) -> http.client.HTTPResponse:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        response: http.client.HTTPResponse = urllib.request.urlopen(request, timeout=timeout)
    except urllib.error.HTTPError as exc:
        raise SourceError(f"{url}: HTTP {exc.code} {exc.reason}") from exc
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise SourceError(f"{url}: download failed: {reason}") from exc
    return response


def sidecar_digest(url: str, timeout: float = TIMEOUT_SECONDS) -> str:
    """The digest published at ``<url>.sha256`` (``sha256sum`` output or the bare hex)."""
    sidecar = url + ".sha256"
    try:
        with _open(sidecar, timeout) as response:
            text = response.read(MAX_SIDECAR_BYTES + 1)
    except SourceError as exc:
        raise SourceError(
            f"no checksum to verify {url} against ({exc}); give one with --sha256"
        ) from exc
    if len(text) > MAX_SIDECAR_BYTES:
        raise SourceError(f"{sidecar}: too large for a checksum file")
    return normalise_digest(text.decode("ascii", "replace"), sidecar)


def _file_name(url: str) -> str:
    name = PurePosixPath(urlsplit(url).path).name
    name = re.sub(r"[^A-Za-z0-9._-]", "_", name).lstrip(".")
    return name or "download"


def _stream(url: str, target: Path, max_bytes: int, timeout: float) -> tuple[str, int]:
    """Write the body to ``target``; (sha256, size). Raises on cap, truncation or error."""
    digest, size = hashlib.sha256(), 0
    with _open(url, timeout) as response, target.open("wb") as out:
        declared = response.getheader("Content-Length")
        if declared is not None and declared.isdigit() and int(declared) > max_bytes:
            raise SourceError(f"{url}: {int(declared):,} bytes is over the {max_bytes:,} cap")
        try:
            while block := response.read(CHUNK):
                size += len(block)
                if size > max_bytes:
                    raise SourceError(f"{url}: more than the {max_bytes:,} byte cap")
                digest.update(block)
                out.write(block)
        except (http.client.HTTPException, OSError) as exc:
            raise SourceError(f"{url}: download interrupted after {size:,} bytes: {exc!r}") from exc
        if declared is not None and declared.isdigit() and size != int(declared):
            raise SourceError(f"{url}: truncated: {size:,} of {int(declared):,} bytes arrived")
    return digest.hexdigest(), size


def _unzip(archive: Path, target: Path, max_bytes: int) -> Path:
    """Unpack member by member, refusing paths that leave ``target`` and zip bombs.

    Each member is read through ``sources.compressed`` (its caps on decompressed size
    and ratio), and all of them together are capped at ``max_bytes``."""
    total = 0
    with zipfile.ZipFile(archive) as zf:
        members = [m for m in zf.infolist() if not m.is_dir()]
        if len(members) > MAX_ZIP_MEMBERS:
            raise SourceError(f"{archive.name}: more than {MAX_ZIP_MEMBERS} files in the zip")
        for member in members:
            parts = PurePosixPath(member.filename).parts
            if member.filename.startswith("/") or ".." in parts or not parts:
                raise SourceError(f"{archive.name}: unsafe path in the zip: {member.filename!r}")
            dest = target.joinpath(*parts)
            dest.parent.mkdir(parents=True, exist_ok=True)
            with open_zip_member(zf, member, archive.name) as src, dest.open("wb") as out:
                while block := src.read(CHUNK):
                    total += len(block)
                    if total > max_bytes:
                        raise SourceError(f"{archive.name}: unpacks to over {max_bytes:,} bytes")
                    out.write(block)
    inner = list(target.iterdir())
    return inner[0] if len(inner) == 1 and inner[0].is_dir() else target


def fetch_list(
    url: str,
    workdir: Path,
    *,
    sha256: str | None = None,
    max_bytes: int = MAX_BYTES,
    timeout: float = TIMEOUT_SECONDS,
) -> Download:
    """Download ``url`` into ``workdir`` and verify it; a zip is unpacked after the check."""
    if urlsplit(url).scheme not in {"http", "https"}:
        raise SourceError(f"{url}: only http and https URLs can be downloaded")
    expected = normalise_digest(sha256, "--sha256") if sha256 else sidecar_digest(url, timeout)
    path = workdir / _file_name(url)
    try:
        got, size = _stream(url, path, max_bytes, timeout)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    if got != expected:
        path.unlink(missing_ok=True)
        raise SourceError(
            f"{url}: checksum mismatch (expected {expected}, got {got} for {size:,} bytes); "
            "the download was discarded"
        )
    if zipfile.is_zipfile(path):
        unpacked = workdir / "unpacked"
        unpacked.mkdir()
        try:
            return Download(url, _unzip(path, unpacked, max_bytes * 4), got, size)
        except zipfile.BadZipFile as exc:
            shutil.rmtree(unpacked, ignore_errors=True)
            raise SourceError(f"{url}: a broken zip: {exc}") from exc
        except BaseException:
            shutil.rmtree(unpacked, ignore_errors=True)
            raise
    return Download(url, path, got, size)
