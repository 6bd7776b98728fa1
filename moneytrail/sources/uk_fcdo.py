"""UK Sanctions List, published by the Foreign, Commonwealth & Development Office.

It names everyone designated under the UK's sanctions regulations. The XML has one
``Designation`` per person, entity or ship, with id ``gb-fcdo-<UniqueID>``
(``RUS0001``); ``OFSIGroupID`` keeps the entry's number on OFSI's Consolidated List
and ``UNReferenceNumber`` the UN one, so UK entries can be tied to both.

Dates are ``dd/mm/yyyy`` with unknown parts written literally (``dd/mm/1945``):
such a date becomes the year (or month) it names, with the list's text kept as the
original value. Aliases the UK marks "Low quality" become ``weakAlias``.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import ClassVar
from xml.etree.ElementTree import Element

from moneytrail.errors import InvalidInput
from moneytrail.model import EntityBuilder, Provenance, Statement
from moneytrail.model.ids import UK_FCDO, derived_id, uk_id
from moneytrail.sources.base import ParsedList, Progress, SourceFile, no_progress
from moneytrail.sources.dates import parse_dates
from moneytrail.sources.xml_base import XmlFormat, XmlListSource, file_date_wins
from moneytrail.sources.xmlsafe import (
    child_text,
    descendants,
    element_ref,
    find_all,
    local_name,
    path_texts,
    text,
)

NAME = "uk-sanctions-list-xml-v1"
TITLE = "UK Sanctions List (FCDO)"
PUBLISHER = "Foreign, Commonwealth & Development Office"
AUTHORITY = "United Kingdom (Foreign, Commonwealth & Development Office)"
ROOT = "Designations"
RECORD = "Designation"
FORMAT = XmlFormat(ROOT, b"<Designations", "UK Sanctions List XML", suffix=None, folders=True)
SCHEMAS = {"individual": "Person", "entity": "Organization", "ship": "Vessel"}
NAME_TAGS = tuple(f"Name{i}" for i in range(1, 7))
LANGUAGES = {
    "arabic": "ara",
    "belarusian": "bel",
    "bosnian": "bos",
    "bulgarian": "bul",
    "chinese": "zho",
    "greek": "ell",
    "hebrew": "heb",
    "korean": "kor",
    "persian": "fas",
    "russian": "rus",
    "serbian": "srp",
    "turkish": "tur",
    "ukrainian": "ukr",
}
UK_DATE = re.compile(r"^(dd|\d{1,2})/(mm|\d{1,2})/(\d{4})$", re.IGNORECASE)
EMAIL_SPLIT = re.compile(r"[;,\s]+")
_DATE_WORDS = r"(\d{1,2} \w{3,9}\.? \d{4}|\w{3,9}\.? \d{4}|\d{4})"
_ISSUED_ON = re.compile(rf"\bissued (?:on )?{_DATE_WORDS}", re.IGNORECASE)
_EXPIRES = re.compile(rf"\b(?:expires|expiry date|expiring)(?: on)? {_DATE_WORDS}", re.IGNORECASE)


class UkSanctionsListXml(XmlListSource):
    """The UK Sanctions List (FCDO) in its XML form (``UK-Sanctions-List.xml``).

    The list version is the root's ``DateGenerated``. ``IndividualEntityShip``
    Individual -> Person, Entity -> Organization, Ship -> Vessel; each gets a
    Sanction with the regime, the measures imposed and the UK statement of reasons.
    """

    NAME: ClassVar[str] = NAME
    FORMAT: ClassVar[XmlFormat] = FORMAT
    TITLE: ClassVar[str] = TITLE

    def parse(
        self, path: Path, *, version: str | None = None, progress: Progress = no_progress
    ) -> ParsedList:
        """Parse a UK Sanctions List XML file, or a folder holding exactly one."""
        with FORMAT.opened(path) as xml:
            return _Reader(xml, version).read(progress)


class _Reader:
    """One pass: ``DateGenerated`` may come before or after the designations."""

    def __init__(self, path: Path, version: str | None) -> None:
        self.path = path
        self.given = version
        self.stream = FORMAT.stream(path, {RECORD, "DateGenerated"})
        self.generated: str | None = None
        self.notes: list[str] = []

    def read(self, progress: Progress) -> ParsedList:
        records: list[tuple[str, list[Statement]]] = []
        seen: dict[str, int] = {}
        for elem, line in self.stream:
            if local_name(elem.tag) == "DateGenerated":
                self.generated = self._date_generated(elem, line)
                continue
            version = self.generated or self.given or ""
            entity_id, statements = _parse_designation(self.path, elem, line, version)
            if entity_id in seen:
                raise self._error(f"UniqueID repeats line {seen[entity_id]}", line, "UniqueID")
            seen[entity_id] = line
            records.append((entity_id, statements))
            progress(len(seen), None)
        version = self._version()
        statements = [_dated(st, version) for _, sts in records for st in sts]
        return ParsedList(
            dataset=UK_FCDO,
            title=TITLE,
            publisher=PUBLISHER,
            version=version,
            source_format=NAME,
            files=[SourceFile.of(self.path, "uk-sanctions-list-xml", version)],
            statements=statements,
            notes=self.notes,
        )

    def _error(self, reason: str, line: int | None, field: str | None = None) -> InvalidInput:
        return InvalidInput(reason, file=str(self.path), line=line, field=field)

    def _date_generated(self, elem: Element, line: int) -> str:
        raw = text(elem) or ""
        value = uk_date(raw)
        if value is None or len(value) != 10:
            raise self._error(
                f"expected DateGenerated dd/mm/yyyy, found {raw!r}", line, "DateGenerated"
            )
        return value

    def _version(self) -> str:
        """The file's ``DateGenerated`` wins; a given version only fills in when it is absent."""
        version = file_date_wins(self.generated, self.given, self.notes)
        if version is not None:
            return version
        raise self._error("expected a DateGenerated element, found none", None, "DateGenerated")


