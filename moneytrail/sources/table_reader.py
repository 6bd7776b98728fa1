"""The one reader of tables users bring: CSV, Parquet or JSONL (gzip allowed), as text.

Transactions, accounts, labels, customers to screen, shipments and tabular registries
all arrive as tables in one of three formats; each used to have its own reader, and so
its own idea of a ragged row, an encoding or a gzip file. This module decides the
format, checks the bytes, and reads columns; ``sources.table_rows`` gives the same
reading row by row, ``sources.column_map`` the ``KEY=COLUMN`` maps and
``sources.rejects`` the file of rows left out.

Everything is read as text first so that validation, not the reader, decides what a
bad value is: a reader that guesses types would turn one bad date into a failed load
or a silently re-typed column. The bytes are checked before any parser sees them
(UTF-16, other non-UTF-8 encodings, binary data, an empty file), because pyarrow's own
errors name neither the line nor the remedy. Compressed files are read through
``sources.compressed`` under its caps on decompressed size and line length.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from moneytrail.errors import InvalidInput
from moneytrail.sources.compressed import is_gzip, read_bytes
from moneytrail.sources.textfile import not_utf8, refuse_head

Format = Literal["csv", "parquet", "jsonl"]
SUFFIXES: dict[str, Format] = {
    ".csv": "csv",
    ".txt": "csv",
    ".tsv": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
}
SHOWN_COLUMNS = 12  # a missing column's message lists at most this many of the file's


def table_format(path: Path, default: Format | None = None) -> Format:
    """The format by the name's last suffix but ``.gz``; ``default`` for any other."""
    suffixes = [s.lower() for s in path.suffixes if s.lower() != ".gz"]
    found = SUFFIXES.get(suffixes[-1] if suffixes else "")
    if found is not None:
        return found
    if default is not None:
        return default
    raise InvalidInput(
        "unknown format (expected .csv, .parquet or .jsonl, gzip allowed)", file=str(path)
    )


def check_file(path: Path, name: str, what: str) -> None:
    """A missing path or a folder, refused before any format is guessed."""
    if not path.exists():
        raise InvalidInput("no such file", file=name)
    if path.is_dir():
        raise InvalidInput(f"a folder, not {what}", file=name)


def missing_column(
    name: str, key: str, column: str, header: Sequence[str], line: int | None, field: str
) -> InvalidInput:
    """The one refusal of a mapped column the file lacks: what was sought, what is there.

    ``field`` is the key (the columnar reader: the role the column plays) or the column
    (the row view: the name the user's own map or manifest wrote).
    """
    shown = ", ".join(header[:SHOWN_COLUMNS]) + (", ..." if len(header) > SHOWN_COLUMNS else "")
    wanted = f"{column!r}" if key == column else f"{column!r} for {key!r}"
    return InvalidInput(f"no column {wanted} (columns: {shown})", file=name, line=line, field=field)


def ragged_row(actual: int, expected: int, name: str, line: int | None) -> InvalidInput:
    """The one refusal of a CSV row with more or fewer fields than its header."""
    return InvalidInput(
        f"a row of {actual} fields where the header has {expected} (quote fields that hold commas)",
        file=name,
        line=line,
    )


def read_raw(
    path: Path, columns: dict[str, str], optional: set[str], what: str = "transactions"
) -> tuple[dict[str, pa.Array], np.ndarray]:
    """``{key: column}`` -> ``{key: string array}`` and 1-based line (or row) numbers.

    CSV lines count the header (first data row is line 2) and assume no line breaks
    inside quoted fields; Parquet rows and JSONL lines count from 1. A mapped column
    the file lacks is refused unless its key is ``optional``; a file of no rows is
    refused naming ``what`` it should have held.
    """
    name = str(path)
    check_file(path, name, f"a table of {what}")
    kind = table_format(path)
    if kind == "parquet":
        table, first = read_parquet(path), 1
    else:
        data = text_bytes(path)
        table, first = (_csv(data, path), 2) if kind == "csv" else (_jsonl(data, path), 1)
    out: dict[str, pa.Array] = {}
    for key, column in columns.items():
        if column not in table.column_names:
            if key in optional:
                continue
            header_line = 1 if kind == "csv" else None
            raise missing_column(name, key, column, table.column_names, header_line, key)
        out[key] = _as_text(table.column(column).combine_chunks())
    if table.num_rows == 0:
        raise InvalidInput(f"no {what}: the file has a header but no rows", file=name)
    lines = np.arange(first, first + table.num_rows, dtype=np.int64)
    return out, lines


