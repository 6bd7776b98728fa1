"""One ``identity`` of a SECO target: names, birth, nationality, addresses, documents.

Kept apart from ``ch_seco`` so each module stays short; the rules are in ``ch_seco``'s
docstring. Places are shared records (``place`` elements) that addresses and places
of birth point to by ``place-id``, completed by the address's own fields.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element

from moneytrail.model import EntityBuilder
from moneytrail.model.ids import derived_id
from moneytrail.sources.xmlsafe import attr, child, child_text, children, descendants, text

NAME_PROPS = {"primary-name": "name", "alias": "alias", "formerly-known-as": "previousName"}
PART_PROPS = {
    "given-name": "firstName", "further-given-name": "secondName", "father-name": "fatherName",
    "family-name": "lastName", "maiden-name": "lastName", "suffix": "nameSuffix",
}  # fmt: skip
PASSPORTS = {"passport", "diplomatic-passport"}
Part = tuple[int, str, str, dict[tuple[str | None, str | None], str]]


def place_parts(place: Element) -> list[str | None]:
    """A place's fields in address order: location, area, country name."""
    return [child_text(place, "location"), child_text(place, "area"), child_text(place, "country")]


def _parts(name: Element) -> list[Part]:
    """(order, type, value, {(lang, script): variant}) of each name part."""
    parts: list[Part] = []
    for part in children(name, "name-part"):
        value = child_text(part, "value")
        if value is None:
            continue
        variants = {
            (attr(v, "lang"), attr(v, "script")): t
            for v in children(part, "spelling-variant")
            if (t := text(v))
        }
        order = int(attr(part, "order") or len(parts) + 1)
        parts.append((order, attr(part, "name-part-type") or "other", value, variants))
    return sorted(parts, key=lambda p: p[0])


def _add_name(entity: EntityBuilder, name: Element, main: bool) -> None:
    parts = _parts(name)
    prop = NAME_PROPS.get(attr(name, "name-type") or "alias", "alias")
    if prop == "name" and not main:
        prop = "alias"
    if attr(name, "quality") == "low":
        prop = "weakAlias"
    kept = [p for p in parts if p[1] != "title"]
    whole = " ".join(p[2] for p in kept)
    entity.add(prop, whole)
    cultures = {culture for p in kept for culture in p[3]}
    for lang, script in sorted(cultures, key=str):
        variant = " ".join(p[3].get((lang, script), p[2]) for p in kept)
        entity.add("alias" if prop == "name" else prop, variant, lang=lang)
    if entity.schema.is_a("Person") and prop == "name":
        for _, kind, value, _ in parts:
            if kind == "title":
                entity.add("title", value)
            elif kind in PART_PROPS:
                entity.add(PART_PROPS[kind], value)


def _address(node: Element, places: dict[str, list[str | None]]) -> str:
    pobox = child_text(node, "p-o-box")
    own = [child_text(node, "c-o"), child_text(node, "address-details"),
           f"P.O. Box {pobox}" if pobox else None, child_text(node, "zip-code")]  # fmt: skip
    shared = places.get(attr(node, "place-id") or "", [])
    return ", ".join(p for p in own + shared if p)


def _document(entity: EntityBuilder, node: Element) -> EntityBuilder | None:
    number = child_text(node, "number")
    kind = attr(node, "document-type") or "identification"
    if number is None:
        return None
    prop = "passportNumber" if kind in PASSPORTS else "idNumber"
    issuer = child(node, "issuer")
    country = attr(issuer, "code") or attr(issuer, "iso-code") or text(issuer)
    entity.add(prop, number, original=f"{kind}: {number}")
    schema = "Passport" if prop == "passportNumber" else "Identification"
    doc = EntityBuilder(derived_id(entity.id, schema.lower(), number), schema, entity.provenance)
    doc.add("holder", entity.id)
    doc.add("number", number)
    doc.add("type", kind)
    doc.add("country", country)
    doc.add("startDate", child_text(node, "date-of-issue"))
    doc.add("endDate", child_text(node, "expiry-date"))
    doc.add("summary", child_text(node, "remark"))
    return doc


def _birth_date(entity: EntityBuilder, node: Element) -> None:
    year, month, day = attr(node, "year"), attr(node, "month"), attr(node, "day")
    if year is None:
        return
    value = year + "".join(f"-{int(p):02d}" for p in (month, day if month else None) if p)
    prop = "birthDate" if entity.schema.is_a("Person") else "incorporationDate"
    if entity.schema.get(prop) is not None:
        entity.add(prop, value)


def add_identity(
    entity: EntityBuilder,
    identity: Element,
    main: bool,
    places: dict[str, list[str | None]],
    countries: dict[str, str | None],
) -> list[EntityBuilder]:
    """Add one identity's facts to ``entity``; the identity documents it names."""
    for name in children(identity, "name"):
        _add_name(entity, name, main)
    for born in descendants(identity, "day-month-year"):
        _birth_date(entity, born)
    person = entity.schema.is_a("Person")
    for nationality in children(identity, "nationality"):
        country = child(nationality, "country")
        code = attr(country, "iso-code")
        entity.add("nationality" if person else "country", code or text(country))
    for place in children(identity, "place-of-birth"):
        where = _address(place, places)
        if person and where:
            entity.add("birthPlace", where)
            entity.add("birthCountry", countries.get(attr(place, "place-id") or ""))
    for address in children(identity, "address"):
        entity.add("address", _address(address, places) or None)
        entity.add("country", countries.get(attr(address, "place-id") or ""))
        entity.add("notes", child_text(address, "remarks"))
    docs = [_document(entity, doc) for doc in children(identity, "identification-document")]
    return [doc for doc in docs if doc is not None]
