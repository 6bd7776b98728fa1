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
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from followthemoney import model, registry

from moneytrail.errors import InvalidInput
from moneytrail.screening.query import Query
from moneytrail.sources.textfile import text_lines

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


def _csv(path: Path, mapping: dict[str, str], schema: str, name: str) -> Iterator[tuple[int, Any]]:
    """Rows as records; a row with more or fewer fields than the header is refused:
    csv.DictReader would file the extras under None or fill the gaps with None, so a
    comma in an unquoted name would silently screen half of it."""
    if "id" not in mapping or not any(k not in RESERVED_KEYS for k in mapping):
        raise InvalidInput("CSV input needs --map with id and at least name", file=name)
    reader = csv.reader(text_lines(Path(path)))
    header = next(reader, None) or []
    missing = [c for c in mapping.values() if c not in header]
    if missing:
        raise InvalidInput(f"no column {missing[0]!r} in the header", file=name, line=1)
    rows = 0
    for fields in reader:
        if not fields:
            continue  # a blank line
        if len(fields) != len(header):
            raise InvalidInput(
                f"a row of {len(fields)} fields where the header has {len(header)} "
                "(quote fields that hold commas)",
                file=name,
                line=reader.line_num,
            )
        rows += 1
        yield (
            reader.line_num,
            _row_to_record(dict(zip(header, fields, strict=True)), mapping, schema),
        )
    if not rows:
        raise InvalidInput("no records: the file has a header but no rows", file=name)


def _parquet(
    path: Path, mapping: dict[str, str], schema: str, name: str
) -> Iterator[tuple[int, Any]]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path)
    except (pa.ArrowException, OSError) as exc:
        raise InvalidInput(f"not a readable Parquet file ({exc})", file=name) from None
    if table.num_rows == 0:
        raise InvalidInput("no records: the file has no rows", file=name)
    if not mapping:
        mapping = {c: c for c in table.column_names}
    missing = [c for c in mapping.values() if c not in table.column_names]
    if missing:
        raise InvalidInput(f"no column {missing[0]!r}", file=name)
    for i, row in enumerate(table.to_pylist(), start=1):
        yield i, _row_to_record(row, mapping, schema)


def raw_records(
    source: str, mapping: dict[str, str], schema: str = "Person", label: str | None = None
) -> Iterator[tuple[int, Any]]:
    """(line or row number, raw record) from a path or '-' (JSONL on stdin).

    ``label`` names the input in errors (``<stdin>`` for a spooled standard input).
    """
    if source == "-":
        yield from _jsonl(iter(sys.stdin), "<stdin>")
        return
    name = label or source
    path = Path(source)
    if not path.is_file():
        raise InvalidInput("no such file", file=name)
    suffix = path.suffix.lower()
    if suffix in {".jsonl", ".json", ".ndjson"}:
        try:
            yield from _jsonl(text_lines(path), name)
        except InvalidInput as exc:
            if label is None or exc.file != source:
                raise
            raise InvalidInput(exc.reason, file=label, line=exc.line, field=exc.field) from None
    elif suffix == ".csv":
        yield from _csv(path, mapping, schema, name)
    elif suffix == ".parquet":
        yield from _parquet(path, mapping, schema, name)
    else:
        raise InvalidInput(
            f"unknown input type {suffix!r} (expected .jsonl, .json, .csv or .parquet)",
            file=name,
        )


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
