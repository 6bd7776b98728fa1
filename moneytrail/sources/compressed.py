"""Compressed input (gzip files, zip members), read under caps, and line-length caps.

A gzip file of one megabyte can hold a gigabyte of newlines, or a million copies of one
record: read naively it pins a core for minutes and grows the process to gigabytes
before any parser sees a bad byte. Every compressed input moneytrail reads (FtM entity
files, transactions, accounts and labels, zip archives of a list download) goes through
this module, which stops reading, with an error naming the file and the cap, as soon as

* the decompressed bytes pass ``max_decompressed`` (``MONEYTRAIL_MAX_DECOMPRESSED_MB``,
  default 1024 MiB),
* the decompressed bytes pass ``max_ratio`` times the compressed bytes read so far
  (``MONEYTRAIL_MAX_COMPRESSION_RATIO``, default 200; real lists and ledgers compress
  5 to 20 times, bombs a thousand times), checked once ``RATIO_FLOOR`` (4 MiB) is out, or
* one line passes ``max_line`` bytes (``MONEYTRAIL_MAX_LINE_KB``, default 8192 KiB);
  the line cap also applies to uncompressed files read line by line.

The checks run on each block as it is decompressed, so memory stays bounded by the
caps whatever the file holds. The caps are set once per process from ``Settings``
(``set_limits``); a call may pass its own.
"""

from __future__ import annotations

import gzip
import io
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Protocol

from moneytrail.errors import InvalidInput, UnsafeInput
from moneytrail.settings import Settings

MIB = 1 << 20
KIB = 1 << 10
RATIO_FLOOR = 4 * MIB  # below this much output, a high ratio is harmless
BLOCK = 1 << 16
GZIP_MAGIC = b"\x1f\x8b"


@dataclass(frozen=True, slots=True)
class InputLimits:
    """Caps on what one compressed or line-oriented input may expand to."""

    max_decompressed: int = 1024 * MIB
    max_ratio: int = 200
    max_line: int = 8192 * KIB


_configured = InputLimits()


def limits_from(settings: Settings) -> InputLimits:
    return InputLimits(
        max_decompressed=settings.max_decompressed_mb * MIB,
        max_ratio=settings.max_compression_ratio,
        max_line=settings.max_line_kb * KIB,
    )


def set_limits(limits: InputLimits) -> None:
    """Set the process-wide caps (the CLI and the server do, from ``Settings``)."""
    global _configured
    _configured = limits


def current_limits() -> InputLimits:
    return _configured


def is_gzip(path: Path) -> bool:
    """A ``.gz`` name, or gzip's magic bytes (a renamed file is still a bomb)."""
    if path.name.lower().endswith(".gz"):
        return True
    try:
        with path.open("rb") as fh:
            return fh.read(2) == GZIP_MAGIC
    except OSError:
        return False


class _Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...

    def close(self) -> None: ...


class CappedReader(io.RawIOBase):
    """A raw stream that counts what it hands out and refuses beyond the caps."""

    def __init__(
        self,
        inner: _Readable,
        name: str,
        limits: InputLimits,
        compressed_read: Callable[[], int] | None = None,
    ) -> None:
        super().__init__()
        self.inner, self.name, self.limits = inner, name, limits
        self.compressed_read = compressed_read
        self.total = 0
        self.line = 0  # bytes since the last newline

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        data = self.inner.read(min(len(buffer), BLOCK))
        if data:
            self._check(data)
        n = len(data)
        buffer[:n] = data
        return n

    def _check(self, data: bytes) -> None:
        self.total += len(data)
        lim = self.limits
        if self.total > lim.max_decompressed:
            raise UnsafeInput(
                f"decompresses to more than the {lim.max_decompressed:,} byte cap "
                "(MONEYTRAIL_MAX_DECOMPRESSED_MB)",
                file=self.name,
            )
        if self.compressed_read is not None and self.total > RATIO_FLOOR:
            packed = max(self.compressed_read(), 1)
            if self.total > lim.max_ratio * packed:
                raise UnsafeInput(
                    f"expands more than {lim.max_ratio} times ({self.total:,} bytes from "
                    f"{packed:,}): refused as a decompression bomb "
                    "(MONEYTRAIL_MAX_COMPRESSION_RATIO)",
                    file=self.name,
                )
        last = data.rfind(b"\n")
        longest = len(data) - last - 1 if last >= 0 else self.line + len(data)
        if last >= 0:
            first = data.find(b"\n")
            longest = max(longest, self.line + first)
            if last - first > lim.max_line:  # only then can a line inside be too long
                longest = max(longest, _longest_inner(data, first, last))
        if longest > lim.max_line:
            raise UnsafeInput(
                f"a line longer than the {lim.max_line:,} byte cap (MONEYTRAIL_MAX_LINE_KB)",
                file=self.name,
            )
        self.line = len(data) - last - 1 if last >= 0 else self.line + len(data)

    def close(self) -> None:
        try:
            self.inner.close()
        finally:
            super().close()


