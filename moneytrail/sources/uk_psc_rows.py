"""Companies House files as numbered rows: JSON records, or CSV rows keyed by header.

The PSC snapshot is JSON lines (or a JSON array) and the basic company data is a
CSV in one of two encodings, some copies hard-wrapped at a fixed width. Getting
every record out whole, with the line it starts on for error messages and
provenance, is a job of its own, apart from ``uk_psc``, which gives rows meaning.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from moneytrail.errors import InvalidInput
from moneytrail.sources.records import json_records


def read_rows(path: Path, kind: str) -> tuple[list[tuple[int, dict[str, Any]]], list[str]]:
    """A file's records of ``kind`` with their line numbers, and notes on any repair made."""
    if kind == "company-csv":
        return _csv_rows(path)
    rows = []
    for line, data in json_records(path):
        if not isinstance(data, dict):
            raise InvalidInput("expected a JSON object", file=str(path), line=line)
        rows.append((line, data))
    return rows, []


def _csv_rows(path: Path) -> tuple[list[tuple[int, dict[str, Any]]], list[str]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        text = path.read_text(encoding="cp1252")  # older CSV parts are Windows-1252
    lines = text.splitlines()
    notes: list[str] = []
    header = [c.strip() for c in next(csv.reader(lines[:1]), [])]
    records = list(enumerate(lines, start=1))
    if "ConfStmtLastMadeUpDate" not in header and lines:
        records = _unwrap(lines)
        notes.append(
            f"{path.name}: lines were hard-wrapped at {len(lines[0])} characters; rejoined"
        )
    header = [c.strip() for c in next(csv.reader([records[0][1]]))]
    if "CompanyNumber" not in header:
        raise InvalidInput("no CompanyNumber column", file=str(path), line=1, field="CompanyNumber")
    rows = []
    for line, raw in records[1:]:
        if raw.strip():
            values = next(csv.reader([raw]))
            rows.append((line, dict(zip(header, (v.strip() for v in values), strict=False))))
    return rows, notes


def _unwrap(lines: list[str]) -> list[tuple[int, str]]:
    """Rejoin records broken at a fixed width: a full-width line continues on the next."""
    width, out, buf, start = len(lines[0]), [], "", 0
    for number, line in enumerate(lines, start=1):
        start = start or number
        buf += line
        if len(line) != width:
            out.append((start, buf))
            buf, start = "", 0
    if buf:
        out.append((start, buf))
    return out
