"""EU Financial Sanctions Files (FSF): the consolidated list of EU financial sanctions.

The European Commission publishes one XML export (root ``export``, namespace
``http://eu.europa.ec/fpi/fsd/export``) covering every EU regime, including the
UN designations the EU implements (``unitedNationId`` links them back to the UN).
Almost everything sits in attributes; each ``sanctionEntity`` becomes a Person or
Organization with id ``eu-fsf-<euReferenceNumber>`` and one Sanction.

The EU marks each name ``strong`` or not: weak names (short nicknames, partial
names) become ``weakAlias`` so they are screened but never alert on their own.
Names come in many EU languages; ``nameLanguage`` travels with each name so that
transliteration knows what script rules to apply. The caption (``name``) is chosen by a
rule that ignores file order (``primary_rank``: a name in the regulation's language,
else one with no language, else English; then the lowest ``logicalId``), so a
re-export that reorders names changes no caption and no ``lists diff``.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar
from xml.etree.ElementTree import Element

from rigour.langs import iso_639_alpha3

from moneytrail.errors import InvalidInput
from moneytrail.model import EntityBuilder, Provenance, Statement
from moneytrail.model.ids import EU_FSF, derived_id, eu_id
from moneytrail.sources.base import Entries, ParsedList, Progress, SourceFile, no_progress
from moneytrail.sources.dates import parse_dates
from moneytrail.sources.xml_base import XmlFormat, XmlListSource, file_date_wins
from moneytrail.sources.xmlsafe import XmlStream, attr, child_text, children, element_ref

NAME = "eu-fsf-xml-v1"
TITLE = "EU Financial Sanctions Files (consolidated)"
PUBLISHER = "European Commission (DG FISMA)"
AUTHORITY = "European Union"
ROOT = "export"
RECORD = "sanctionEntity"
FORMAT = XmlFormat(ROOT, b"fpi/fsd/export", "EU FSF XML", suffix=None, folders=True)
SCHEMAS = {"person": "Person", "enterprise": "Organization"}
UNKNOWN_COUNTRY = {"00", "UNKNOWN"}
# identificationTypeCode -> property; anything else is an idNumber.
ID_PROPS = {
    "passport": "passportNumber",
    "regnumber": "registrationNumber",
    "fiscalcode": "taxNumber",
    "tin": "taxNumber",
    "swiftbic": "swiftBic",
    "ssn": "socialSecurityNumber",
}
CONTACT_PROPS = {"phone": "phone", "fax": "phone", "email": "email", "web": "website"}
LOW_QUALITY = ("low quality", "lo quality")
# What the EU writes in a field it does not know: "-" in a city would become "-, PAKISTAN".
PLACEHOLDERS = frozenset({"", "-", "--", "?", "n/a", "na", "unknown", "00"})


class EuFinancialSanctionsXml(XmlListSource):
    """The EU consolidated financial sanctions list (FSF XML export, version 1.1).

    Reads the ``xmlFullSanctionsList_1_1`` export. The list version is the root's
    ``generationDate``. ``subjectType`` ``person`` -> Person, ``enterprise`` ->
    Organization; every entry gets a Sanction with its programmes, regulations and
    the UN reference where the EU implements a UN listing.
    """

    NAME: ClassVar[str] = NAME
    FORMAT: ClassVar[XmlFormat] = FORMAT
    TITLE: ClassVar[str] = TITLE

    def parse(
        self, path: Path, *, version: str | None = None, progress: Progress = no_progress
    ) -> ParsedList:
        """Parse an FSF export, or a folder holding exactly one."""
        with FORMAT.opened(path) as path:
            stream = FORMAT.stream(path, {RECORD})
            notes: list[str] = []
            entries = Entries(path, "euReferenceNumber", progress)
            list_version = ""
            for elem, line in stream:
                list_version = list_version or _version(path, stream, version, notes)
                entity_id, record = _parse_entry(path, stream, elem, line, list_version)
                entries.add(entity_id, line, record)
            list_version = list_version or _version(path, stream, version, notes)
            return ParsedList(
                dataset=EU_FSF,
                title=TITLE,
                publisher=PUBLISHER,
                version=list_version,
                source_format=NAME,
                files=[SourceFile.of(path, "fsf-xml", list_version)],
                statements=entries.statements,
                notes=notes,
            )


def _version(path: Path, stream: XmlStream, given: str | None, notes: list[str]) -> str:
    """The file's ``generationDate`` wins; a given version only fills in when it is absent."""
    root = stream.root
    generated = attr(root, "generationDate") or ""
    dates = parse_dates(generated[:10])
    found = dates[0] if len(dates) == 1 and len(dates[0]) == 10 else None
    version = file_date_wins(found, given, notes)
    if version is not None:
        return version
    raise InvalidInput(
        f"expected a generationDate on <{ROOT}>, found {generated!r}",
        file=str(path),
        line=stream.line(root),
        field="generationDate",
    )


