"""Reading OFAC's legacy CSV files into validated, numbered rows, before any meaning is given.

The files are headerless Latin-1 CSV with "-0-" for an empty field and a trailing
Ctrl-Z, and a truncated or mis-encoded download looks much like a good one. This
module finds a list's files (``Layout``), dates each (``moneytrail-source.json``,
else ``--version``, else the load date) and reads each into rows with their line
numbers, so a bad file is refused with its file and line before any entry is built;
``ofac_csv`` gives the rows meaning.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from moneytrail.errors import InvalidInput
from moneytrail.model import ids
from moneytrail.sources.base import load_date, sniff

MANIFEST = "moneytrail-source.json"
ROLES = ("primary", "aliases", "addresses", "comments")

EMPTY = "-0-"
CTRL_Z = "\x1a"
ENTRY_TYPES = frozenset({"individual", "vessel", "aircraft", EMPTY})
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


@dataclass(frozen=True, slots=True)
class Layout:
    """One OFAC list: its dataset, title and file name per role (see ROLES)."""

    dataset: str
    title: str
    files: tuple[str, str, str, str]


SDN = Layout(ids.OFAC_SDN, "OFAC Specially Designated Nationals",
             ("sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv"))  # fmt: skip
CONS = Layout(ids.OFAC_CONS, "OFAC Consolidated (non-SDN)",
              ("cons_prim.csv", "cons_alt.csv", "cons_add.csv", "cons_comments.csv"))  # fmt: skip


def _iso(value: object, where: str) -> str:
    try:
        return date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise InvalidInput(f"version must be an ISO date, found {value!r}", file=where) from None


def read_manifest(folder: Path) -> dict[str, dict[str, str]]:
    """``moneytrail-source.json``: per file name, its ``version`` and ``origin``."""
    path = folder / MANIFEST
    if not path.is_file():
        return {}
    try:
        files = json.loads(path.read_text(encoding="utf-8"))["files"]
        return {
            str(name): {"version": _iso(meta["version"], str(path)), "origin": meta["origin"]}
            for name, meta in files.items()
        }
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise InvalidInput(f"unreadable manifest ({exc})", file=str(path)) from exc


def file_version(path: Path, manifest: dict[str, dict[str, str]], version: str | None) -> str:
    """The manifest's date, else the caller's ``version``, else the load date.

    OFAC's CSV files carry no date inside, and a file's modification time says when
    it was copied, not published: without a manifest or ``--version`` the set is
    loaded as undated (see ``ParsedList.version_basis``).
    """
    if path.name in manifest:
        return manifest[path.name]["version"]
    if version is not None:
        return _iso(version, "version")
    return load_date()


def sniff_primary(path: Path) -> bool:
    """Whether ``path`` starts like an sdn.csv/cons_prim.csv record (12 columns, numeric id)."""
    try:
        head = sniff(path, 16384)
    except OSError:
        return False
    if not head or b"\x00" in head:
        return False
    first = head.decode("latin-1").splitlines()[0]
    try:
        row = next(csv.reader([first]), [])
    except csv.Error:
        return False
    return len(row) == 12 and row[0].strip().isdigit() and row[2].strip() in ENTRY_TYPES


def group_rows(rows: list[Row], known: set[str]) -> tuple[dict[str, list[Row]], int]:
    """Rows by ent_num, and how many named an entry the primary file lacks."""
    grouped: dict[str, list[Row]] = {}
    for row in rows:
        grouped.setdefault(str(row[1][0]), []).append(row)
    dropped = sum(len(group) for key, group in grouped.items() if key not in known)
    return {key: group for key, group in grouped.items() if key in known}, dropped


def primary_entries(rows: list[Row], file: str) -> dict[str, Row]:
    entries: dict[str, Row] = {}
    for row in rows:
        key = str(row[1][0])
        if key in entries:
            raise InvalidInput(f"ent_num {key} appears twice", file=file, line=row[0])
        entries[key] = row
    if not entries:
        raise InvalidInput("no records: the file is empty", file=file)
    return entries


@dataclass(frozen=True, slots=True)
class CsvFiles:
    """One list's files as read: path, version and rows per role (see ROLES)."""

    paths: dict[str, Path]
    versions: dict[str, str]
    rows: dict[str, list[Row]]
    dated: bool  # the manifest dates the primary file


def read_files(path: Path, layout: Layout, version: str | None) -> CsvFiles:
    """A folder of ``layout``'s files, or one primary file on its own, read and dated."""
    folder = path if path.is_dir() else path.parent
    manifest = read_manifest(folder)
    names = layout.files if path.is_dir() else (path.name,)
    paths = {r: folder / n for r, n in zip(ROLES, names, strict=False) if (folder / n).is_file()}
    if "primary" not in paths:
        raise InvalidInput(f"no {names[0]} in this folder", file=str(path))
    versions = {role: file_version(p, manifest, version) for role, p in paths.items()}
    rows = {role: read_rows(p, role) for role, p in paths.items()}
    return CsvFiles(paths, versions, rows, dated=paths["primary"].name in manifest)
