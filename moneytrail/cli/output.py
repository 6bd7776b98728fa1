"""Output files: '-' is stdout; a file is written to a temp name and renamed at the end;
a device or named pipe (``/dev/null``) is written directly.

Writing then renaming means a crash or an error midway never leaves a half-written
result where a downstream tool would read it, and a failed write (a missing folder, a
full disk) leaves the previous file as it was: the error is one line naming the file.

JSON lines go through ``json_line``, which refuses NaN and Infinity: Python's json
writes them as bare words that no other JSON reader accepts, so a downstream tool would
fail on a file this one called a success.
"""

from __future__ import annotations

import io
import json
import math
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import BinaryIO, TextIO

from moneytrail.errors import InvalidInput, MoneytrailError


class NonFiniteOutput(MoneytrailError):
    """A result held NaN or Infinity; it is a bug upstream, so nothing is written."""


def json_line(record: object) -> str:
    """One JSON line (no trailing newline), never holding NaN or Infinity."""
    try:
        return json.dumps(record, ensure_ascii=False, allow_nan=False)
    except ValueError as exc:
        where = _non_finite(record, "")
        if where is None:
            raise
        raise NonFiniteOutput(
            f"a result holds a non-finite number at {where or 'the top level'}; "
            "nothing was written (please report this)"
        ) from exc


def _non_finite(value: object, where: str) -> str | None:
    """The path (``amount``, ``path[2].amount``) of the first NaN or Infinity."""
    if isinstance(value, float) and not math.isfinite(value):
        return where
    items: list[tuple[str, object]] = []
    if isinstance(value, dict):
        items = [(f"{where}.{k}" if where else str(k), v) for k, v in value.items()]
    elif isinstance(value, list | tuple):
        items = [(f"{where}[{i}]", v) for i, v in enumerate(value)]
    for path, item in items:
        found = _non_finite(item, path)
        if found is not None:
            return found
    return None


class _Writer(io.TextIOWrapper):
    """A text stream whose failed writes say which output could not be written."""

    def __init__(self, buffer: BinaryIO, target: Path) -> None:
        super().__init__(buffer, encoding="utf-8")
        self.target = target

    def write(self, s: str, /) -> int:
        try:
            return super().write(s)
        except OSError as exc:
            raise _write_failed(self.target, exc) from exc

    def flush(self) -> None:
        try:
            super().flush()
        except OSError as exc:
            raise _write_failed(self.target, exc) from exc


def _write_failed(target: Path, exc: OSError) -> InvalidInput:
    reason = exc.strerror or str(exc)
    return InvalidInput(f"cannot write the output: {reason}; nothing was changed", file=str(target))


def _binary(fd: int) -> BinaryIO:
    """The temporary file's bytes (tests replace this to simulate a full disk)."""
    return os.fdopen(fd, "wb")


def check_target(target: str) -> None:
    """Fail before the work, not after it, when the output's folder does not exist."""
    folder = Path(target).parent
    if target != "-" and not folder.is_dir():
        raise InvalidInput("cannot write the output: no such folder", file=str(folder))


@contextmanager
def open_output(target: str) -> Iterator[TextIO]:
    if target == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    path = Path(target)
    if path.exists() and not path.is_file():
        # A device or a pipe (/dev/null, a named pipe): renaming over it would replace it.
        with path.open("w", encoding="utf-8") as stream:
            yield stream
        return
    check_target(target)
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    except OSError as exc:
        raise _write_failed(path, exc) from None
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp's 0600 would hide results from colleagues
        fh = _Writer(_binary(fd), path)
    except BaseException:
        os.close(fd)
        Path(tmp).unlink(missing_ok=True)
        raise
    try:
        yield fh  # an error in the body is the body's own: passed on unchanged
    except BaseException:
        _discard(fh, tmp)
        raise
    try:
        fh.close()  # the last flush: a full disk often shows only here
        os.replace(tmp, path)
    except OSError as exc:
        _discard(fh, tmp)
        raise _write_failed(path, exc) from None
    except MoneytrailError:
        _discard(fh, tmp)
        raise


def _discard(fh: _Writer, tmp: str) -> None:
    """Drop the temporary file; a second failure while closing it changes nothing."""
    with suppress(OSError, MoneytrailError, ValueError):
        fh.close()
    Path(tmp).unlink(missing_ok=True)
