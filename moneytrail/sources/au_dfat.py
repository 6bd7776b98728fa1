"""Australia, DFAT Consolidated List (``regulation8_consolidated.xlsx``).

One row per name: the rows of one listed party share the number of their
``Reference`` ("123" the primary name, "123a", "123b1" its other names), so a party
is one entity, id ``au-dfat-<number>``, dataset ``au_dfat_sanctions``.

``Name Type`` "Primary Name" gives the name; "aka" an ``alias``; "Original Script"
an ``alias`` too (followthemoney keeps the script); "Formerly known as" and
"Previously listed as" a ``previousName``. The file's spelling varies ("Aka ",
"primary name"): values are compared trimmed and case-folded. ``Type`` Individual
is a Person, anything else an Organization. Birth dates come as Excel dates, bare
years or text ("a) Approximately 1955-1958 b) 1960"), read by ``sources.dates``
with the text kept. Each party gets a Sanction with ``program`` (Committees),
``reason`` (Listing Information) and ``modifiedAt`` (Control Date).

Reader: python-calamine (Rust), chosen on measure: it read the real 9,560-row file
in 0.19 s against 1.44 s for openpyxl in read-only mode (best of three, same data).

Version: the file has no date, so it is the ``version`` argument if given, else the
latest Control Date in the rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import ClassVar

from python_calamine import CalamineError, CalamineWorkbook

from moneytrail.errors import InvalidInput
from moneytrail.model import EntityBuilder, Provenance, Statement
from moneytrail.model.ids import derived_id
from moneytrail.sources.base import ParsedList, Progress, SourceFile, no_progress, sniff
from moneytrail.sources.dates import parse_dates

NAME = "au-dfat-xlsx-v1"
TITLE = "Australia DFAT Consolidated List"
DATASET = "au_dfat_sanctions"
PUBLISHER = "Australian Government, Department of Foreign Affairs and Trade"
AUTHORITY = "Australia (Department of Foreign Affairs and Trade)"
HEADER = ("Reference", "Name of Individual or Entity", "Type", "Name Type", "Control Date")
NAME_PROPS = {
    "primary name": "name", "aka": "alias", "original script": "alias",
    "formerly known as": "previousName", "previously listed as": "previousName",
}  # fmt: skip
_REF = re.compile(r"^(\d+)([a-z]+\d*)?$", re.IGNORECASE)
_ITEM = re.compile(r"(?:^|\s|;)\(?[a-h]\)\s*")
_BETWEEN = re.compile(r"^(?:approximately|between)\s+", re.IGNORECASE)
_YEARS = re.compile(r"^(\d{4})\s*(?:-|to|or)\s*(\d{4})$")

Cell = str | float | int | bool | date | datetime | time | timedelta | None
Row = dict[str, Cell]


def text(value: Cell) -> str:
    """A cell as text: whole floats without ``.0``, dates in ISO form."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return " ".join(str(value).split())


def read_rows(path: Path) -> list[tuple[int, Row]]:
    """(spreadsheet row number, row) of each non-empty row of the first sheet."""
    try:
        sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
        cells = sheet.to_python(skip_empty_area=False)
    except (CalamineError, OSError, ValueError) as exc:
        raise InvalidInput(f"unreadable workbook ({exc})", file=str(path)) from exc
    header = [text(c) for c in cells[0]] if cells else []
    missing = [c for c in HEADER if c not in header]
    if missing:
        raise InvalidInput("not a DFAT header", file=str(path), line=1, field=missing[0])
    rows: list[tuple[int, Row]] = []
    for number, values in enumerate(cells[1:], start=2):
        if any(text(v) for v in values):
            rows.append((number, {h: v for h, v in zip(header, values, strict=False) if h}))
    return rows


def reference(row: Row, where: str, line: int) -> str:
    """The party number of a row's Reference ("123b1" -> "123")."""
    m = _REF.match(text(row["Reference"]))
    if m is None:
        raise InvalidInput(f"unreadable Reference {text(row['Reference'])!r}", file=where,
                           line=line, field="Reference")  # fmt: skip
    return m[1]


@dataclass(slots=True)
class _Party:
    entity: EntityBuilder
    sanction: EntityBuilder


def _birth_dates(b: EntityBuilder, value: Cell, prov: Provenance) -> None:
    raw = text(value)
    if not raw:
        return
    items = [p.strip(" ;,") for p in _ITEM.split(raw) if p.strip(" ;,")]
    for item in items:
        dates = parse_dates(_YEARS.sub(r"\1 to \2", _BETWEEN.sub("", item)))
        for iso in dates:
            b.add("birthDate", iso, original=raw, provenance=prov)
        if not dates:
            b.add("notes", f"Date of birth: {item}", provenance=prov)


