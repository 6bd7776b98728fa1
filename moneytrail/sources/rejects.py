"""The rejects file: rows a reader left out, each with its line, field, reason and values.

A reader that skips bad rows must say which and why, in a file the user can open next
to the input: one row per rejected row, ``line, field, reason`` and then the row's own
values as read (``raw_<key>``), so the fix can be made in the source. The file is
written beside the target and renamed into place, so a failed write never leaves half
a report, or a report of an earlier run that looks like this one's.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pyarrow as pa

from moneytrail.errors import InvalidInput


def write_rejects(
    target: Path,
    lines: Sequence[int] | np.ndarray,
    fields: Sequence[str],
    reasons: Sequence[str],
    raw: Mapping[str, pa.Array | Sequence[str | None]],
) -> int:
    """Write the rejected rows to ``target`` as CSV (atomically); the number written."""
    table = pa.table(
        {
            "line": pa.array(np.asarray(lines, dtype=np.int64)),
            "field": pa.array(list(fields), pa.string()),
            "reason": pa.array(list(reasons), pa.string()),
            **{f"raw_{key}": _text(values) for key, values in raw.items()},
        }
    )
    write_csv_atomic(table, target, "rejects")
    return int(table.num_rows)


def _text(values: pa.Array | Sequence[str | None]) -> pa.Array:
    if isinstance(values, pa.Array | pa.ChunkedArray):
        return values
    return pa.array(list(values), pa.string())


def write_csv_atomic(table: pa.Table, target: Path, what: str = "rejects") -> None:
    """``table`` as CSV at ``target``, through a temporary file renamed into place."""
    import pyarrow.csv as pacsv

    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    except OSError as exc:
        raise InvalidInput(f"cannot write {what}: {exc.strerror}", file=str(target)) from None
    os.close(fd)
    try:
        pacsv.write_csv(table, tmp)
        os.replace(tmp, target)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise InvalidInput(f"cannot write {what}: {exc}", file=str(target)) from None
        raise