def _dated(st: Statement, version: str) -> Statement:
    """Fix the version of statements read before ``DateGenerated`` (if it came late)."""
    if st.list_version == version:
        return st
    return replace(st, list_version=version, first_seen=version, last_seen=version)


def uk_date(raw: str | None) -> str | None:
    """``25/01/2001`` -> ``2001-01-25``; ``dd/mm/1945`` -> ``1945``; ``dd/03/1958`` -> 1958-03."""
    m = UK_DATE.match((raw or "").strip())
    if m is None:
        return None
    day, month, year = m[1].lower(), m[2].lower(), m[3]
    if month == "mm":
        return year
    if day == "dd":
        return f"{year}-{int(month):02d}"
    return f"{year}-{int(month):02d}-{int(day):02d}"


def _parse_designation(
    path: Path, elem: Element, line: int, version: str
) -> tuple[str, list[Statement]]:
    unique_id = child_text(elem, "UniqueID")
    if unique_id is None:
        raise InvalidInput(
            "Designation without a UniqueID: expected the UK reference (e.g. RUS0001)",
            file=str(path),
            line=line,
            field="UniqueID",
        )
    kind = (child_text(elem, "IndividualEntityShip") or "").lower()
    if kind not in SCHEMAS:
        raise InvalidInput(
            f"IndividualEntityShip is {kind!r}: expected Individual, Entity or Ship",
            file=str(path),
            line=line,
            field="IndividualEntityShip",
        )
    entity_id = uk_id(unique_id)
    ref = element_ref(path.name, RECORD, "UniqueID", unique_id, line)
    entity = EntityBuilder(entity_id, SCHEMAS[kind], Provenance(UK_FCDO, version, ref))
    _add_names(entity, elem)
    _add_addresses(entity, elem)
    documents: list[EntityBuilder] = []
    if kind == "individual":
        documents = _add_individual(entity, elem)
    elif kind == "ship":
        _add_ship(entity, elem)
    else:
        _add_entity_details(entity, elem)
    entity.add("program", child_text(elem, "RegimeName"))
    entity.add("notes", child_text(elem, "OtherInformation"))
    entity.add("topics", "sanction")
    sanction = _sanction(elem, entity)
    side = [st for doc in documents for st in doc]
    return entity_id, entity.statements() + sanction.statements() + side


