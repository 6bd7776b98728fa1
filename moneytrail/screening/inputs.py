"""Records to screen from JSONL, CSV (with a column map) or Parquet, validated by line.

Every record is validated before any result is written, so a bad record on line N
stops the run with a message naming line N and nothing half-written downstream.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from followthemoney import model, registry

from moneytrail.errors import InvalidInput
from moneytrail.screening.query import Query
from moneytrail.sources.column_map import parse_map as parse_map  # the one --map notation
from moneytrail.sources.table_reader import json_records, table_format
from moneytrail.sources.table_rows import TableRows, json_lines

RESERVED_KEYS = ("id", "schema")


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


def _table(table: TableRows, mapping: dict[str, str], schema: str) -> Iterator[tuple[int, Any]]:
    """CSV or Parquet rows as records, streamed (a ragged CSV row is refused by the reader:
    a comma in an unquoted name would otherwise silently screen half of it)."""
    if table.kind == "csv" and (
        "id" not in mapping or not any(k not in RESERVED_KEYS for k in mapping)
    ):
        raise InvalidInput("CSV input needs --map with id and at least name", file=table.name)
    mapping = mapping or {c: c for c in table.columns}
    table.require(mapping)
    rows = 0
    for line, row in table:
        rows += 1
        yield line, _row_to_record(row, mapping, schema)
    if not rows:
        raise InvalidInput("no records: the file has a header but no rows", file=table.name)


def raw_records(
    source: str, mapping: dict[str, str], schema: str = "Person", label: str | None = None
) -> Iterator[tuple[int, Any]]:
    """(line or row number, raw record) from a path or '-' (JSONL on stdin).

    ``label`` names the input in errors (``<stdin>`` for a spooled standard input).
    JSONL lines are followthemoney-shaped records; CSV and Parquet rows (gzip allowed)
    become records through ``mapping``.
    """
    if source == "-":
        yield from json_records(iter(sys.stdin), "<stdin>")
        return
    name = label or source
    path = Path(source)
    if not path.is_file():
        raise InvalidInput("no such file", file=name)
    if table_format(path) == "jsonl":
        yield from json_lines(path, name, "CSV or JSONL text")
    else:
        yield from _table(TableRows(path, name=name), mapping, schema)


def spool_stdin(source: str) -> tuple[str, Path | None]:
    """Standard input copied (as bytes) to a temp file, so it can be validated, then screened.

    Returns the path to read and the temp file to delete afterwards (None for a file).
    Bytes, not text: the file's checks (encoding, binary) then name the bad line.
    """
    if source != "-":
        return source, None
    fd, name = tempfile.mkstemp(prefix="moneytrail-stdin-", suffix=".jsonl")
    with os.fdopen(fd, "wb") as fh:
        shutil.copyfileobj(sys.stdin.buffer, fh)
    return name, Path(name)


def iter_queries(
    source: str, mapping: dict[str, str], schema: str = "Person", label: str | None = None
) -> Iterator[Query]:
    """Every record as a Query, streamed; the first bad one raises InvalidInput."""
    name = label or ("<stdin>" if source == "-" else source)
    for line, record in raw_records(source, mapping, schema, label):
        yield Query.from_record(record, file=name, line=line)


Warn = Callable[[str], None]


def dropped_dates(record: Any) -> list[tuple[str, str]]:
    """(property, value) of every date followthemoney cannot read and so drops.

    ``1985-02-30`` or the placeholder ``0000-00-00`` would otherwise vanish: the record
    is screened without its birth date, and nobody learns the date was never compared.
    """
    schema = model.get(str(record.get("schema", "LegalEntity")))
    props = record.get("properties")
    if schema is None or not isinstance(props, dict):
        return []
    found: list[tuple[str, str]] = []
    for name, raw in props.items():
        prop = schema.get(name)
        if prop is None or prop.type != registry.date:
            continue
        for value in raw if isinstance(raw, list) else [raw]:
            if value is not None and str(value).strip() and prop.type.clean(str(value)) is None:
                found.append((name, str(value)))
    return found


def warn_dropped(record: Any, query: Query, name: str, line: int | None, warn: Warn) -> None:
    for prop, value in dropped_dates(record):
        where = InvalidInput(
            f"{value!r} is not a date (record {query.id!r}); screened without it",
            file=name,
            line=line,
            field=prop,
        )
        warn(str(where))


def validate_queries(
    source: str,
    mapping: dict[str, str],
    schema: str = "Person",
    label: str | None = None,
    warn: Warn | None = None,
) -> int:
    """Check every record (and that ids are unique) before anything is screened.

    Nothing is kept but the ids, so a file of millions validates in little memory and
    a bad record on the last line still stops the run before any output is written.
    Values screened without (an impossible birth date) go to ``warn``, one line each.
    """
    name = label or ("<stdin>" if source == "-" else source)
    seen: set[str] = set()
    for line, record in raw_records(source, mapping, schema, label):
        query = Query.from_record(record, file=name, line=line)
        if query.id in seen:
            raise InvalidInput(f"duplicate id {query.id!r}", file=name, line=line, field="id")
        seen.add(query.id)
        if warn is not None:
            warn_dropped(record, query, name, line, warn)
    return len(seen)


def read_queries(source: str, mapping: dict[str, str], schema: str = "Person") -> list[Query]:
    """Every record, validated, in memory (for small inputs and tests)."""
    validate_queries(source, mapping, schema)
    return list(iter_queries(source, mapping, schema))
