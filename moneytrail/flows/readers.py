"""Raw transaction columns as strings, with the line each row came from.

Everything is read as text first so that validation, not the reader, decides what a
bad value is: a reader that guesses types would turn one bad date into a failed load
or a silently re-typed column. The bytes are checked before any parser sees them
(UTF-16, other non-UTF-8 encodings, binary data, an empty file), because pyarrow's own
errors name neither the line nor the remedy. Compressed files are read through
``sources.compressed`` under its caps on decompressed size and line length.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from moneytrail.errors import InvalidInput
from moneytrail.sources.compressed import read_bytes

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_SAVE_AS_UTF8 = "save it as UTF-8"


def _format(path: Path) -> str:
    suffixes = [s.lower() for s in path.suffixes if s.lower() != ".gz"]
    last = suffixes[-1] if suffixes else ""
    if last in (".csv", ".txt"):
        return "csv"
    if last in (".parquet", ".pq"):
        return "parquet"
    if last in (".jsonl", ".ndjson", ".json"):
        return "jsonl"
    raise InvalidInput(
        "unknown format (expected .csv, .parquet or .jsonl, gzip allowed)", file=str(path)
    )


def read_raw(
    path: Path, columns: dict[str, str], optional: set[str]
) -> tuple[dict[str, pa.Array], np.ndarray]:
    """``{key: column}`` -> ``{key: string array}`` and 1-based line (or row) numbers.

    CSV lines count the header (first data row is line 2) and assume no line breaks
    inside quoted fields; Parquet rows and JSONL lines count from 1.
    """
    if not path.exists():
        raise InvalidInput("no such file", file=str(path))
    if path.is_dir():
        raise InvalidInput("a folder, not a transaction file", file=str(path))
    kind = _format(path)
    if kind == "parquet":
        table, first = _parquet(path), 1
    else:
        data = text_bytes(path)
        table, first = (_csv(data, path), 2) if kind == "csv" else (_jsonl(data, path), 1)
    out: dict[str, pa.Array] = {}
    for key, column in columns.items():
        if column not in table.column_names:
            if key in optional:
                continue
            raise InvalidInput(
                f"no column {column!r} for {key!r} (columns: {', '.join(table.column_names)})",
                file=str(path),
                field=key,
            )
        out[key] = _as_text(table.column(column).combine_chunks())
    if table.num_rows == 0:
        raise InvalidInput("no transactions: the file has a header but no rows", file=str(path))
    lines = np.arange(first, first + table.num_rows, dtype=np.int64)
    return out, lines


def text_bytes(path: Path) -> bytes:
    """The file's (decompressed) bytes, refused unless they are non-empty UTF-8 text."""
    data = read_bytes(path)
    name = str(path)
    if not data.strip():
        raise InvalidInput("empty file", file=name)
    head = data[:65_536]
    if head.startswith(_UTF16_BOMS) or _looks_utf16(head):
        raise InvalidInput(f"the file is UTF-16, not UTF-8: {_SAVE_AS_UTF8}", file=name)
    if b"\x00" in head:
        raise InvalidInput("a binary file, not CSV or JSONL text", file=name)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InvalidInput(
            f"not UTF-8 (byte 0x{data[exc.start]:02x}; Latin-1 or Windows-1252?): "
            f"{_SAVE_AS_UTF8}, e.g. iconv -f cp1252 -t utf-8",
            file=name,
            line=line,
        ) from None
    return data


def _looks_utf16(head: bytes) -> bool:
    """UTF-16 without a byte-order mark: every other byte of ASCII text is NUL."""
    pairs = head[: len(head) // 2 * 2]
    if len(pairs) < 8:
        return False
    return pairs[1::2].count(0) > 0.9 * len(pairs) // 2 or pairs[0::2].count(0) > 0.9 * (
        len(pairs) // 2
    )


def _as_text(values: pa.Array) -> pa.Array:
    if pa.types.is_string(values.type):
        return values
    return pc.cast(values, pa.string())


def _parquet(path: Path) -> pa.Table:
    import pyarrow.parquet as pq

    try:
        return pq.read_table(path)
    except (pa.ArrowException, OSError) as exc:
        raise InvalidInput(f"not a readable Parquet file ({exc})", file=str(path)) from None


def _csv(data: bytes, path: Path) -> pa.Table:
    """Every column as text; only an empty field is missing ("NA" or "nan" is a value).

    Read on all threads; on an error, read again on one, where pyarrow knows the row
    number of a ragged row, to name its line.
    """
    if not data.endswith(b"\n"):
        data += b"\n"  # pyarrow cannot read a header alone without its line end
    try:
        return _read_csv(data, threads=True, ragged=[])
    except pa.ArrowInvalid:
        pass
    ragged: list[tuple[int | None, int, int]] = []
    try:
        return _read_csv(data, threads=False, ragged=ragged)
    except pa.ArrowInvalid as exc:
        if ragged:
            number, expected, actual = ragged[0]
            raise InvalidInput(
                f"a row of {actual} fields where the header has {expected} "
                "(quote fields that hold commas)",
                file=str(path),
                line=number,
            ) from None
        raise InvalidInput(f"cannot read as CSV: {exc}", file=str(path)) from None


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
    rows: list[dict[str, object]] = []
    for number, line in enumerate(data.decode("utf-8").splitlines(), start=1):
        try:
            record = json.loads(line) if line.strip() else {}
        except json.JSONDecodeError as exc:
            raise InvalidInput(f"broken JSON: {exc.msg}", file=str(path), line=number) from None
        if not isinstance(record, dict):
            raise InvalidInput("expected a JSON object", file=str(path), line=number)
        rows.append(record)
    names = sorted({k for r in rows for k in r})
    return pa.table({n: pa.array([_text(r.get(n)) for r in rows], pa.string()) for n in names})


def _text(value: object) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else json.dumps(value)