def _longest_inner(data: bytes, first: int, last: int) -> int:
    """The longest line wholly inside ``data`` (between its first and last newline)."""
    if first == last:
        return 0
    return max(len(part) for part in data[first + 1 : last].split(b"\n"))


def open_input(path: Path, limits: InputLimits | None = None) -> io.BufferedReader:
    """``path`` as a binary stream, decompressed if gzip, under the caps.

    InvalidInput names the file when it cannot be opened or is not valid gzip.
    """
    lim = limits or _configured
    try:
        raw: IO[bytes] = path.open("rb")
    except OSError as exc:
        raise InvalidInput(f"cannot read the file: {exc.strerror or exc}", file=str(path)) from None
    if not is_gzip(path):
        # An uncompressed file is as big as it looks on disk: only its lines are capped.
        plain = InputLimits(
            max_decompressed=1 << 62, max_ratio=lim.max_ratio, max_line=lim.max_line
        )
        return io.BufferedReader(CappedReader(raw, str(path), plain), BLOCK)
    packed = raw
    stream = gzip.GzipFile(fileobj=packed, mode="rb")
    reader = CappedReader(_GzipErrors(stream, packed, str(path)), str(path), lim, packed.tell)
    return io.BufferedReader(reader, BLOCK)


class _GzipErrors(io.RawIOBase):
    """gzip's own errors (truncated, not gzip, bad CRC) as InvalidInput naming the file."""

    def __init__(self, stream: gzip.GzipFile, packed: IO[bytes], name: str) -> None:
        super().__init__()
        self.stream, self.packed, self.name = stream, packed, name

    def read(self, size: int = -1) -> bytes:
        try:
            return self.stream.read(size)
        except (OSError, EOFError, zlib.error) as exc:
            raise InvalidInput(f"not a readable gzip file: {exc}", file=self.name) from None

    def close(self) -> None:
        try:
            self.stream.close()
        finally:
            self.packed.close()
            super().close()


def read_lines(path: Path, limits: InputLimits | None = None) -> Iterator[bytes]:
    """Every line of ``path`` (gzip or not), each at most ``max_line`` bytes."""
    with open_input(path, limits) as fh:
        yield from fh


def read_bytes(path: Path, limits: InputLimits | None = None) -> bytes:
    """The whole (decompressed) content of ``path``; gzip at most ``max_decompressed``."""
    with open_input(path, limits) as fh:
        return fh.read()


def open_zip_member(
    zf: zipfile.ZipFile, member: zipfile.ZipInfo, name: str, limits: InputLimits | None = None
) -> io.BufferedReader:
    """One member of a zip archive under the caps (its ratio against its packed size).

    Line lengths are not checked here: a member may be binary (Parquet, a model).
    """
    lim = limits or _configured
    unlimited_lines = InputLimits(lim.max_decompressed, lim.max_ratio, max_line=1 << 62)
    packed = max(member.compress_size, 1)
    reader = CappedReader(
        zf.open(member), f"{name}:{member.filename}", unlimited_lines, lambda: packed
    )
    return io.BufferedReader(reader, BLOCK)