def _parse_entry(
    path: Path, stream: XmlStream, elem: Element, line: int, version: str
) -> tuple[str, list[Statement]]:
    reference = attr(elem, "euReferenceNumber")
    logical = attr(elem, "logicalId")
    if reference is None and logical is None:
        raise InvalidInput(
            "sanctionEntity without euReferenceNumber or logicalId: expected an id",
            file=str(path),
            line=line,
            field="euReferenceNumber",
        )
    entity_id = eu_id(reference, logical)
    key, value = ("euReferenceNumber", reference) if reference else ("logicalId", logical or "")
    prov = Provenance(EU_FSF, version, element_ref(path.name, RECORD, key, value, line))
    code = (attr(next(children(elem, "subjectType"), None), "code") or "").lower()
    entity = EntityBuilder(entity_id, SCHEMAS.get(code, "LegalEntity"), prov)
    _add_names(entity, elem)
    for node in children(elem, "citizenship"):
        entity.add("nationality", _country(node), original=attr(node, "countryDescription"))
    for node in children(elem, "birthdate"):
        _add_birth(entity, node)
    documents = [_add_identification(entity, node) for node in children(elem, "identification")]
    for node in children(elem, "address"):
        _add_address(entity, node)
    for remark in children(elem, "remark"):
        entity.add("notes", remark.text)
    programmes = [p for r in children(elem, "regulation") if (p := attr(r, "programme"))]
    entity.add_many("program", programmes)
    entity.add("topics", "sanction")
    sanction = _sanction(elem, entity_id, prov, programmes)
    side = [st for doc in documents if doc is not None for st in doc]
    return entity_id, entity.statements() + sanction.statements() + side


def primary_rank(alias: Element) -> tuple[int, int, str]:
    """Sort key of a strong name for the caption; the lowest is the entry's ``name``.

    The EU lists an entry's names in no fixed order (a re-export may reorder them), and
    the first one is often a nickname ("Abou Ali" before "Saddam Hussein Al-Tikriti").
    The rule, which depends on nothing but the name itself so the caption is stable:
    first a name in the entry's ``regulationLanguage``, then one with no
    ``nameLanguage`` (written as the act writes it), then English, then any other;
    among those, the lowest ``logicalId`` (the EU numbers names as it records them,
    so the designated name comes before aliases added by later amendments); then
    the name's text.
    """
    lang = (attr(alias, "nameLanguage") or "").lower()
    regulation = (attr(alias, "regulationLanguage") or "").lower()
    ranks = {"": 1, "en": 2} | ({regulation: 0} if regulation else {})
    rank = ranks.get(lang, 3)
    logical = attr(alias, "logicalId") or ""
    return rank, int(logical) if logical.isdigit() else 1 << 62, _whole_name(alias) or ""


def _whole_name(alias: Element) -> str | None:
    parts = [attr(alias, a) for a in ("firstName", "middleName", "lastName")]
    return attr(alias, "wholeName") or " ".join(p for p in parts if p) or None


