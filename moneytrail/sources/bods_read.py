"""Reading BODS files: the latest statement of each record, with where it was read.

BODS statements are snapshots: every statement about one person, entity or
relationship shares a ``recordId``, and only the latest (by ``statementDate``, then
file order) says what is true now. Finding the files, checking each statement's
``recordId`` and ``recordType``, keeping the latest per record and dating the set
are the reading half of the parser; ``bods_map`` turns the records into statements.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from moneytrail.errors import InvalidInput
from moneytrail.sources.base import VersionBasis, load_date, sniff
from moneytrail.sources.records import json_records

SUFFIXES = (".json", ".jsonl", ".ndjson")


def looks_like_bods(path: Path) -> bool:
    """A JSON file whose first statements carry BODS's own keys: sniffed, never trusted by name."""
    if not path.is_file() or not path.name.lower().endswith(SUFFIXES):
        return False
    head = sniff(path, 8192)
    return b'"statementId"' in head and (b'"recordDetails"' in head or b'"recordType"' in head)


def bods_files(path: Path) -> list[Path]:
    """The BODS files of a folder (others are ignored); a file named is read as given."""
    if path.is_dir():
        return [p for p in sorted(path.iterdir()) if looks_like_bods(p)]
    return [path]


@dataclass
class BodsRecord:
    """The latest statement seen for one recordId, with where it was read."""

    path: Path
    line: int
    data: dict[str, Any]
    record_id: str
    record_type: str
    order: int = 0

    @property
    def sort_key(self) -> tuple[str, int]:
        return (str(self.data.get("statementDate") or ""), self.order)

    @property
    def details(self) -> dict[str, Any]:
        details = self.data.get("recordDetails")
        return details if isinstance(details, dict) else {}

    @property
    def ref(self) -> str:
        return f"{self.path.name}:{self.line}"

    def error(self, reason: str, field: str) -> InvalidInput:
        return InvalidInput(reason, file=str(self.path), line=self.line, field=field)


def _records(path: Path) -> Iterator[BodsRecord]:
    for line, data in json_records(path):
        if not isinstance(data, dict):
            raise InvalidInput("expected a BODS statement object", file=str(path), line=line)
        rid = data.get("recordId") or data.get("statementId")
        rtype = data.get("recordType")
        if not isinstance(rid, str) or not rid.strip():
            raise InvalidInput(
                "statement without recordId", file=str(path), line=line, field="recordId"
            )
        if rtype not in ("person", "entity", "relationship"):
            reason = f"recordType {rtype!r}: expected person, entity or relationship"
            raise InvalidInput(reason, file=str(path), line=line, field="recordType")
        yield BodsRecord(path, line, data, rid.strip(), rtype)


def list_version(records: Collection[BodsRecord], given: str | None) -> tuple[str, VersionBasis]:
    """The file's own publication date wins: it says when these facts were true.

    Else the given version, else the load date (undated): never a modification time.
    """
    published = [
        str(d["publicationDate"])[:10]
        for r in records
        if isinstance(d := r.data.get("publicationDetails"), dict) and d.get("publicationDate")
    ]
    dated = [str(r.data["statementDate"])[:10] for r in records if r.data.get("statementDate")]
    found = max(published or dated or [""])
    if found:
        return found, "file"
    return (given, "given") if given else (load_date(), "undated")


def publisher(records: Iterable[BodsRecord]) -> str:
    """Every publisher the records name, so a merged set credits each of them."""
    details = [r.data.get("publicationDetails") or {} for r in records]
    return "; ".join(
        sorted({str(d.get("publisher", {}).get("name") or "") for d in details} - {""})
    )


def latest_records(files: list[Path]) -> dict[str, BodsRecord]:
    """The latest statement of each recordId across ``files``, read in order."""
    latest: dict[str, BodsRecord] = {}
    for order, record in enumerate(r for f in files for r in _records(f)):
        record.order = order
        current = latest.get(record.record_id)
        if current is None or record.sort_key >= current.sort_key:
            latest[record.record_id] = record
    return latest