def _add_row(party: _Party, row: Row, prov: Provenance) -> None:
    b = party.entity
    kind = text(row["Name Type"]).lower()
    prop = NAME_PROPS.get(kind, "alias")
    if prop == "name" and b.values("name"):
        prop = "alias"
    b.add(prop, text(row["Name of Individual or Entity"]), provenance=prov)
    if kind and kind not in NAME_PROPS:
        b.add("notes", f"Name type {text(row['Name Type'])}", provenance=prov)
    if b.schema.is_a("Person"):
        _birth_dates(b, row.get("Date of Birth"), prov)
        b.add("birthPlace", text(row.get("Place of Birth")), provenance=prov)
        b.add("nationality", text(row.get("Citizenship")), fuzzy=True, provenance=prov)
    address = text(row.get("Address"))
    if address and address.upper() != "NA":
        b.add("address", address, provenance=prov)
    b.add("notes", text(row.get("Additional Information")), provenance=prov)
    s = party.sanction
    s.add("program", text(row.get("Committees")), provenance=prov)
    s.add("reason", text(row.get("Listing Information")), provenance=prov)
    s.add("modifiedAt", text(row.get("Control Date")), provenance=prov)


def _new_party(number: str, row: Row, prov: Provenance) -> _Party:
    entity_id = f"au-dfat-{number}"
    schema = "Person" if text(row["Type"]).lower() == "individual" else "Organization"
    b = EntityBuilder(entity_id, schema, prov)
    b.add("topics", "sanction")
    s = EntityBuilder(derived_id(entity_id, "sanction"), "Sanction", prov)
    s.add("entity", entity_id)
    s.add("authority", AUTHORITY)
    s.add("country", "au")
    s.add("recordId", number)
    return _Party(b, s)


def latest_control_date(rows: list[tuple[int, Row]]) -> str | None:
    found = [text(r.get("Control Date")) for _, r in rows]
    dated = [d for d in found if re.fullmatch(r"\d{4}-\d\d-\d\d", d)]
    return max(dated) if dated else None


class AuDfatConsolidatedXlsx:
    """Australia DFAT Consolidated List xlsx (``au-dfat-xlsx-v1``): see the module docstring."""

    NAME: ClassVar[str] = NAME
    TITLE: ClassVar[str] = TITLE

    @classmethod
    def detect(cls, path: Path) -> bool:
        """An xlsx (a zip with worksheets) whose first row has DFAT's columns."""
        if not path.is_file() or path.suffix.lower() != ".xlsx":
            return False
        try:
            if not sniff(path, 4).startswith(b"PK"):
                return False
            sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
            first = sheet.to_python(nrows=1)
        except (CalamineError, OSError, ValueError, IndexError):
            return False
        header = [text(c) for c in first[0]] if first else []
        return all(c in header for c in HEADER)

    def parse(
        self, path: Path, *, version: str | None = None, progress: Progress = no_progress
    ) -> ParsedList:
        rows = read_rows(path)
        if not rows:
            raise InvalidInput("no records: the sheet is empty", file=str(path))
        ver = version or latest_control_date(rows)
        if ver is None:
            raise InvalidInput("no Control Date in the rows: give --version", file=str(path))
        parsed = ParsedList(
            DATASET, TITLE, PUBLISHER, ver, NAME, [SourceFile.of(path, "primary", ver)]
        )
        parsed.version_basis = "given" if version else "file"
        parties: dict[str, _Party] = {}
        for done, (line, row) in enumerate(rows, start=1):
            number = reference(row, str(path), line)
            prov = Provenance(DATASET, ver, f"{path.name}:{line}")
            if number not in parties:
                parties[number] = _new_party(number, row, prov)
            _add_row(parties[number], row, prov)
            if done % 1000 == 0 or done == len(rows):
                progress(done, len(rows))
        unnamed = [p for p in parties.values() if not p.entity.values("name")]
        for party in unnamed:
            party.entity.add("name", (party.entity.values("alias") or ["?"])[0])
        if unnamed:
            parsed.notes.append(f"{len(unnamed)} party(ies) without a Primary Name row")
        for party in parties.values():
            parsed.statements.extend(_statements(party))
        return parsed


def _statements(party: _Party) -> list[Statement]:
    return party.entity.statements() + party.sanction.statements()
