"""Decoding SDN_ADVANCED.XML's numeric references back into text.

The advanced file names a feature type, a country or an address part by an id
(``FeatureTypeID="8"``) that means nothing without its ``ReferenceValueSets`` and
``Locations``, attaches identity documents (``IDRegDocuments``) to a party by id,
and writes dates as Year/Month/Day parts and periods. Decoding all that is the
first job of reading the file, apart from mapping a party to statements
(``ofac_advanced``): once decoded, the parser speaks the same labels as the
SDN.XML, enhanced and CSV parsers. Only the advanced file needs this: the enhanced
XML writes the text of every referenced value next to its id.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import Element

from moneytrail.errors import InvalidInput
from moneytrail.sources.ofac_party import join_parts
from moneytrail.sources.xmlsafe import attr, child, child_text, children, find_all, local_name


@dataclass(frozen=True, slots=True)
class Place:
    """A ``Location``: its address as one line, and its country as OFAC names it."""

    full: str | None
    country: str | None


@dataclass(frozen=True, slots=True)
class IdDocument:
    """An ``IDRegDocument``, decoded, kept until the identity it belongs to is read."""

    label: str
    number: str
    country: str | None
    issued: str | None
    expires: str | None


@dataclass(slots=True)
class RefTables:
    """``ReferenceValueSets`` by table and id, ``Locations`` and ``IDRegDocuments`` by id.

    The advanced file names everything by number (``FeatureTypeID="8"``); the text of
    the referenced value ("Birthdate") is the vocabulary the rest of the parser uses,
    so ids that differ between list versions never matter. ``line`` gives the line of
    an element still being read, for the error naming an unknown id.
    """

    path: Path
    line: Callable[[Element], int | None]
    values: dict[str, dict[str, Element]] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)
    documents: dict[str, list[IdDocument]] = field(default_factory=dict)

    def require(self, table: str, elem: Element, attribute: str, line: int) -> str:
        """The text of the value ``elem`` references; InvalidInput if the id is not in ``table``."""
        ref_id = attr(elem, attribute)
        value = self.text(table, ref_id)
        if value is None:
            raise InvalidInput(
                f"{attribute} {ref_id!r} is not in {table}Values",
                file=str(self.path),
                line=self.line(elem) or line,
                field=attribute,
            )
        return value

    def read_sets(self, sets: Element) -> None:
        for table in children(sets):
            for value in children(table):
                ref_id = attr(value, "ID")
                if ref_id is not None:
                    self.values.setdefault(local_name(value.tag), {})[ref_id] = value

    def element(self, table: str, ref_id: str | None) -> Element | None:
        return self.values.get(table, {}).get(ref_id or "")

    def text(self, table: str, ref_id: str | None) -> str | None:
        elem = self.element(table, ref_id)
        return None if elem is None else (elem.text or "").strip() or None

    def country(self, ref_id: str | None) -> str | None:
        """A country's name, or its ISO code where the name is missing."""
        elem = self.element("Country", ref_id)
        if elem is None:
            return None
        return (elem.text or "").strip() or attr(elem, "ISO2")

    def read_location(self, loc: Element) -> None:
        parts: dict[str, str] = {}
        for part in children(loc, "LocationPart"):
            kind = self.text("LocPartType", attr(part, "LocPartTypeID")) or "Unknown"
            value = child_text(child(part, "LocationPartValue"), "Value")
            if value:
                parts[kind.upper()] = value
        countries = [self.country(attr(c, "CountryID")) for c in children(loc, "LocationCountry")]
        country = next((c for c in countries if c), None)
        order = ("ADDRESS1", "ADDRESS2", "ADDRESS3", "CITY", "STATE/PROVINCE", "POSTAL CODE")
        lines = [parts.pop(k, None) for k in order]
        lines.extend(parts.values())  # REGION, Unknown and any part OFAC adds later
        full = join_parts(*lines, country, sep=", ")
        loc_id = attr(loc, "ID")
        if loc_id is not None:
            self.places[loc_id] = Place(full=full, country=country)

    def read_document(self, elem: Element, line: int) -> None:
        """An ``IDRegDocument``, filed under the ``IdentityID`` that will claim it."""
        number = child_text(elem, "IDRegistrationNo")
        identity = attr(elem, "IdentityID")
        if number is None or identity is None:
            return
        dates: dict[str, str | None] = {}
        for date in children(elem, "DocumentDate"):
            kind = self.require("IDRegDocDateType", date, "IDRegDocDateTypeID", line)
            period = child(date, "DatePeriod")
            dates[kind] = None if period is None else period_text(period)
        self.documents.setdefault(identity, []).append(
            IdDocument(
                label=self.require("IDRegDocType", elem, "IDRegDocTypeID", line),
                number=number,
                country=self.country(attr(elem, "IssuedBy-CountryID")),
                issued=dates.get("Issue Date"),
                expires=dates.get("Expiration Date"),
            )
        )


def ymd(elem: Element | None) -> str | None:
    """A ``<Year/><Month/><Day/>`` element -> ISO prefix as precise as it is."""
    year = child_text(elem, "Year")
    if year is None:
        return None
    month, day = child_text(elem, "Month"), child_text(elem, "Day")
    text = f"{int(year):04d}"
    if month:
        text += f"-{int(month):02d}"
        if day:
            text += f"-{int(day):02d}"
    return text


def period_text(period: Element) -> str | None:
    """A ``DatePeriod`` as an expression ``parse_dates`` reads ("1955-03-21", "A to B").

    OFAC writes an exact date as a period whose start and end are the same day, and
    "circa 1960" as 1960-01-01 to 1960-12-31; both then read as what they mean.
    """
    start = next(find_all(period, "Start/From"), None)
    end = next(find_all(period, "End/To"), None)
    first, last = ymd(start), ymd(end)
    if first is None or last is None or first == last:
        return first or last
    return f"{first} to {last}"
