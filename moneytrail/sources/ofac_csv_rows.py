"""Reading one of OFAC's legacy CSV files into validated rows, before any meaning is given.

The files are headerless Latin-1 CSV with "-0-" for an empty field and a trailing
Ctrl-Z, and a truncated or mis-encoded download looks much like a good one. Keeping
the byte- and column-level checks here, apart from the mapping to entities in
``ofac_csv``, means a bad file is refused with its file and line before any entry is
built.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from moneytrail.errors import InvalidInput

EMPTY = "-0-"
CTRL_Z = "\x1a"
COLUMNS = {"primary": 12, "aliases": 5, "addresses": 6, "comments": 2}
Row = tuple[int, list[str | None]]  # 1-based line number, fields ("-0-" -> None)


def _field(value: str) -> str | None:
    value = value.strip()
    return None if value in (EMPTY, "") else value


def _reject_binary(path: Path, data: bytes) -> None:
    """Latin-1 decodes any byte, so a UTF-16 or binary file must be caught by its look."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data:
        raise InvalidInput(
            "not an OFAC legacy CSV: the file holds NUL bytes (UTF-16 or binary?); "
            "OFAC's CSV files are Latin-1 text",
            file=str(path),
        )


def read_rows(path: Path, role: str) -> list[Row]:
    """The rows of one OFAC CSV file, validated, with their 1-based line numbers."""
    columns = COLUMNS[role]
    data = path.read_bytes()
    _reject_binary(path, data)
    reader = csv.reader(io.StringIO(data.decode("latin-1"), newline=""), strict=True)
    rows: list[Row] = []
    line = 1
    try:
        for fields in reader:
            start, line = line, reader.line_num + 1
            if not fields or fields == [CTRL_Z]:
                continue
            if len(fields) != columns:
                raise InvalidInput(
                    f"expected {columns} columns, found {len(fields)}", file=str(path), line=start
                )
            if not fields[0].strip().isdigit():
                raise InvalidInput(
                    f"ent_num must be a number, found {fields[0]!r}",
                    file=str(path), line=start, field="ent_num",
                )  # fmt: skip
            rows.append((start, [_field(f) for f in fields]))
    except csv.Error as exc:
        raise InvalidInput(
            f"malformed CSV record ({exc}); is the file truncated?", file=str(path), line=line
        ) from exc
    return rows
