"""Records to screen from JSONL, CSV (with a column map) or Parquet, validated by line.

Every record is validated before any result is written, so a bad record on line N
stops the run with a message naming line N and nothing half-written downstream.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from moneytrail.errors import InvalidInput
from moneytrail.screening.query import Query

RESERVED_KEYS = ("id", "schema")


def parse_map(spec: str | None) -> dict[str, str]:
    """``id=cust_id,name=full_name`` -> {"id": "cust_id", "name": "full_name"}."""
    if not spec:
        return {}
    out: dict[str, str] = {}
    for part in spec.split(","):
        key, sep, column = part.partition("=")
        if not sep or not key.strip() or not column.strip():
            raise InvalidInput(f"--map expects KEY=COLUMN pairs, not {part!r}", field="--map")
        out[key.strip()] = column.strip()
    return out


def _row_to_record(
    row: dict[str, Any], mapping: dict[str, str], default_schema: str
) -> dict[str, Any]:
    record: dict[str, Any] = {"schema": default_schema, "properties": {}}
    for key, column in mapping.items():
        value = row.get(column)
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if key in RESERVED_KEYS:
            record[key] = str(value)
        else:
            record["properties"].setdefault(key, []).append(str(value))
    return record


def _jsonl(lines: Iterator[str], name: str) -> Iterator[tuple[int, Any]]:
    for lineno, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            yield lineno, json.loads(line)
        except json.JSONDecodeError as exc:
            raise InvalidInput(f"broken JSON: {exc.msg}", file=name, line=lineno) from exc


def _csv(path: Path, mapping: dict[str, str], schema: str) -> Iterator[tuple[int, Any]]:
    if "id" not in mapping or not any(k not in RESERVED_KEYS for k in mapping):
        raise InvalidInput("CSV input needs --map with id and at least name", file=str(path))
    with path.open(newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in mapping.values() if c not in (reader.fieldnames or [])]
        if missing:
            raise InvalidInput(f"no column {missing[0]!r} in the header", file=str(path), line=1)
        for row in reader:
            yield reader.line_num, _row_to_record(row, mapping, schema)


def _parquet(path: Path, mapping: dict[str, str], schema: str) -> Iterator[tuple[int, Any]]:
    import pyarrow.parquet as pq

    table = pq.read_table(path)
    if not mapping:
        mapping = {c: c for c in table.column_names}
    for i, row in enumerate(table.to_pylist(), start=1):
        yield i, _row_to_record(row, mapping, schema)


def raw_records(
    source: str, mapping: dict[str, str], schema: str = "Person"
) -> Iterator[tuple[int, Any]]:
    """(line or row number, raw record) from a path or '-' (JSONL on stdin)."""
    if source == "-":
        yield from _jsonl(iter(sys.stdin), "<stdin>")
        return
    path = Path(source)
    if not path.is_file():
        raise InvalidInput("no such file", file=source)
    suffix = path.suffix.lower()
    if suffix in {".jsonl", ".json", ".ndjson"}:
        with path.open(encoding="utf-8") as fh:
            yield from _jsonl(fh, source)
    elif suffix == ".csv":
        yield from _csv(path, mapping, schema)
    elif suffix == ".parquet":
        yield from _parquet(path, mapping, schema)
    else:
        raise InvalidInput(
            f"unknown input type {suffix!r} (expected .jsonl, .json, .csv or .parquet)",
            file=source,
        )


def spool_stdin(source: str) -> tuple[str, Path | None]:
    """Standard input copied to a temp file, so it can be validated, then screened.

    Returns the path to read and the temp file to delete afterwards (None for a file).
    """
    if source != "-":
        return source, None
    fd, name = tempfile.mkstemp(prefix="moneytrail-stdin-", suffix=".jsonl")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        shutil.copyfileobj(sys.stdin, fh)
    return name, Path(name)


def iter_queries(
    source: str, mapping: dict[str, str], schema: str = "Person", label: str | None = None
) -> Iterator[Query]:
    """Every record as a Query, streamed; the first bad one raises InvalidInput."""
    name = label or ("<stdin>" if source == "-" else source)
    for line, record in raw_records(source, mapping, schema):
        yield Query.from_record(record, file=name, line=line)


def validate_queries(
    source: str, mapping: dict[str, str], schema: str = "Person", label: str | None = None
) -> int:
    """Check every record (and that ids are unique) before anything is screened.

    Nothing is kept but the ids, so a file of millions validates in little memory and
    a bad record on the last line still stops the run before any output is written.
    """
    name = label or ("<stdin>" if source == "-" else source)
    seen: set[str] = set()
    for line, record in raw_records(source, mapping, schema):
        query = Query.from_record(record, file=name, line=line)
        if query.id in seen:
            raise InvalidInput(f"duplicate id {query.id!r}", file=name, line=line, field="id")
        seen.add(query.id)
    return len(seen)


def read_queries(source: str, mapping: dict[str, str], schema: str = "Person") -> list[Query]:
    """Every record, validated, in memory (for small inputs and tests)."""
    validate_queries(source, mapping, schema)
    return list(iter_queries(source, mapping, schema))
