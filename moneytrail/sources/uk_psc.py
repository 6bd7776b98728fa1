"""UK Companies House: people with significant control (PSC) and basic company data.

Two products, loaded together as dataset ``gb_coh_psc`` so that a company and its
controllers arrive in one version:

* the **PSC snapshot**: JSON lines ``{"company_number", "data": {kind, name,
  natures_of_control, ...}, "ContentDate"}`` (JSON arrays of them are read too);
* the **basic company data** CSV (``BasicCompanyData-*.csv``), or the same rows as a
  JSON array.

Rules:

* **Ids.** Companies ``gb-coh-<company number>`` (zero-padded to 8). A PSC is
  ``gb-psc-<psc id>``, the last segment of its self link (a hash of the record when
  there is none). A corporate PSC registered at Companies House with a valid company
  number gets that company's id instead, so chains of UK companies join up without
  record linkage.
* **Schemata.** individual -> Person; corporate entity -> Company; legal person
  (governments, public bodies) -> Organization; the same for the overseas-entity
  register's beneficial owners (``is_sanctioned`` true adds topic "sanction").
* **Natures of control.** ``ownership-of-shares-*`` -> one Ownership (PSC -> company)
  whose percentage states the legal band: "more than 25% but not more than 50%",
  "more than 50% but less than 75%", "75% or more", with the code kept as the
  original value and in ``role``. Every other nature (voting rights, right to appoint
  directors, significant influence or control, trusts, firms) -> one Directorship
  whose roles are the codes. ``notified_on`` / ``ceased_on`` become start and end
  dates; a ceased PSC keeps its facts with status "ceased".
* Super-secure PSCs, PSC statements and exemptions become notes on the company;
  snapshot totals are skipped. An unknown ``kind`` or an unreadable share code stops
  the load: a half-understood snapshot would silently drop owners.
* **Version.** The records' ``ContentDate`` (the latest), else a date in a file name
  (``BasicCompanyData-2024-12-01``), else the ``version`` argument, else the load date
  (marked undated; a modification time is not a publication date).
* Some copies of the CSV are hard-wrapped at a fixed width (lines broken mid-field);
  such a file is rejoined and the load says so in its notes.

Finding, reading and dating the files is ``uk_psc_read``; this module gives the
records meaning.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any, ClassVar

from moneytrail.errors import InvalidInput
from moneytrail.model import EntityBuilder, Provenance, Statement
from moneytrail.sources.base import ParsedList, Progress, SourceFile, no_progress
from moneytrail.sources.dates import parse_single
from moneytrail.sources.records import safe_id
from moneytrail.sources.uk_psc_read import PscFile, date_files, kind_of, read_files

NAME = "uk-psc-v1"
DATASET = "gb_coh_psc"
TITLE = "UK Companies House: PSC and company data"
PUBLISHER = "Companies House"
_COMPANY_NUMBER = re.compile(r"^[A-Z0-9]{2}\d{6}$")
_SHARES = re.compile(r"^ownership-of-shares-(?:(\d+)-to-(\d+)|more-than-(\d+))-percent")
BANDS = {
    ("25", "50"): "more than 25% but not more than 50%",
    ("50", "75"): "more than 50% but less than 75%",
    ("75", "100"): "75% or more",
}
SCHEMAS = {"individual": "Person", "corporate-entity": "Company", "legal-person": "Organization"}
NOTE_KINDS = ("super-secure", "persons-with-significant-control-statement", "exemptions")
UK_WORDS = ("companies house", "england", "wales", "scotland", "northern ireland", "united kingdom")
ADDRESS_PARTS = ("care_of", "po_box", "premises", "address_line_1", "address_line_2")
CSV_ADDRESS = ("CareOf", "POBox", "AddressLine1", "AddressLine2", "PostTown", "County")
# Split in two so each line stays readable; the order is the postal order.
ADDRESS_TAIL = ("locality", "region", "postal_code", "country")
CSV_TAIL = ("PostCode", "Country")
PERSON_NAMES = {"title": "title", "firstName": "forename", "middleName": "middle_name"}
PERSON_NAMES["lastName"] = "surname"


def company_number(raw: str) -> str | None:
    """``3530981`` -> ``03530981``; None when it is not a UK company number."""
    number = re.sub(r"\s+", "", raw).upper()
    number = number.zfill(8) if number.isdigit() else number
    return number if _COMPANY_NUMBER.match(number) else None


def company_id(number: str) -> str:
    return safe_id("gb-coh", company_number(number) or number)


class UkPsc:
    """Companies House PSC snapshot (JSON lines) and basic company data (CSV).

    A file or a folder of them, loaded as dataset ``gb_coh_psc``: companies
    ``gb-coh-<number>``, PSCs ``gb-psc-<id>``, share bands as Ownership and other
    natures of control as Directorship.
    """

    NAME: ClassVar[str] = NAME
    TITLE: ClassVar[str] = TITLE

    @classmethod
    def detect(cls, path: Path) -> bool:
        paths = sorted(path.iterdir()) if path.is_dir() else [path]
        return any(kind_of(p) for p in paths)

    def parse(
        self, path: Path, *, version: str | None = None, progress: Progress = no_progress
    ) -> ParsedList:
        loaded = read_files(path)
        basis = date_files(loaded, version)
        builder = _Builder()
        for done, f in enumerate(loaded, start=1):
            builder.read(f)
            progress(done, len(loaded))
        list_version = max(f.version for f in loaded)
        return ParsedList(
            dataset=DATASET,
            title=TITLE,
            publisher=PUBLISHER,
            version=list_version,
            source_format=NAME,
            files=[SourceFile.of(f.path, f.kind, f.version) for f in loaded],
            statements=builder.statements(),
            notes=[n for f in loaded for n in f.notes],
            version_basis=basis,
        )


class _Builder:
    """Entities by id, so a company named by PSC records and by the CSV is one entity."""

    def __init__(self) -> None:
        self.entities: dict[str, EntityBuilder] = {}

    def statements(self) -> list[Statement]:
        return [st for e in self.entities.values() for st in e.statements()]

    def entity(self, entity_id: str, schema: str, prov: Provenance) -> EntityBuilder:
        if entity_id not in self.entities:
            self.entities[entity_id] = EntityBuilder(entity_id, schema, prov)
        return self.entities[entity_id]

    def read(self, loaded: PscFile) -> None:
        for line, row in loaded.records:
            prov = Provenance(DATASET, loaded.version, f"{loaded.path.name}:{line}")
            if loaded.kind == "psc":
                _PscRecord(self, loaded.path, line, row, prov).read()
            else:
                self.company_row(row, prov, loaded.path, line)

    def company(self, number: str, prov: Provenance) -> EntityBuilder:
        company = self.entity(company_id(number), "Company", prov)
        company.add("registrationNumber", company_number(number) or number, provenance=prov)
        company.add("jurisdiction", "gb", provenance=prov)
        return company

    def company_row(self, row: dict[str, Any], prov: Provenance, path: Path, line: int) -> None:
        number = str(row.get("CompanyNumber") or "").strip()
        if not number:
            raise InvalidInput(
                "empty company number", file=str(path), line=line, field="CompanyNumber"
            )
        company = self.company(number, prov)
        add = company.add
        add("name", row.get("CompanyName"), provenance=prov)
        parts = [row.get(f"RegAddress.{p}") for p in CSV_ADDRESS + CSV_TAIL]
        add("address", ", ".join(str(p) for p in parts if p) or None, provenance=prov)
        add("country", row.get("RegAddress.Country"), provenance=prov)
        add("legalForm", row.get("CompanyCategory"), provenance=prov)
        add("status", row.get("CompanyStatus"), provenance=prov)
        for prop, column in (
            ("incorporationDate", "IncorporationDate"),
            ("dissolutionDate", "DissolutionDate"),
        ):
            raw = str(row.get(column) or "")
            add(prop, parse_single(raw) if raw else None, original=raw or None, provenance=prov)
        for n in range(1, 5):
            add("sector", row.get(f"SICCode.SicText_{n}"), provenance=prov)
        for n in range(1, 11):
            add("previousName", row.get(f"PreviousName_{n}.CompanyName"), provenance=prov)
        add("sourceUrl", row.get("URI"), provenance=prov)


class _PscRecord:
    """One line of the snapshot: a PSC and its links to the company, or a note on it."""

    def __init__(
        self, builder: _Builder, path: Path, line: int, row: dict[str, Any], prov: Provenance
    ) -> None:
        self.builder, self.path, self.line, self.prov = builder, path, line, prov
        data = row.get("data")
        self.data: dict[str, Any] = data if isinstance(data, dict) else {}
        self.kind = str(self.data.get("kind") or "")
        self.number = str(row.get("company_number") or "").strip()

    def error(self, reason: str, where: str) -> InvalidInput:
        return InvalidInput(reason, file=str(self.path), line=self.line, field=where)

    def read(self) -> None:
        if self.kind.startswith("totals#"):
            return
        if not self.number:
            raise self.error("PSC record without a company number", "company_number")
        company = self.builder.company(self.number, self.prov)
        if self.kind.startswith(NOTE_KINDS):
            company.add("notes", self._note(), provenance=self.prov)
            return
        base = self.kind.removesuffix("-person-with-significant-control")
        base = base.removesuffix("-beneficial-owner")
        if base not in SCHEMAS or base == self.kind:
            raise self.error(f"unknown PSC kind {self.kind!r}", "data.kind")
        psc_id = self._psc_id()
        party = self._party(SCHEMAS[base])
        self._links(psc_id, party.id, company.id)

    def _note(self) -> str:
        words = self.data.get("statement") or self.data.get("description") or self.kind
        dates = [
            f"{k.removesuffix('_on')} {self.data[k]}"
            for k in ("notified_on", "ceased_on")
            if self.data.get(k)
        ]
        return f"PSC register: {words}" + (f" ({', '.join(dates)})" if dates else "")

    def _psc_id(self) -> str:
        links = self.data.get("links")
        self_link = str(links.get("self") or "") if isinstance(links, dict) else ""
        ref = self_link.rstrip("/").rsplit("/", 1)[-1]
        if not ref:
            key = f"{self.number}|{self.data.get('name')}|{self.data.get('notified_on')}"
            ref = hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest()[:16]
        return safe_id("gb-psc", ref)

    def _party(self, schema: str) -> EntityBuilder:
        ident = self.data.get("identification") or {}
        number = company_number(str(ident.get("registration_number") or ""))
        where = " ".join(
            str(ident.get(k) or "") for k in ("place_registered", "country_registered")
        )
        is_uk = any(word in where.lower() for word in UK_WORDS)
        if schema == "Company" and number and is_uk:
            party = self.builder.company(number, self.prov)
        else:
            party = self.builder.entity(self._psc_id(), schema, self.prov)
        add = party.add
        add("name", self.data.get("name"), provenance=self.prov)
        add("address", _address(self.data.get("address")), provenance=self.prov)
        if schema == "Person":
            self._person(party)
        else:
            add("legalForm", ident.get("legal_form"), provenance=self.prov)
            add("jurisdiction", ident.get("country_registered"), provenance=self.prov)
            add("registrationNumber", ident.get("registration_number"), provenance=self.prov)
            if authority := ident.get("legal_authority"):
                add("notes", f"Legal authority: {authority}", provenance=self.prov)
        if self.data.get("is_sanctioned") is True:
            add("topics", "sanction", provenance=self.prov)
            add(
                "notes",
                "Companies House: the beneficial owner is under sanctions",
                provenance=self.prov,
            )
        return party

    def _person(self, person: EntityBuilder) -> None:
        names = self.data.get("name_elements") or {}
        for prop, key in PERSON_NAMES.items():
            person.add(prop, names.get(key), provenance=self.prov)
        born = self.data.get("date_of_birth") or {}
        if born.get("year"):
            month = f"-{int(born['month']):02d}" if born.get("month") else ""
            person.add("birthDate", f"{int(born['year']):04d}{month}", provenance=self.prov)
        for nationality in str(self.data.get("nationality") or "").split(","):
            person.add("nationality", nationality, provenance=self.prov)
        person.add("country", self.data.get("country_of_residence"), provenance=self.prov)

    def _links(self, psc_id: str, party: str, company: str) -> None:
        natures = [str(n) for n in self.data.get("natures_of_control") or []]
        shares = [n for n in natures if n.startswith("ownership-of-shares")]
        control = [n for n in natures if n not in shares]
        if shares:
            link = self._link(f"{psc_id}-shares", "Ownership", ("owner", "asset"), party, company)
            for code in shares:
                link.add("percentage", self._band(code), original=code)
                link.add("role", code)
            link.add("ownershipType", "shares")
        if control:
            link = self._link(
                f"{psc_id}-control", "Directorship", ("director", "organization"), party, company
            )
            link.add_many("role", control)

    def _link(
        self, link_id: str, schema: str, props: tuple[str, str], party: str, company: str
    ) -> EntityBuilder:
        link = self.builder.entity(link_id, schema, self.prov)
        link.add(props[0], party)
        link.add(props[1], company)
        link.add("startDate", self.data.get("notified_on"))
        link.add("endDate", self.data.get("ceased_on"))
        link.add(
            "status", "ceased" if self.data.get("ceased_on") or self.data.get("ceased") else None
        )
        return link

    def _band(self, code: str) -> str:
        match = _SHARES.match(code)
        if match is None:
            raise self.error(f"cannot read the share band of {code!r}", "data.natures_of_control")
        low, high, more_than = match.groups()
        if more_than:
            return f"more than {more_than}%"
        return BANDS.get((low, high), f"more than {low}% but not more than {high}%")


def _address(value: Any) -> str | None:
    if not isinstance(value, dict):
        return None
    parts = [str(value[k]).strip() for k in ADDRESS_PARTS + ADDRESS_TAIL if value.get(k)]
    return ", ".join(p for p in parts if p) or None
