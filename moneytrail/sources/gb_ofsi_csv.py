"""UK OFSI / HM Treasury Consolidated List, CSV (``ConList.csv``; retired January 2026).

Still needed to answer "was this party listed in the UK on that day?". The file
starts with a ``Last Updated,dd/mm/yyyy`` line, then a header, then one row per name:
the rows of one listed party share a ``Group ID``, and every name is repeated once
per birth date, so a group is one entity, id ``gb-hmt-<Group ID>`` (the number the
UK Sanctions List XML keeps as ``OFSIGroupID``), dataset ``gb_hmt_ofsi``.

The ``Prime Alias`` row gives the name (the first one when a group has several);
other names become ``alias`` (AKA) or ``previousName`` (FKA). Group Type
``Individual`` is a Person, ``Ship`` a Vessel, ``Entity`` an Organization. Birth
dates written ``00/00/1980`` or ``00/05/1980`` are the year or month. Passport
and NI numbers are kept as the list's text (``passportNumber``/``idNumber`` when a
row gives a bare number, else a note), so the analyst sees what OFSI wrote. Each
group gets a Sanction with the regime (``program``), ``listingDate`` (Listed On)
and ``modifiedAt`` (Last Updated).

Version: the file's ``Last Updated`` date; ``version`` is used only if the line is
missing. The file is Windows-1252 (OFSI's export); UTF-8 is accepted too.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from moneytrail.errors import InvalidInput
from moneytrail.model import EntityBuilder, Provenance, Statement
from moneytrail.model.ids import derived_id
from moneytrail.sources.base import ParsedList, Progress, SourceFile, no_progress, sniff

NAME = "gb-ofsi-conlist-csv-v1"
TITLE = "UK OFSI Consolidated List (ConList.csv)"
DATASET = "gb_hmt_ofsi"
PUBLISHER = "HM Treasury, Office of Financial Sanctions Implementation"
AUTHORITY = "United Kingdom (HM Treasury, OFSI)"
HEADER = ("Name 6", "Name 1", "Group Type", "Alias Type", "Regime", "Group ID")
SCHEMAS = {"individual": "Person", "entity": "Organization", "ship": "Vessel"}
NAME_ORDER = ("Title", "Name 1", "Name 2", "Name 3", "Name 4", "Name 5", "Name 6")
ADDRESS = (*(f"Address {i}" for i in range(1, 7)), "Post/Zip Code", "Country")
_DMY = re.compile(r"^(\d\d)/(\d\d)/(\d{4})$")
_NUMBERED = re.compile(r"\(?\b\d{1,2}\)\s*")
_BARE_NUMBER = re.compile(r"^[A-Z0-9][A-Z0-9 \-]{3,20}$")

Row = dict[str, str]


def uk_dmy(raw: str) -> str | None:
    """``25/01/2001`` -> ``2001-01-25``; ``00/00/1980`` -> 1980; ``00/05/1980`` -> 1980-05."""
    m = _DMY.match(raw.strip())
    if m is None:
        return None
    day, month, year = m[1], m[2], m[3]
    if month == "00":
        return year
    if day == "00":
        return f"{year}-{month}"
    return f"{year}-{month}-{day}"


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="strict")


def _lines(path: Path) -> list[str]:
    try:
        return _decode(path.read_bytes()).splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"unreadable file ({exc})", file=str(path)) from exc


def read_rows(path: Path) -> tuple[str | None, list[tuple[int, Row]]]:
    """The ``Last Updated`` date (ISO) and (line, row) of each name row."""
    lines = _lines(path)
    published: str | None = None
    start = 0
    if lines and lines[0].startswith("Last Updated"):
        raw = lines[0].split(",", 1)[1].strip() if "," in lines[0] else ""
        published = uk_dmy(raw)
        if published is None or len(published) != 10:
            raise InvalidInput(f"expected dd/mm/yyyy, found {raw!r}", file=str(path), line=1)
        start = 1
    reader = csv.reader(lines[start:])
    header = next(reader, [])
    missing = [c for c in HEADER if c not in header]
    if missing:
        raise InvalidInput("not a ConList header", file=str(path), line=start + 1, field=missing[0])
    rows: list[tuple[int, Row]] = []
    for values in reader:
        line = start + reader.line_num
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(header):
            raise InvalidInput(
                f"{len(values)} columns, expected {len(header)}", file=str(path), line=line
            )
        row = {k: v.strip() for k, v in zip(header, values, strict=True)}
        if not row["Group ID"].isdigit():
            raise InvalidInput(
                f"not a number: {row['Group ID']!r}", file=str(path), line=line, field="Group ID"
            )
        rows.append((line, row))
    return published, rows


def full_name(row: Row) -> str:
    """Name 1..5 then the surname (Name 6), as OFSI prints them."""
    return " ".join(row[k] for k in NAME_ORDER[1:] if row.get(k))


@dataclass(slots=True)
class _Group:
    entity: EntityBuilder
    sanction: EntityBuilder
    named: bool = False


def _add_documents(b: EntityBuilder, raw: str, prop: str, label: str) -> None:
    if not raw:
        return
    if _BARE_NUMBER.match(raw) and b.schema.get(prop) is not None:
        b.add(prop, raw)
    else:
        b.add("notes", f"{label}: {raw}")


def _add_person(b: EntityBuilder, row: Row) -> None:
    dob = row["DOB"]
    if dob:
        value = uk_dmy(dob)
        if value is None or not b.add("birthDate", value, original=dob):
            b.add("notes", f"Date of birth: {dob}")
    b.add("birthPlace", ", ".join(p for p in (row["Town of Birth"], row["Country of Birth"]) if p))
    for nationality in _NUMBERED.split(row["Nationality"]):
        b.add("nationality", nationality.strip(" ,;"), fuzzy=True)
    b.add("title", row["Title"])
    b.add("position", row["Position"])
    _add_documents(b, row["Passport Details"], "passportNumber", "Passport")
    _add_documents(b, row["NI Number"], "idNumber", "National identification number")


def _add_row(group: _Group, row: Row, prov: Provenance) -> None:
    b = group.entity
    name = full_name(row)
    if row["Alias Type"].lower().startswith("prime") and not group.named:
        b.add("name", name, provenance=prov)
        group.named = True
    elif name not in b.values("name"):  # a prime name repeats once per birth date
        prop = "previousName" if row["Alias Type"].upper() == "FKA" else "alias"
        b.add(prop, name, provenance=prov)
    if b.schema.is_a("Person"):
        _add_person(b, row)
    address = ", ".join(row[k] for k in ADDRESS if row.get(k))
    if address:
        b.add("address", address, provenance=prov)
    b.add("country", row["Country"], fuzzy=True, provenance=prov)
    b.add("notes", row["Other Information"], provenance=prov)
    s = group.sanction
    s.add("program", row["Regime"], provenance=prov)
    s.add("listingDate", uk_dmy(row["Listed On"]), original=row["Listed On"], provenance=prov)
    s.add("modifiedAt", uk_dmy(row["Last Updated"]), original=row["Last Updated"], provenance=prov)


def _new_group(row: Row, prov: Provenance) -> _Group:
    kind = row["Group Type"].lower()
    if kind not in SCHEMAS:
        raise InvalidInput(
            f"unknown Group Type {row['Group Type']!r}", file=prov.source_record, field="Group Type"
        )
    entity_id = f"gb-hmt-{row['Group ID']}"
    b = EntityBuilder(entity_id, SCHEMAS[kind], prov)
    b.add("topics", "sanction")
    s = EntityBuilder(derived_id(entity_id, "sanction"), "Sanction", prov)
    s.add("entity", entity_id)
    s.add("authority", AUTHORITY)
    s.add("country", "gb")
    s.add("recordId", row["Group ID"])
    return _Group(b, s)


class GbOfsiConListCsv:
    """UK OFSI Consolidated List CSV (``gb-ofsi-conlist-csv-v1``): see the module docstring."""

    NAME: ClassVar[str] = NAME
    TITLE: ClassVar[str] = TITLE

    @classmethod
    def detect(cls, path: Path) -> bool:
        if not path.is_file():
            return False
        try:
            head = sniff(path, 2048).decode("cp1252", errors="replace")
        except OSError:
            return False
        lines = head.splitlines()[:2]
        return any(all(c in line for c in HEADER) for line in lines)

    def parse(
        self, path: Path, *, version: str | None = None, progress: Progress = no_progress
    ) -> ParsedList:
        published, rows = read_rows(path)
        if not rows:
            raise InvalidInput("no records: the file is empty", file=str(path))
        ver = published or version
        if ver is None:
            raise InvalidInput("no 'Last Updated' line: give --version", file=str(path), line=1)
        parsed = ParsedList(
            DATASET, TITLE, PUBLISHER, ver, NAME, [SourceFile.of(path, "primary", ver)]
        )
        parsed.version_basis = "file" if published else "given"
        groups: dict[str, _Group] = {}
        for done, (line, row) in enumerate(rows, start=1):
            prov = Provenance(DATASET, ver, f"{path.name}:{line}")
            if row["Group ID"] not in groups:
                groups[row["Group ID"]] = _new_group(row, prov)
            _add_row(groups[row["Group ID"]], row, prov)
            if done % 1000 == 0 or done == len(rows):
                progress(done, len(rows))
        unnamed = [g for g in groups.values() if not g.named]
        for group in unnamed:
            _promote_alias(group)
        if unnamed:
            parsed.notes.append(f"{len(unnamed)} group(s) without a Prime Alias: first alias used")
        for group in groups.values():
            parsed.statements.extend(_statements(group))
        return parsed


def _promote_alias(group: _Group) -> None:
    """A group without a Prime Alias row is named by its first alias."""
    aliases = group.entity.values("alias") or group.entity.values("previousName")
    if aliases:
        group.entity.add("name", aliases[0])


def _statements(group: _Group) -> list[Statement]:
    return group.entity.statements() + group.sanction.statements()