def _is_strong(alias: Element) -> bool:
    remark = (child_text(alias, "remark") or "").lower()
    return attr(alias, "strong") != "false" and not any(w in remark for w in LOW_QUALITY)


def _add_names(entity: EntityBuilder, elem: Element) -> None:
    """One strong name is the ``name`` (see ``primary_rank``); other strong names are
    aliases, weak ones weak aliases."""
    aliases = list(children(elem, "nameAlias"))
    strong = [a for a in aliases if _is_strong(a) and _whole_name(a)]
    primary = min(strong, key=primary_rank) if strong else None
    for alias in aliases:
        parts = [attr(alias, a) for a in ("firstName", "middleName", "lastName")]
        code = attr(alias, "nameLanguage")
        lang = iso_639_alpha3(code.lower()) if code else None
        is_strong = _is_strong(alias)
        prop = "weakAlias" if not is_strong else ("name" if alias is primary else "alias")
        entity.add(prop, _whole_name(alias), lang=lang)
        if is_strong and entity.schema.is_a("Person"):
            for part, value in zip(("firstName", "middleName", "lastName"), parts, strict=True):
                entity.add(part, value, lang=lang)
        _add_name_details(entity, alias, lang)


def _add_name_details(entity: EntityBuilder, alias: Element, lang: str | None) -> None:
    remark = child_text(alias, "remark")
    if remark and "quality" not in remark.lower():
        entity.add("notes", f"{attr(alias, 'wholeName') or 'Name'}: {remark}")
    entity.add("title", attr(alias, "title"), lang=lang)
    function = attr(alias, "function")
    if entity.schema.is_a("Person"):
        entity.add("position", function, lang=lang)
        entity.add("gender", attr(alias, "gender"))
    else:
        entity.add("notes", function, lang=lang)


def _real(value: str | None) -> str | None:
    """``value`` unless it is a placeholder the EU writes for "unknown" (city="-")."""
    if value is None or value.strip().lower() in PLACEHOLDERS:
        return None
    return value


def _country(node: Element) -> str | None:
    """ISO code first; the EU writes ``00`` / ``UNKNOWN`` when it does not know."""
    for name in ("countryIso2Code", "countryDescription"):
        value = attr(node, name)
        if value and value.upper() not in UNKNOWN_COUNTRY:
            return value
    return None


def _add_birth(entity: EntityBuilder, node: Element) -> None:
    """A full date, or the year (and month) the EU knows; ``circa`` stays in the original."""
    value = attr(node, "birthdate")
    year, month, day = (attr(node, n) for n in ("year", "monthOfYear", "dayOfMonth"))
    if value is None and year:
        value = year
        if month:
            value += f"-{month.zfill(2)}" + (f"-{day.zfill(2)}" if day else "")
    circa = attr(node, "circa") == "true"
    if value:
        entity.add("birthDate", value, original=f"circa {value}" if circa else None)
    place = [_real(attr(node, n)) for n in ("city", "place", "region")]
    country = _country(node)
    words = [p for p in place if p]
    if words:
        description = attr(node, "countryDescription")
        if description and description.upper() not in UNKNOWN_COUNTRY:
            words.append(description)
        entity.add("birthPlace", ", ".join(words))
    entity.add("birthCountry" if entity.schema.is_a("Person") else "country", country)


