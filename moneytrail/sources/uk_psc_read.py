"""Reading Companies House files into numbered records, each file dated.

The PSC snapshot is JSON lines (or a JSON array) and the basic company data is a
CSV in one of two encodings, some copies hard-wrapped at a fixed width. Finding the
files of a folder by their content, getting every record out whole with the line it
starts on (for error messages and provenance), and dating each file are the reading
half of the parser; ``uk_psc`` gives the records meaning.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from moneytrail.errors import InvalidInput, SourceError
from moneytrail.sources.base import VersionBasis, load_date, sniff
from moneytrail.sources.records import json_records

JSON_SUFFIXES = (".json", ".jsonl", ".txt", ".ndjson")
_DATE_IN_NAME = re.compile(r"(\d{4}-\d{2}-\d{2})")
Records = list[tuple[int, dict[str, Any]]]  # (line the record starts on, its fields)


def kind_of(path: Path) -> str | None:
    """ "psc", "company-csv" or "company-json" by content; None for anything else."""
    if not path.is_file():
        return None
    name, head = path.name.lower(), sniff(path, 4096)
    if name.endswith(".csv"):
        return "company-csv" if b"CompanyNumber" in head and b"CompanyName" in head else None
    if not name.endswith(JSON_SUFFIXES):
        return None
    if b'"company_number"' in head and b'"data"' in head:
        return "psc"
    if b"persons-of-significant-control" in head:
        return "psc"
    return "company-json" if b'"CompanyNumber"' in head else None


def _files(path: Path) -> list[tuple[Path, str]]:
    """The files of a folder that look like Companies House data; a file named is read as given."""
    if path.is_file():
        return [(path, kind_of(path) or ("company-csv" if path.suffix == ".csv" else "psc"))]
    paths = sorted(path.iterdir()) if path.is_dir() else []
    return [(p, kind) for p in paths if (kind := kind_of(p)) is not None]


@dataclass
class PscFile:
    """One file as read: its kind, numbered records, notes on repairs, and version."""

    path: Path
    kind: str
    records: Records
    notes: list[str] = field(default_factory=list)
    version: str = ""

    def content_dates(self) -> list[str]:
        return [str(r["ContentDate"])[:10] for _, r in self.records if r.get("ContentDate")]

    def named_date(self) -> str | None:
        match = _DATE_IN_NAME.search(self.path.name)
        return match.group(1) if match else None


def read_files(path: Path) -> list[PscFile]:
    """Every Companies House file at ``path`` (a file or a folder), read."""
    files = _files(path)
    if not files:
        raise SourceError(f"{path}: no Companies House PSC or company data file found")
    return [PscFile(p, kind, *read_rows(p, kind)) for p, kind in files]


def date_files(files: list[PscFile], version: str | None) -> VersionBasis:
    """Give each file its version; say whether the list is dated.

    A file's own latest ``ContentDate`` wins, else a date in its name, else the
    latest ``ContentDate`` of the set, else ``version``, else the load date.
    """
    dates = [d for f in files for d in f.content_dates()]
    fallback = max(dates) if dates else version
    for f in files:
        own = max(f.content_dates(), default=None) or f.named_date()
        f.version = own or fallback or load_date()
    dated = dates or version or all(f.named_date() for f in files)
    return "file" if dated else "undated"


def read_rows(path: Path, kind: str) -> tuple[Records, list[str]]:
    """A file's records of ``kind`` with their line numbers, and notes on any repair made."""
    if kind == "company-csv":
        return _csv_rows(path)
    rows = []
    for line, data in json_records(path):
        if not isinstance(data, dict):
            raise InvalidInput("expected a JSON object", file=str(path), line=line)
        rows.append((line, data))
    return rows, []


def _csv_rows(path: Path) -> tuple[Records, list[str]]:
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
