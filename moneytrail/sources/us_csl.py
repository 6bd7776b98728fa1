"""U.S. Consolidated Screening List (trade.gov): the lists every U.S. exporter screens.

One CSV (plain or gzip) holds thirteen lists from Commerce, State and Treasury, one
row per listed party, the list named in the ``source`` column. Each list becomes a
dataset of its own, ``us_trade_csl_<slug>``, because each has its own legal effect
(a BIS Entity List licence requirement is not an OFAC blocking):

====================================================================  ==============
source (as written in the file)                                       slug
====================================================================  ==============
Specially Designated Nationals (SDN) - Treasury Department             sdn
Entity List (EL) - Bureau of Industry and Security                     entity_list
Denied Persons List (DPL) - Bureau of Industry and Security            dpl
Unverified List (UVL) - Bureau of Industry and Security                uvl
Military End User (MEU) List - Bureau of Industry and Security         meu
ITAR Debarred (DTC) - State Department                                 itar_debarred
Nonproliferation Sanctions (ISN) - State Department                    isn
Sectoral Sanctions Identifications List (SSI) - Treasury Department    ssi
Palestinian Legislative Council List (PLC) - Treasury Department       plc
Non-SDN Chinese Military-Industrial Complex Companies List (CMIC)      cmic
Capta List (CAP) - Treasury Department                                 capta
Non-SDN Menu-Based Sanctions List (NS-MBS List) - Treasury Department  ns_mbs
Foreign Sanctions Evaders (FSE) - Treasury Department                  fse
====================================================================  ==============

A list not in this table gets the slug of its abbreviation in parentheses (else of
its whole name), so a new list loads under a predictable name instead of failing.

``parse`` returns the whole file as one list, dataset ``us_trade_csl`` (for
``screen --list`` and ``lists diff``); ``parse_all`` returns one list per source,
which is what ``lists load`` stores. Entity ids are ``us-csl-<slug>-<_id>``: the
same party on two lists (an SDN that is also on SSI) is two entries, one per
dataset, each with the legal terms of its own list.

Each row gives an entity (``Individual`` a Person, ``Vessel``, ``Aircraft`` an
Airplane, ``Entity`` a Company or Organization by legal form, no type (the BIS and
State lists) a LegalEntity, or a Company when the name carries a legal form) and a
Sanction holding the terms: ``program``, ``provisions`` (licence requirement),
``status`` (licence policy), ``reason`` (Federal Register notice), ``startDate``,
``endDate``, ``listingDate`` (from "Listing Date" ids), ``sourceUrl`` and
``authority`` (the department after " - " in the source name).

The JSON form (``{"results": [...]}``, plain or gzip) is read by ``us_csl_json`` as
the CSV rows it stands for, so both forms give the same statements.

Version: the file carries no publication date, so it is the ``version`` argument,
else the latest ``start_date`` in the rows that is not in the future.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import ClassVar

from moneytrail.errors import InvalidInput
from moneytrail.model import EntityBuilder, Provenance, Statement
from moneytrail.model.ids import derived_id
from moneytrail.sources.base import ParsedList, Progress, SourceFile, no_progress, sniff
from moneytrail.sources.dates import parse_dates
from moneytrail.sources.ofac_csv import LEGAL_FORMS
from moneytrail.sources.us_csl_json import is_csl_json, read_json_rows

NAME = "us-trade-csl-v1"
TITLE = "U.S. Consolidated Screening List (trade.gov)"
PUBLISHER = "U.S. International Trade Administration (Consolidated Screening List)"
COMBINED = "us_trade_csl"
REQUIRED = ("_id", "source", "name", "type", "programs", "alt_names", "license_requirement")
SLUGS = {
    "SDN": "sdn", "EL": "entity_list", "DPL": "dpl", "UVL": "uvl", "MEU": "meu",
    "DTC": "itar_debarred", "ISN": "isn", "SSI": "ssi", "PLC": "plc", "CMIC": "cmic",
    "CAP": "capta", "NS-MBS LIST": "ns_mbs", "FSE": "fse",
}  # fmt: skip
SCHEMAS = {"individual": "Person", "vessel": "Vessel", "aircraft": "Airplane"}
# The last part of an ``ids`` item names its type; these become properties.
ID_PROPS = {
    "passport": "passportNumber", "national id no.": "idNumber", "tax id no.": "taxNumber",
    "swift/bic": "swiftBic", "website": "website", "gender": "gender",
    "registration number": "registrationNumber", "registration id": "registrationNumber",
    "legal entity number": "leiCode", "email address": "email", "phone number": "phone",
    "unified social credit code (uscc)": "registrationNumber", "vessel registration identification":
    "imoNumber", "identification number": "idNumber", "company number": "registrationNumber",
}  # fmt: skip
VESSEL = (
    ("call_sign", "callSign"), ("vessel_type", "type"), ("gross_tonnage", "tonnage"),
    ("gross_registered_tonnage", "grossRegisteredTonnage"), ("vessel_flag", "flag"),
)  # fmt: skip
_ABBR = re.compile(r"\(([^()]+)\)")
_COUNTRY = re.compile(r"^[A-Z]{2}$")

Row = dict[str, str]


def source_slug(source: str) -> str:
    """The dataset suffix of a CSL source name (see the module table)."""
    list_name = source.split(" - ")[0]
    match = _ABBR.search(list_name)
    key = (match[1] if match else list_name).strip().upper()
    if key in SLUGS:
        return SLUGS[key]
    return re.sub(r"[^a-z0-9]+", "_", key.lower()).strip("_") or "unknown"


def _open_text(path: Path) -> io.TextIOWrapper:
    if sniff(path, 2) == b"\x1f\x8b":
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8-sig", newline="")
    return io.TextIOWrapper(path.open("rb"), encoding="utf-8-sig", newline="")


def _header(path: Path) -> list[str]:
    head = sniff(path, 8192)
    if head[:2] == b"\x1f\x8b":
        try:
            with gzip.open(path, "rb") as fh:
                head = fh.read(8192)
        except (OSError, EOFError):
            return []
    first = head.decode("utf-8", errors="replace").lstrip("\ufeff").splitlines()[:1]
    return next(csv.reader(first), []) if first else []


def read_rows(path: Path) -> Iterator[tuple[int, Row]]:
    """(line, row) for each record; InvalidInput naming the line of a malformed one.

    A JSON file gives (position in ``results``, the CSV row of the record).
    """
    if is_csl_json(path):
        yield from read_json_rows(path)
        return
    try:
        with _open_text(path) as fh:
            reader = csv.DictReader(fh)
            missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
            if missing:
                raise InvalidInput("not a CSL header", file=str(path), line=1, field=missing[0])
            for row in reader:
                line = reader.line_num
                if None in row or any(v is None for v in row.values()):
                    raise InvalidInput("wrong number of columns", file=str(path), line=line)
                for col in ("_id", "source", "name"):
                    if not row[col].strip():
                        raise InvalidInput("empty value", file=str(path), line=line, field=col)
                yield line, row
    except (csv.Error, UnicodeDecodeError, OSError, EOFError) as exc:
        raise InvalidInput(f"unreadable CSV ({exc})", file=str(path)) from exc


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


def file_version(rows: list[tuple[int, Row]], version: str | None, where: str) -> str:
    """``version`` if given, else the latest start_date in the rows not after today."""
    if version is not None:
        try:
            return date.fromisoformat(version).isoformat()
        except ValueError:
            raise InvalidInput(f"not an ISO date: {version!r}", field="version") from None
    today = datetime.now(UTC).date().isoformat()
    starts = [
        r["start_date"] for _, r in rows if re.fullmatch(r"(19|20)\d\d-\d\d-\d\d", r["start_date"])
    ]
    past = [s for s in starts if s <= today]
    if not past:
        raise InvalidInput("no start_date in the rows: give --version", file=where)
    return max(past)


def schema_for(kind: str, name: str) -> str:
    """Person/Vessel/Airplane by type; else Company when the name has a legal form."""
    if kind.lower() in SCHEMAS:
        return SCHEMAS[kind.lower()]
    tokens = re.split(r"[^A-Z0-9]+", name.upper().replace(".", ""))
    if LEGAL_FORMS.intersection(tokens):
        return "Company"
    return "Organization" if kind.lower() == "entity" else "LegalEntity"


@dataclass(slots=True)
class _Entry:
    entity: EntityBuilder
    sanction: EntityBuilder


def _add_ids(entry: _Entry, value: str) -> None:
    b, sanction = entry.entity, entry.sanction
    for item in _split(value):
        parts = [p.strip() for p in item.split(",")]
        kind = parts[-1].rstrip(":- ").strip()
        body = ", ".join(parts[:-1]).strip()
        prop = ID_PROPS.get(kind.lower())
        if kind.lower().startswith("listing date"):
            sanction.add("listingDate", body, original=item)
        elif prop is not None and b.schema.get(prop) is not None and len(parts) >= 2:
            number = parts[-2]
            b.add(prop, number.lower() if prop == "gender" else number, original=item)
            if len(parts) > 2:
                b.add("notes", item)
        else:
            b.add("notes", item)


def _add_addresses(b: EntityBuilder, value: str) -> None:
    for address in _split(value):
        last = address.rsplit(",", 1)[-1].strip()
        if _COUNTRY.match(last):
            b.add("country", last)
        if not _COUNTRY.match(address):
            b.add("address", address)


def _add_person(b: EntityBuilder, row: Row) -> None:
    for raw in _split(row["dates_of_birth"]):
        dates = parse_dates(raw)
        for value in dates:
            b.add("birthDate", value, original=raw)
        if not dates:
            b.add("notes", f"Date of birth: {raw}")
    b.add_many("birthPlace", _split(row["places_of_birth"]))
    b.add_many("nationality", _split(row["nationalities"]))
    b.add_many("citizenship", _split(row["citizenships"]))
    b.add("position", row["title"])


def _add_terms(s: EntityBuilder, row: Row, authority: str) -> None:
    s.add("authority", authority)
    s.add("country", "us")
    s.add_many("program", _split(row["programs"]))
    s.add("provisions", row["license_requirement"])
    s.add("status", row["license_policy"])
    s.add("reason", row["federal_register_notice"])
    s.add("startDate", row["start_date"])
    s.add("endDate", row["end_date"])
    s.add("sourceUrl", row["source_list_url"])
    s.add("sourceUrl", row["source_information_url"])
    if row["standard_order"]:
        s.add("summary", f"Standard order: {row['standard_order']}")


def build_row(line: int, row: Row, dataset: str, version: str, file: str) -> _Entry:
    """The entity and Sanction of one CSL row."""
    slug = source_slug(row["source"])
    prov = Provenance(dataset, version, f"{file}:{line}")
    entity_id = (
        f"us-csl-{slug.replace('_', '-')}-{re.sub(r'[^A-Za-z0-9.-]+', '-', row['_id'].strip())}"
    )
    name = row["name"].strip()
    b = EntityBuilder(entity_id, schema_for(row["type"], name), prov)
    entry = _Entry(b, EntityBuilder(derived_id(entity_id, "sanction"), "Sanction", prov))
    b.add("name", name)
    b.add("topics", "sanction")
    b.add_many("alias", _split(row["alt_names"]))
    b.add_many("program", _split(row["programs"]))
    _add_addresses(b, row["addresses"])
    if b.schema.is_a("Person"):
        _add_person(b, row)
    elif row["title"]:
        b.add("notes", f"Title: {row['title']}")
    for column, prop in VESSEL:
        if row.get(column) and b.schema.get(prop) is not None:
            b.add(prop, row[column])
    if row.get("vessel_owner"):
        b.add("notes", f"Owner: {row['vessel_owner']}")
    b.add("notes", row["remarks"])
    _add_ids(entry, row["ids"])
    entry.sanction.add("entity", entity_id)
    _add_terms(entry.sanction, row, row["source"].split(" - ", 1)[-1].strip())
    return entry


class UsConsolidatedScreeningList:
    """U.S. Consolidated Screening List, CSV or JSON (``us-trade-csl-v1``): see the module."""

    NAME: ClassVar[str] = NAME
    TITLE: ClassVar[str] = TITLE

    @classmethod
    def detect(cls, path: Path) -> bool:
        if not path.is_file():
            return False
        try:
            header = _header(path)
        except OSError:
            return False
        return all(column in header for column in REQUIRED) or is_csl_json(path)

    def parse(
        self, path: Path, *, version: str | None = None, progress: Progress = no_progress
    ) -> ParsedList:
        """The whole file as one list, dataset ``us_trade_csl``."""
        return self._parse(path, version, progress, lambda slug: COMBINED)[COMBINED]

    def parse_all(
        self, path: Path, *, version: str | None = None, progress: Progress = no_progress
    ) -> list[ParsedList]:
        """One list per source, dataset ``us_trade_csl_<slug>``, in order of first row."""
        parts = self._parse(path, version, progress, lambda slug: f"{COMBINED}_{slug}")
        return list(parts.values())

    def _parse(
        self, path: Path, version: str | None, progress: Progress, dataset_of: Callable[[str], str]
    ) -> dict[str, ParsedList]:
        rows = list(read_rows(path))
        if not rows:
            raise InvalidInput("no records: the file is empty", file=str(path))
        ver = file_version(rows, version, str(path))
        source_file = SourceFile.of(path, "primary", ver)
        parts: dict[str, ParsedList] = {}
        entries: dict[str, list[_Entry]] = {}
        for done, (line, row) in enumerate(rows, start=1):
            dataset = dataset_of(source_slug(row["source"]))
            if dataset not in parts:
                title = TITLE if dataset == COMBINED else f"{TITLE}: {row['source'].strip()}"
                parts[dataset] = ParsedList(dataset, title, PUBLISHER, ver, NAME, [source_file])
                parts[dataset].version_basis = "file" if version is None else "given"
            entry = build_row(line, row, dataset, ver, path.name)
            if entry.entity.id in entries:  # the same party twice on one list: one entry
                parts[dataset].notes.append(f"line {line}: {entry.entity.id} repeated, merged")
            entries.setdefault(entry.entity.id, []).append(entry)
            if done % 1000 == 0 or done == len(rows):
                progress(done, len(rows))
        for group in entries.values():
            parts[group[0].entity.provenance.dataset].statements.extend(_statements(group))
        return parts


def _statements(group: list[_Entry]) -> list[Statement]:
    """The statements of one entry's rows, each fact once (a repeated row adds nothing)."""
    unique: dict[str, Statement] = {}
    for entry in group:
        for st in entry.entity.statements() + entry.sanction.statements():
            unique.setdefault(st.id, st)
    return list(unique.values())