def _add_names(entity: EntityBuilder, elem: Element) -> None:
    """Primary name -> name; variations and good aliases -> alias; low-quality -> weakAlias."""
    for node in find_all(elem, "Names/Name"):
        parts = [child_text(node, tag) for tag in NAME_TAGS]
        full = " ".join(p for p in parts if p) or None
        name_type = " ".join((child_text(node, "NameType") or "").lower().split())
        strength = (child_text(node, "AliasStrength") or "").lower()
        if name_type == "primary name":
            entity.add("name", full)
            if entity.schema.is_a("Person"):
                entity.add("firstName", parts[0])
                entity.add_many("middleName", parts[1:5])
                entity.add("lastName", parts[5])
        elif "low" in strength:
            entity.add("weakAlias", full, original=f"{full} ({strength})" if full else None)
        else:
            entity.add("alias", full)
    for node in find_all(elem, "NonLatinNames/NonLatinName"):
        language = child_text(node, "NonLatinScriptLanguage")
        lang = LANGUAGES.get((language or "").split(";")[0].strip().lower())
        entity.add("alias", child_text(node, "NameNonLatinScript"), lang=lang)
    for title in descendants(elem, "Title"):
        entity.add("title", text(title))


def _add_addresses(entity: EntityBuilder, elem: Element) -> None:
    for node in find_all(elem, "Addresses/Address"):
        lines = [child_text(node, f"AddressLine{i}") for i in range(1, 7)]
        country = child_text(node, "AddressCountry")
        parts = [*lines, child_text(node, "AddressPostalCode")]
        if any(parts):
            entity.add("address", ", ".join(p for p in (*parts, country) if p))
        entity.add("country", country)
    if entity.schema.get("phone") is None:
        return
    entity.add_many("phone", path_texts(elem, "PhoneNumbers/PhoneNumber"))
    for emails in path_texts(elem, "EmailAddresses/EmailAddress"):
        entity.add_many("email", EMAIL_SPLIT.split(emails))
    entity.add_many("website", path_texts(elem, "Websites/Website"))


def _add_individual(entity: EntityBuilder, elem: Element) -> list[EntityBuilder]:
    """A person's facts; returns the Passport/Identification documents it holds."""
    documents: list[EntityBuilder] = []
    for person in find_all(elem, "IndividualDetails/Individual"):
        for raw in path_texts(person, "DOBs/DOB"):
            entity.add("birthDate", uk_date(raw) or raw, original=raw)
        entity.add_many("nationality", path_texts(person, "Nationalities/Nationality"))
        entity.add_many("position", path_texts(person, "Positions/Position"))
        entity.add_many("gender", path_texts(person, "Genders/Gender"))
        for place in find_all(person, "BirthDetails/Location"):
            town, country = child_text(place, "TownOfBirth"), child_text(place, "CountryOfBirth")
            entity.add("birthPlace", ", ".join(p for p in (town, country) if p) or None)
            entity.add("birthCountry", country)
        documents += _add_documents(
            entity, person, "PassportDetails/Passport", "Passport", "passportNumber"
        )
        documents += _add_documents(
            entity,
            person,
            "NationalIdentifierDetails/NationalIdentifier",
            "NationalIdentifier",
            "idNumber",
        )
    return documents