def text_bytes(path: Path) -> bytes:
    """The file's (decompressed) bytes, refused unless they are non-empty UTF-8 text."""
    data = read_bytes(path)
    name = str(path)
    if not data.strip():
        raise InvalidInput("empty file", file=name)
    refuse_head(data[:65_536], name)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise not_utf8(data[exc.start], name, data.count(b"\n", 0, exc.start) + 1) from None
    return data


def parquet_source(path: Path) -> str | pa.BufferReader:
    """What pyarrow opens: the path, or a gzip file's bytes read under the caps."""
    return pa.BufferReader(read_bytes(path)) if is_gzip(path) else str(path)


def unreadable_parquet(exc: Exception, name: str) -> InvalidInput:
    return InvalidInput(f"not a readable Parquet file ({exc})", file=name)


def read_parquet(path: Path) -> pa.Table:
    """A whole Parquet file (gzip allowed); pyarrow's errors name the file."""
    import pyarrow.parquet as pq

    try:
        return pq.read_table(parquet_source(path))
    except (pa.ArrowException, OSError) as exc:
        raise unreadable_parquet(exc, str(path)) from None


def _as_text(values: pa.Array) -> pa.Array:
    if pa.types.is_string(values.type):
        return values
    return pc.cast(values, pa.string())


def _csv(data: bytes, path: Path) -> pa.Table:
    """Every column as text; only an empty field is missing ("NA" or "nan" is a value).

    Read on all threads; on an error, read again on one, where pyarrow knows the row
    number of a ragged row, to name its line. Header names lose surrounding blanks.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if not data.endswith(b"\n"):
        data += b"\n"  # pyarrow cannot read a header alone without its line end
    try:
        table = _read_csv(data, threads=True, ragged=[])
    except pa.ArrowInvalid:
        ragged: list[tuple[int | None, int, int]] = []
        try:
            table = _read_csv(data, threads=False, ragged=ragged)
        except pa.ArrowInvalid as exc:
            if ragged:
                number, expected, actual = ragged[0]
                raise ragged_row(actual, expected, str(path), number) from None
            raise InvalidInput(f"cannot read as CSV: {exc}", file=str(path)) from None
    return table.rename_columns([n.strip() for n in table.column_names])


def _read_csv(data: bytes, *, threads: bool, ragged: list[tuple[int | None, int, int]]) -> pa.Table:
    import pyarrow.csv as pacsv

    def on_invalid(row: pacsv.InvalidRow) -> str:
        ragged.append((row.number, row.expected_columns, row.actual_columns))
        return "error"

    parse = pacsv.ParseOptions(invalid_row_handler=on_invalid)
    read = pacsv.ReadOptions(use_threads=threads)
    header = pacsv.open_csv(pa.BufferReader(data), read, parse).schema.names
    convert = pacsv.ConvertOptions(
        column_types={name: pa.string() for name in header},
        null_values=[""],
        strings_can_be_null=True,
        quoted_strings_can_be_null=False,
    )
    return pacsv.read_csv(
        pa.BufferReader(data), read_options=read, parse_options=parse, convert_options=convert
    )


def _jsonl(data: bytes, path: Path) -> pa.Table:
    """pyarrow's fast reader, or line by line when a column mixes numbers and text."""
    import pyarrow.json as pajson

    try:
        return pajson.read_json(pa.BufferReader(data))
    except pa.ArrowInvalid:
        pass
    lines = data.decode("utf-8").splitlines()
    rows = [record for _, record in json_objects(lines, str(path), keep_blank=True)]
    names = sorted({k for r in rows for k in r})
    return pa.table({n: pa.array([_text(r.get(n)) for r in rows], pa.string()) for n in names})


def json_records(lines: Iterable[str], name: str) -> Iterator[tuple[int, Any]]:
    """(line, value) of every line that is not blank; broken JSON names its line."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as exc:
            raise InvalidInput(f"broken JSON: {exc.msg}", file=name, line=number) from None


def json_objects(
    lines: Iterable[str], name: str, *, keep_blank: bool = False
) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line, object) of every line; a value that is not an object is refused.

    ``keep_blank`` gives a blank line between objects as an empty object, so that row i
    is line i + 1 (trailing blank lines are no rows).
    """
    following = 1
    for number, value in json_records(lines, name):
        if not isinstance(value, dict):
            raise InvalidInput("expected a JSON object", file=name, line=number)
        if keep_blank:
            yield from ((blank, {}) for blank in range(following, number))
            following = number + 1
        yield number, value


def _text(value: object) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else json.dumps(value)
