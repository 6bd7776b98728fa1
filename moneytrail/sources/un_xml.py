"""UN Security Council Consolidated List, in the UN's own XML (``sc-sanctions.xsd``).

Every UN member state must implement these measures, so this list is the common
core of national lists; its ``REFERENCE_NUMBER`` (``QDi.001``) is quoted by the EU,
UK and OFAC lists, which lets their entries be tied back to the UN designation.

The file carries one ``INDIVIDUAL`` or ``ENTITY`` element per designation. Each
becomes a Person or Organization (id ``unsc-<DATAID>``, stable across versions)
plus a Sanction entity for the listing. What the UN marks as a low-quality alias
becomes a ``weakAlias`` (screen it, but do not alert on it alone); an "f.k.a." name
becomes ``previousName``. Dates of birth that the UN gives as approximate or as a
range become every year they cover, with the UN's words kept as the original value.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import ClassVar
from xml.etree.ElementTree import Element

from moneytrail.errors import InvalidInput
from moneytrail.model import EntityBuilder, Provenance, Statement
from moneytrail.model.ids import UN_SC, derived_id, unsc_id
from moneytrail.sources.base import ParsedList, Progress, SourceFile, no_progress
from moneytrail.sources.dates import parse_dates
from moneytrail.sources.xml_base import XmlFormat, XmlListSource, file_date_wins
from moneytrail.sources.xmlsafe import (
    XmlDocument,
    child_text,
    child_texts,
    children,
    element_ref,
    local_name,
)

NAME = "un-xml-v1"
TITLE = "UN Security Council Consolidated List"
PUBLISHER = "United Nations Security Council"
AUTHORITY = "United Nations Security Council"
ROOT = "CONSOLIDATED_LIST"
FORMAT = XmlFormat(ROOT, b"<CONSOLIDATED_LIST", "UN consolidated XML", suffix=None, folders=True)
SCHEMAS = {"INDIVIDUAL": "Person", "ENTITY": "Organization"}
NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
# QUALITY: individuals say Good/Low, entities a.k.a./f.k.a.; blank means plain alias.
ALIAS_PROPS = {
    "good": "alias",
    "a.k.a.": "alias",
    "": "alias",
    "low": "weakAlias",
    "f.k.a.": "previousName",
}
GENDER_NOTE = re.compile(r"^\s*Gender:\s*(male|female)\b", re.IGNORECASE)
PASSPORT_WORDS = ("passport", "pasaporte", "passeport")

# Scripts written for one language only; the rest need the nationality as evidence.
SCRIPT_LANGS = {"HANGUL": "kor", "GREEK": "ell", "HEBREW": "heb", "GEORGIAN": "kat"}
SCRIPT_LANGS |= {"ARMENIAN": "hye", "THAI": "tha", "HIRAGANA": "jpn", "KATAKANA": "jpn"}
ARABIC_SPEAKING = frozenset(
    [
        "ae",
        "bh",
        "dz",
        "eg",
        "iq",
        "jo",
        "kw",
        "lb",
        "ly",
        "ma",
        "mr",
        "om",
        "ps",
        "qa",
        "sa",
        "sd",
        "so",
        "sy",
        "tn",
        "ye",
    ]
)
CYRILLIC_LANGS = {"ru": "rus", "ua": "ukr", "by": "bel", "bg": "bul", "rs": "srp", "mk": "mkd"}


class UnConsolidatedXml(XmlListSource):
    """The UN Security Council Consolidated List as published in XML.

    Reads ``CONSOLIDATED_LIST`` files (the UN's ``consolidated.xml``). The list
    version is the file's ``dateGenerated`` date. Entries: ``INDIVIDUAL`` -> Person,
    ``ENTITY`` -> Organization, each with a Sanction (``<id>-sanction``) holding the
    regime (``UN_LIST_TYPE``), the UN reference number and the listing date.
    """

    NAME: ClassVar[str] = NAME
    FORMAT: ClassVar[XmlFormat] = FORMAT
    TITLE: ClassVar[str] = TITLE

    def parse(
        self, path: Path, *, version: str | None = None, progress: Progress = no_progress
    ) -> ParsedList:
        """Parse a UN XML file, or a folder holding exactly one (the bundled layout)."""
        with FORMAT.opened(path) as path:
            doc = FORMAT.read(path)
            notes: list[str] = []
            list_version = _version(doc, version, notes)
            records = [rec for group in children(doc.root) for rec in children(group, *SCHEMAS)]
            statements: list[Statement] = []
            seen: dict[str, int | None] = {}
            for done, elem in enumerate(records, start=1):
                entity_id, record = _parse_record(doc, elem, list_version)
                if entity_id in seen:
                    raise InvalidInput(
                        f"DATAID repeats the record at line {seen[entity_id]}: expected unique ids",
                        file=str(path),
                        line=doc.line(elem),
                        field="DATAID",
                    )
                seen[entity_id] = doc.line(elem)
                statements.extend(record)
                progress(done, len(records))
            return ParsedList(
                dataset=UN_SC,
                title=TITLE,
                publisher=PUBLISHER,
                version=list_version,
                source_format=NAME,
                files=[SourceFile.of(path, "consolidated", list_version)],
                statements=statements,
                notes=notes,
            )


def _version(doc: XmlDocument, given: str | None, notes: list[str]) -> str:
    """The file's own ``dateGenerated`` date wins over a version given by the caller.

    A caller's version is only a fallback for a file that does not say: passing
    off a file as another date would break the "as of" of every fact in it.
    """
    generated = (doc.root.get("dateGenerated") or "").strip()
    dates = parse_dates(generated[:10])
    found = dates[0] if len(dates) == 1 and len(dates[0]) == 10 else None
    version = file_date_wins(found, given, notes)
    if version is not None:
        return version
    raise InvalidInput(
        f"expected a dateGenerated date on <{ROOT}>, found {generated!r}",
        file=str(doc.path),
        line=doc.line(doc.root),
        field="dateGenerated",
    )


def _parse_record(doc: XmlDocument, elem: Element, version: str) -> tuple[str, list[Statement]]:
    """One INDIVIDUAL or ENTITY -> its entity's statements and its Sanction's."""
    kind = local_name(elem.tag)
    line = doc.line(elem)
    dataid = child_text(elem, "DATAID")
    if dataid is None:
        raise InvalidInput(
            f"{kind} without a DATAID: expected the UN record id",
            file=str(doc.path),
            line=line,
            field="DATAID",
        )
    entity_id = unsc_id(dataid)
    ref = element_ref(doc.path.name, kind, "DATAID", dataid, line)
    prov = Provenance(dataset=UN_SC, list_version=version, source_record=ref)
    entity = EntityBuilder(entity_id, SCHEMAS[kind], prov)
    _add_names(entity, elem, kind)
    _add_aliases(entity, elem)
    if kind == "INDIVIDUAL":
        _add_person_facts(entity, elem)
    _add_original_script(entity, elem)
    _add_addresses(entity, elem)
    program = child_text(elem, "UN_LIST_TYPE")
    reference = child_text(elem, "REFERENCE_NUMBER")
    entity.add("program", program)
    entity.add("programId", reference)
    entity.add("notes", child_text(elem, "COMMENTS1"))
    entity.add("topics", "sanction")
    sanction = _sanction(elem, entity_id, prov, program, reference)
    return entity_id, entity.statements() + sanction.statements()


def _add_names(entity: EntityBuilder, elem: Element, kind: str) -> None:
    """The UN splits names into up to four parts without saying which is the family name.

    So the joined name is the name, FIRST_NAME and SECOND_NAME keep their UN roles
    (``firstName``, ``secondName``), and no ``lastName`` is guessed.
    """
    parts = [p for p in (child_text(elem, tag) for tag in NAME_PARTS) if p]
    entity.add("name", " ".join(parts) if parts else None)
    if kind == "INDIVIDUAL" and len(parts) > 1:
        entity.add("firstName", child_text(elem, "FIRST_NAME"))
        entity.add("secondName", child_text(elem, "SECOND_NAME"))


def _add_aliases(entity: EntityBuilder, elem: Element) -> None:
    for alias in children(elem, "INDIVIDUAL_ALIAS", "ENTITY_ALIAS"):
        name = child_text(alias, "ALIAS_NAME")
        if name is None:
            continue
        quality = (child_text(alias, "QUALITY") or "").lower()
        prop = ALIAS_PROPS.get(quality, "alias")
        entity.add(prop, name)
        if note := child_text(alias, "NOTE"):
            entity.add("notes", f"Alias {name}: {note}")
        if entity.schema.is_a("Person"):
            _add_alias_birth(entity, alias, name)


def _add_alias_birth(entity: EntityBuilder, alias: Element, name: str) -> None:
    """Birth details given under an alias are still this person's, as used on documents."""
    if when := child_text(alias, "DATE_OF_BIRTH"):
        for value in parse_dates(when) or [when]:
            entity.add("birthDate", value, original=f"{when} (as {name})")
    city, country = child_text(alias, "CITY_OF_BIRTH"), child_text(alias, "COUNTRY_OF_BIRTH")
    place = ", ".join(p for p in (city, country) if p)
    entity.add("birthPlace", place or None, original=f"{place} (as {name})" if place else None)
    entity.add("birthCountry", country)


def _add_person_facts(entity: EntityBuilder, elem: Element) -> None:
    for value in _values(elem, "NATIONALITY"):
        entity.add("nationality", value)
    for value in _values(elem, "TITLE"):
        entity.add("title", value)
    for value in _values(elem, "DESIGNATION"):
        entity.add("position", value)
    entity.add("gender", child_text(elem, "GENDER"))
    # Many records state the gender only in the comments ("Gender: Male. ...").
    if said := GENDER_NOTE.match(child_text(elem, "COMMENTS1") or ""):
        entity.add("gender", said[1], original=said[0])
    for dob in children(elem, "INDIVIDUAL_DATE_OF_BIRTH"):
        _add_birth_date(entity, dob)
    for pob in children(elem, "INDIVIDUAL_PLACE_OF_BIRTH"):
        place = _join(pob, ("STREET", "CITY", "STATE_PROVINCE", "COUNTRY"))
        entity.add("birthPlace", place)
        entity.add("birthCountry", child_text(pob, "COUNTRY"))
        if (note := child_text(pob, "NOTE")) and place:
            entity.add("notes", f"Place of birth {place}: {note}")
    for document in children(elem, "INDIVIDUAL_DOCUMENT"):
        _add_document(entity, document)


def _birth_values(kind: str, dob: Element) -> tuple[list[str], str]:
    """The ISO dates one INDIVIDUAL_DATE_OF_BIRTH stands for, and the UN's own words."""
    exact = child_text(dob, "DATE") or child_text(dob, "YEAR")
    note = child_text(dob, "NOTE")
    if kind == "BETWEEN":
        start, end = child_text(dob, "FROM_YEAR"), child_text(dob, "TO_YEAR")
        words = f"BETWEEN {start} AND {end}"
        values = parse_dates(f"{start} to {end}") if start and end else []
    elif kind == "APPROXIMATELY":
        words = f"APPROXIMATELY {exact or ''}".strip()
        values = parse_dates(f"circa {exact}") if exact else []
    else:
        words = exact or ""
        values = parse_dates(exact) if exact else []
        # A month in the note refines a bare YEAR ("Sep." + 1958); a note alone may be
        # the whole date ("Nov. 1973").
        if note and (not exact or len(exact) == 4):
            refined = parse_dates(f"{note} {exact}" if exact else note)
            values = refined if len(refined) == 1 else values
    if note:
        words = f"{words} ({note})" if words else note
    return values, words


def _add_birth_date(entity: EntityBuilder, dob: Element) -> None:
    kind = (child_text(dob, "TYPE_OF_DATE") or "EXACT").upper()
    values, words = _birth_values(kind, dob)
    if not words:
        return
    if not values:
        entity.add("notes", f"Date of birth: {words}")
    for value in values:
        entity.add("birthDate", value, original=words if words != value else None)


def _add_document(entity: EntityBuilder, document: Element) -> None:
    """Passports -> passportNumber, anything else -> idNumber; the context goes in original."""
    number = child_text(document, "NUMBER")
    kind = _join(document, ("TYPE_OF_DOCUMENT", "TYPE_OF_DOCUMENT2"), " / ") or ""
    country = child_text(document, "ISSUING_COUNTRY") or child_text(document, "COUNTRY_OF_ISSUE")
    details = [
        f"issued by {country}" if country else None,
        f"issued in {city}" if (city := child_text(document, "CITY_OF_ISSUE")) else None,
        f"issued on {issued}" if (issued := child_text(document, "DATE_OF_ISSUE")) else None,
        child_text(document, "NOTE"),
    ]
    context = "; ".join(d for d in details if d)
    words = " ".join(w for w in (kind, number) if w) + (f" ({context})" if context else "")
    if number is None:
        if words:
            entity.add("notes", f"Document: {words}")
        return
    is_passport = any(w in kind.lower() for w in PASSPORT_WORDS)
    entity.add("passportNumber" if is_passport else "idNumber", number, original=words)


def _add_original_script(entity: EntityBuilder, elem: Element) -> None:
    name = child_text(elem, "NAME_ORIGINAL_SCRIPT")
    if name is None:
        return
    lang = script_lang(name, entity.values("nationality"))
    entity.add("alias", name, lang=lang)


def script_lang(name: str, countries: Iterable[str]) -> str | None:
    """The ISO 639-3 language of a name, only where its script and nationality show it.

    Arabic script also writes Persian, Pashto and Urdu, and Cyrillic a dozen languages,
    so for those the nationality must confirm it; otherwise the language stays unknown
    rather than guessed.
    """
    scripts = {unicodedata.name(ch, "?").split(" ")[0] for ch in name if ch.isalpha()}
    scripts.discard("LATIN")
    if scripts & {"HIRAGANA", "KATAKANA"}:
        return "jpn"
    if len(scripts) != 1:
        return None
    script = scripts.pop()
    codes = set(countries)
    if script == "CJK":
        return "zho" if codes & {"cn", "tw", "hk", "mo", "sg"} else None
    if script in SCRIPT_LANGS:
        return SCRIPT_LANGS[script]
    if script == "ARABIC":
        if codes & ARABIC_SPEAKING:
            return "ara"
        return "fas" if codes == {"ir"} else None
    if script == "CYRILLIC":
        langs = {CYRILLIC_LANGS[c] for c in codes if c in CYRILLIC_LANGS}
        return langs.pop() if len(langs) == 1 else None
    return None


def _add_addresses(entity: EntityBuilder, elem: Element) -> None:
    """A country alone says where, not an address, so it only sets ``country``."""
    for address in children(elem, "INDIVIDUAL_ADDRESS", "ENTITY_ADDRESS"):
        country = child_text(address, "COUNTRY")
        entity.add("country", country)
        street = _join(address, ("STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE"))
        if street is None:
            continue
        full = ", ".join(p for p in (street, country) if p)
        note = child_text(address, "NOTE")
        entity.add("address", full, original=f"{full} ({note})" if note else None)


def _sanction(
    elem: Element, entity_id: str, prov: Provenance, program: str | None, reference: str | None
) -> EntityBuilder:
    sanction = EntityBuilder(derived_id(entity_id, "sanction"), "Sanction", prov)
    sanction.add("entity", entity_id)
    sanction.add("authority", AUTHORITY)
    sanction.add("program", program)
    sanction.add("programId", reference)
    sanction.add("unscId", reference)
    listed = child_text(elem, "LISTED_ON")
    sanction.add("listingDate", listed)
    sanction.add("startDate", listed)
    updates = sorted(_values(elem, "LAST_DAY_UPDATED"))
    sanction.add("modifiedAt", updates[-1] if updates else None)
    sanction.add("recordId", child_text(elem, "DATAID"))
    return sanction


def _values(elem: Element, tag: str) -> list[str]:
    """The ``VALUE`` children of every ``tag`` child: ``<NATIONALITY><VALUE>..``."""
    return [v for group in children(elem, tag) for v in child_texts(group, "VALUE")]


def _join(elem: Element, tags: tuple[str, ...], sep: str = ", ") -> str | None:
    parts = [p for p in (child_text(elem, t) for t in tags) if p]
    return sep.join(parts) if parts else None
