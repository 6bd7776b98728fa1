"""BODS person and entity statements as Person, Company, PublicBody or LegalEntity.

Reading who a party is (names, birth date, nationality, entity type, addresses,
identifiers) is a job of its own, apart from ``bods``, which reads the file, keeps
the latest statement of each record and turns relationships into ownership and
control links. Keeping the party mapping here lets either change without the other.
"""

from __future__ import annotations

from typing import Any

from moneytrail.model import EntityBuilder, Provenance

ENTITY_SCHEMAS = {"registeredEntity": "Company", "state": "PublicBody", "stateBody": "PublicBody"}


def read_person(entity_id: str, details: dict[str, Any], prov: Provenance) -> EntityBuilder:
    """A BODS person statement's details as a Person."""
    person = EntityBuilder(entity_id, "Person", prov)
    for number, name in enumerate(n for n in details.get("names") or [] if isinstance(n, dict)):
        person.add("name" if number == 0 else "alias", name.get("fullName"))
        person.add("firstName", name.get("givenName"))
        person.add("lastName", name.get("familyName"))
    person.add("birthDate", scalar_text(details.get("birthDate")))
    person.add("deathDate", scalar_text(details.get("deathDate")))
    person.add_many("nationality", [_country(c) for c in details.get("nationalities") or []])
    person.add_many("country", [_country(c) for c in details.get("taxResidencies") or []])
    if (pep := details.get("politicalExposure")) and pep.get("status") == "isPep":
        person.add("topics", "role.pep")
        person.add_many("position", [d.get("reason") for d in pep.get("details") or []])
    if unspecified := details.get("unspecifiedPersonDetails"):
        words = [
            details.get("personType"),
            unspecified.get("reason"),
            unspecified.get("description"),
        ]
        person.add("notes", ": ".join(str(w) for w in words if w))
    _common(person, details)
    return person


def read_entity(entity_id: str, details: dict[str, Any], prov: Provenance) -> EntityBuilder:
    """A BODS entity statement's details as a Company, PublicBody or LegalEntity."""
    kind = details.get("entityType") or {}
    schema = ENTITY_SCHEMAS.get(str(kind.get("type")), "LegalEntity")
    entity = EntityBuilder(entity_id, schema, prov)
    entity.add("name", details.get("name"))
    entity.add_many("alias", [scalar_text(n) for n in details.get("alternateNames") or []])
    words = [str(kind[k]) for k in ("type", "subtype", "details") if kind.get(k)]
    entity.add("classification", ": ".join(words) if words else None)
    entity.add("incorporationDate", scalar_text(details.get("foundingDate")))
    entity.add("dissolutionDate", scalar_text(details.get("dissolutionDate")))
    entity.add("jurisdiction", _country(details.get("jurisdiction")))
    if (listing := details.get("publicListing")) and listing.get("hasPublicListing"):
        entity.add("notes", "Publicly listed company")
    _common(entity, details)
    return entity


def _common(builder: EntityBuilder, details: dict[str, Any]) -> None:
    """Addresses and identifiers read the same for people and entities."""
    for address in details.get("addresses") or []:
        country = _country(address.get("country"))
        text = ", ".join(str(p) for p in (address.get("address"), address.get("postCode")) if p)
        if text and country and country.lower() not in text.lower():
            text = f"{text}, {country}"
        builder.add("address", text or None)
        builder.add("country", country)
    for ident in details.get("identifiers") or []:
        value, scheme = (
            scalar_text(ident.get("id")),
            str(ident.get("scheme") or ident.get("schemeName") or ""),
        )
        original = f"{scheme}: {value}" if scheme else None
        builder.add(_id_prop(builder, scheme), value, original=original)


def _id_prop(builder: EntityBuilder, scheme: str) -> str:
    upper = scheme.upper()
    if upper.endswith("-LEI"):
        return "leiCode"
    if "TAX" in upper or upper.endswith("-RFC"):
        return "taxNumber"
    return "idNumber" if builder.schema.is_a("Person") else "registrationNumber"


def scalar_text(value: Any) -> str | None:
    """A JSON string or number as text; None for anything else (objects, booleans, null)."""
    ok = isinstance(value, str | int | float) and not isinstance(value, bool)
    return str(value) if ok else None


def _country(value: Any) -> str | None:
    return (
        (scalar_text(value.get("code")) or scalar_text(value.get("name")))
        if isinstance(value, dict)
        else None
    )