def _add_identification(entity: EntityBuilder, node: Element) -> EntityBuilder | None:
    """The number as a property of the entity, and a Passport/Identification document that
    keeps its type, issuing country and issue date (the country is the issuer's, not the
    entity's, so it cannot go on the entity)."""
    code = (attr(node, "identificationTypeCode") or "").lower()
    prop = ID_PROPS.get(code, "idNumber")
    if entity.schema.get(prop) is None:
        prop = "idNumber"
    number = attr(node, "number") or attr(node, "latinNumber")
    flags = [f for f in ("diplomatic", "knownExpired", "knownFalse") if attr(node, f) == "true"]
    details = [
        f"issued by {c}" if (c := attr(node, "countryDescription") or _country(node)) else None,
        attr(node, "issuedBy"),
        f"issued on {d}" if (d := attr(node, "issueDate")) else None,
        ", ".join(flags) or None,
        *(r.text for r in children(node, "remark")),
    ]
    context = "; ".join(d.strip() for d in details if d and d.strip() and d != "UNKNOWN")
    kind = attr(node, "identificationTypeDescription") or code
    words = f"{kind} {number or ''}".strip() + (f" ({context})" if context else "")
    if number is None:
        entity.add("notes", f"Identification: {words}")
        return None
    entity.add(prop, number, original=words)
    if (latin := attr(node, "latinNumber")) and latin != number:
        entity.add(prop, latin, original=words)
    return _document(entity, node, number, kind, prop)


def _document(
    entity: EntityBuilder, node: Element, number: str, kind: str, prop: str
) -> EntityBuilder | None:
    if not entity.schema.is_a("LegalEntity"):
        return None
    schema = "Passport" if prop == "passportNumber" else "Identification"
    doc = EntityBuilder(derived_id(entity.id, schema.lower(), number), schema, entity.provenance)
    doc.add("holder", entity.id)
    doc.add("number", number)
    doc.add("type", kind)
    doc.add("country", _country(node), original=attr(node, "countryDescription"))
    doc.add("authority", _real(attr(node, "issuedBy")))
    doc.add("startDate", attr(node, "issueDate"))
    return doc


def _add_address(entity: EntityBuilder, node: Element) -> None:
    country = _country(node)
    entity.add("country", country)
    pobox = attr(node, "poBox")
    city = " ".join(p for p in (_real(attr(node, "zipCode")), _real(attr(node, "city"))) if p)
    parts = [_real(attr(node, "street")), f"PO Box {pobox}" if pobox else None, city or None]
    parts += [_real(attr(node, "place")), _real(attr(node, "region"))]
    if any(parts):
        description = attr(node, "countryDescription")
        if description and description.upper() not in UNKNOWN_COUNTRY:
            parts.append(description)
        entity.add("address", ", ".join(p for p in parts if p))
    for contact in children(node, "contactInfo"):
        prop = CONTACT_PROPS.get((attr(contact, "key") or "").lower())
        if prop and entity.schema.get(prop) is not None:
            for value in (attr(contact, "value") or "").replace(";", ",").split(","):
                entity.add(prop, value)
    for remark in children(node, "remark"):
        entity.add("notes", remark.text)


def _sanction(
    elem: Element, entity_id: str, prov: Provenance, programmes: list[str]
) -> EntityBuilder:
    """One Sanction per entry: the regulations are the original act and its amendments."""
    sanction = EntityBuilder(derived_id(entity_id, "sanction"), "Sanction", prov)
    sanction.add("entity", entity_id)
    sanction.add("authority", AUTHORITY)
    sanction.add_many("program", programmes)
    sanction.add("authorityId", attr(elem, "euReferenceNumber"))
    sanction.add("unscId", attr(elem, "unitedNationId"))
    sanction.add("recordId", attr(elem, "logicalId"))
    sanction.add("reason", attr(elem, "designationDetails"))
    regulations = list(children(elem, "regulation"))
    published = sorted(d for r in regulations if (d := attr(r, "publicationDate")))
    in_force = sorted(d for r in regulations if (d := attr(r, "entryIntoForceDate")))
    starts = [d for d in (attr(elem, "designationDate"), *in_force[:1]) if d]
    sanction.add("listingDate", published[0] if published else None)
    sanction.add("startDate", min(starts) if starts else None)
    sanction.add("modifiedAt", max(published + in_force) if published or in_force else None)
    for regulation in regulations:
        act = " ".join(
            a for a in (attr(regulation, "regulationType"), attr(regulation, "numberTitle")) if a
        )
        sanction.add("description", act or None)
        sanction.add("sourceUrl", child_text(regulation, "publicationUrl"))
    return sanction
