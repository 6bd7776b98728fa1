"""Raw transaction columns as strings, with the line each row came from.

Everything is read as text first so that validation, not the reader, decides what a
bad value is: a reader that guesses types would turn one bad date into a failed load
or a silently re-typed column.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from moneytrail.errors import InvalidInput


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
    kind = _format(path)
    if kind == "csv":
        table, first = _csv(path), 2
    elif kind == "parquet":
        import pyarrow.parquet as pq

        table, first = pq.read_table(path), 1
    else:
        table, first = _jsonl(path), 1
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
    lines = np.arange(first, first + table.num_rows, dtype=np.int64)
    return out, lines


def _as_text(values: pa.Array) -> pa.Array:
    if pa.types.is_string(values.type):
        return values
    return pc.cast(values, pa.string())


def _csv(path: Path) -> pa.Table:
    import pyarrow.csv as pacsv

    header = pacsv.open_csv(path).schema.names
    convert = pacsv.ConvertOptions(
        column_types={name: pa.string() for name in header},
        strings_can_be_null=True,
        quoted_strings_can_be_null=False,
    )
    try:
        return pacsv.read_csv(path, convert_options=convert)
    except pa.ArrowInvalid as exc:
        raise InvalidInput(f"cannot read as CSV: {exc}", file=str(path)) from exc


def _jsonl(path: Path) -> pa.Table:
    """pyarrow's fast reader, or line by line when a column mixes numbers and text."""
    import pyarrow.json as pajson

    try:
        return pajson.read_json(pa.input_stream(str(path), compression="detect"))
    except pa.ArrowInvalid:
        pass
    rows: list[dict[str, object]] = []
    with pa.input_stream(str(path), compression="detect") as raw:
        for number, line in enumerate(raw.read().decode("utf-8").splitlines(), start=1):
            try:
                record = json.loads(line) if line.strip() else {}
            except json.JSONDecodeError as exc:
                raise InvalidInput(f"broken JSON: {exc.msg}", file=str(path), line=number) from exc
            if not isinstance(record, dict):
                raise InvalidInput("expected a JSON object", file=str(path), line=number)
            rows.append(record)
    names = sorted({k for r in rows for k in r})
    return pa.table({n: pa.array([_text(r.get(n)) for r in rows], pa.string()) for n in names})


def _text(value: object) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else json.dumps(value)