def _add_documents(
    entity: EntityBuilder, person: Element, path: str, tag: str, prop: str
) -> list[EntityBuilder]:
    """Each number as a property, and as a document keeping the dates the UK wrote in its
    additional information ("issued on 12 Oct. 2021 ..., expires 12 Oct. 2026")."""
    documents = []
    for node in find_all(person, path):
        number = (child_text(node, f"{tag}Number") or "").strip() or None
        info = child_text(node, f"{tag}AdditionalInformation")
        if number is None:
            entity.add("notes", f"{tag}: {info}" if info else None)
            continue
        entity.add(prop, number, original=f"{number} ({info})" if info else None)
        schema = "Passport" if tag == "Passport" else "Identification"
        doc = EntityBuilder(
            derived_id(entity.id, schema.lower(), number), schema, entity.provenance
        )
        doc.add("holder", entity.id)
        doc.add("number", number)
        doc.add("type", "Passport" if tag == "Passport" else (info or "National identifier"))
        doc.add("summary", info)
        for target, pattern in (("startDate", _ISSUED_ON), ("endDate", _EXPIRES)):
            found = pattern.search(info or "")
            for date in parse_dates(found[1].replace(".", "")) if found else []:
                doc.add(target, date, original=found[1] if found else None)
        documents.append(doc)
    return documents


def _add_entity_details(entity: EntityBuilder, elem: Element) -> None:
    for details in find_all(elem, "EntityDetails/Entity"):
        entity.add_many("legalForm", path_texts(details, "TypeOfEntities/TypeOfEntity"))
        numbers = path_texts(details, "BusinessRegistrationNumbers/BusinessRegistrationNumber")
        entity.add_many("registrationNumber", numbers)
        for parent in path_texts(details, "ParentCompanies/ParentCompany"):
            entity.add("notes", f"Parent company: {parent}")
        for sub in path_texts(details, "Subsidiaries/Subsidiary"):
            entity.add("notes", f"Subsidiary: {sub}")


def _add_ship(entity: EntityBuilder, elem: Element) -> None:
    for ship in find_all(elem, "ShipDetails/Ship"):
        entity.add_many("imoNumber", path_texts(ship, "IMONumbers/IMONumber"))
        entity.add_many(
            "flag", path_texts(ship, "CurrentBelievedFlagOfShips/CurrentBelievedFlagOfShip")
        )
        entity.add_many("pastFlags", path_texts(ship, "PreviousFlags/PreviousFlag"))
        entity.add_many("type", path_texts(ship, "TypeOfShipDetails/TypeOfShip"))
        entity.add_many("tonnage", path_texts(ship, "TonnageOfShipDetails/TonnageOfShip"))
        for length in path_texts(ship, "LengthOfShipDetails/LengthOfShip"):
            entity.add("notes", f"Length of ship: {length}")  # followthemoney has no length
        entity.add_many("buildDate", path_texts(ship, "YearsBuilt/YearBuilt"))
        for owner in path_texts(ship, "CurrentOwnerOperators/CurrentOwnerOperator"):
            entity.add("notes", f"Current owner/operator: {owner}")


def _sanction(elem: Element, entity: EntityBuilder) -> EntityBuilder:
    sanction = EntityBuilder(derived_id(entity.id, "sanction"), "Sanction", entity.provenance)
    sanction.add("entity", entity.id)
    sanction.add("authority", AUTHORITY)
    sanction.add("authorityId", child_text(elem, "UniqueID"))
    sanction.add("recordId", child_text(elem, "OFSIGroupID"))
    sanction.add("unscId", child_text(elem, "UNReferenceNumber"))
    sanction.add("program", child_text(elem, "RegimeName"))
    measures = child_text(elem, "SanctionsImposed") or ""
    sanction.add_many("provisions", [m.strip() for m in measures.split("|")])
    sanction.add("reason", child_text(elem, "UKStatementofReasons"))
    if source := child_text(elem, "DesignationSource"):
        sanction.add("description", f"Designation source: {source}")
    for tag, prop in (("DateDesignated", "listingDate"), ("LastUpdated", "modifiedAt")):
        raw = child_text(elem, tag)
        sanction.add(prop, uk_date(raw) or raw, original=raw)
    sanction.add("startDate", uk_date(child_text(elem, "DateDesignated")))
    return sanction
