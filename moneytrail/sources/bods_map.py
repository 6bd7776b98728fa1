"""Mapping BODS records to statements: parties as entities, relationships as links.

Who a party is (names, birth date, nationality, entity type, addresses, identifiers)
becomes a Person, Company, PublicBody or LegalEntity; each interest of a
relationship becomes an Ownership, Directorship or UnknownLink by the rules in
``bods``' docstring. The records come from ``bods_read``, already reduced to the
latest statement of each record.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from moneytrail.model import EntityBuilder, Provenance, Statement
from moneytrail.sources.base import Progress
from moneytrail.sources.bods_read import BodsRecord
from moneytrail.sources.records import number_text, safe_id

LOWER = {"minimum": "at least", "exclusiveMinimum": "more than"}
UPPER = {"maximum": "not more than", "exclusiveMaximum": "less than"}
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


class BodsMapper:
    """Turns the latest statement of each record into entities and links."""

    def __init__(self, records: dict[str, BodsRecord], dataset: str, version: str) -> None:
        self.records, self.dataset, self.version = records, dataset, version
        self.entities: dict[str, EntityBuilder] = {}

    def prov(self, record: BodsRecord) -> Provenance:
        return Provenance(self.dataset, self.version, record.ref)

    def statements(self, progress: Progress) -> list[Statement]:
        parties = [r for r in self.records.values() if r.record_type != "relationship"]
        links = [r for r in self.records.values() if r.record_type == "relationship"]
        for record in parties:
            self.entities[record.record_id] = self._party(record)
        out: list[Statement] = []
        for done, record in enumerate(links, start=1):
            for link in self._relationship(record):
                out.extend(link.statements())
            progress(done, len(links))
        return [st for e in self.entities.values() for st in e.statements()] + out

    def _party(self, record: BodsRecord) -> EntityBuilder:
        prov = self.prov(record)
        entity_id = safe_id("bods", record.record_id)
        if record.record_type == "person":
            builder = read_person(entity_id, record.details, prov)
        else:
            builder = read_entity(entity_id, record.details, prov)
        if record.data.get("recordStatus") == "closed":
            builder.add("notes", f"BODS record closed on {record.data.get('statementDate')}")
        return builder

    def _party_id(self, record: BodsRecord, field: str) -> str | None:
        ref = record.details.get(field)
        if isinstance(ref, dict):
            return None
        if not isinstance(ref, str) or ref not in self.entities:
            known = "a person or entity record" if isinstance(ref, str) else "a recordId"
            raise record.error(
                f"{field} {ref!r} is not {known} in the file", f"recordDetails.{field}"
            )
        return safe_id("bods", ref)

    def _relationship(self, record: BodsRecord) -> list[EntityBuilder]:
        subject = self._party_id(record, "subject")
        party = self._party_id(record, "interestedParty")
        if subject is None:
            raise record.error("subject must name an entity record", "recordDetails.subject")
        if party is None:
            self._undisclosed(record, subject)
            return []
        return _interests(record, subject, party, self.prov(record))

    def _undisclosed(self, record: BodsRecord, subject: str) -> None:
        """Why no owner is named is itself a fact the analyst must see."""
        party = record.details.get("interestedParty") or {}
        reason = party.get("reason", "unspecified")
        words = f"Interested party not disclosed ({reason})"
        if description := party.get("description"):
            words += f": {description}"
        builder = self.entities[record.details["subject"]]
        builder.add("notes", words, provenance=self.prov(record))


@dataclass(frozen=True)
class _Share:
    """A stated share as text ``graph.percent`` reads, and its lower bound for "majority"."""

    text: str
    low: Decimal
    exact: bool


def read_share(share: Any, record: BodsRecord, field: str) -> _Share | None:
    """A BODS share object -> a percentage form; None if it states no figure."""
    if not isinstance(share, dict):
        raise record.error(f"share {share!r} is not an object", field)
    numbers: dict[str, str] = {}
    for key in ("exact", *LOWER, *UPPER):
        if key not in share:
            continue
        try:
            numbers[key] = number_text(share[key])
        except (ValueError, InvalidOperation):
            raise record.error(
                f"share {key} {share[key]!r} is not a number", f"{field}.{key}"
            ) from None
        if not 0 <= Decimal(numbers[key]) <= 100:
            raise record.error(f"share {key} {share[key]!r} is outside 0-100", f"{field}.{key}")
    if "exact" in numbers:
        return _Share(numbers["exact"], Decimal(numbers["exact"]), True)
    bounds = [f"{words} {numbers[k]}%" for k, words in {**LOWER, **UPPER}.items() if k in numbers]
    if not bounds:
        return None
    low = Decimal(numbers.get("minimum") or numbers.get("exclusiveMinimum") or 0)
    low += Decimal("0.000001") if "exclusiveMinimum" in numbers else 0
    return _Share(" but ".join(bounds), low, False)


def _interests(
    record: BodsRecord, subject: str, party: str, prov: Provenance
) -> list[EntityBuilder]:
    interests = [i for i in record.details.get("interests") or [] if isinstance(i, dict)]
    rid = safe_id("bods", record.record_id)
    if not interests:
        return [_link(rid, {"type": "interest not stated"}, None, (party, subject), prov)]
    closed = record.data.get("recordStatus") == "closed"
    links, kinds = [], Counter[str]()
    for number, interest in enumerate(interests):
        field = f"recordDetails.interests[{number}].share"
        share = read_share(interest["share"], record, field) if "share" in interest else None
        # By kind, not position: a later statement may list the interests in another order.
        kind = str(interest.get("type") or "unknownInterest")
        kinds[kind] += 1
        suffix = f"{kind}-{kinds[kind]}" if kinds[kind] > 1 else kind
        link = _link(f"{rid}-{suffix}", interest, share, (party, subject), prov)
        link.add("startDate", scalar_text(interest.get("startDate")))
        link.add("endDate", scalar_text(interest.get("endDate")))
        if closed:
            link.add("status", "closed")
            link.add(
                "endDate",
                scalar_text(interest.get("endDate"))
                or scalar_text(record.data.get("statementDate")),
            )
        link.add("description", scalar_text(interest.get("details")))
        if interest.get("beneficialOwnershipOrControl") is True:
            link.add("summary", "beneficial ownership or control")
        link.add("recordId", record.record_id)
        links.append(link)
    return links


def _link(
    link_id: str,
    interest: dict[str, Any],
    share: _Share | None,
    ends: tuple[str, str],
    prov: Provenance,
) -> EntityBuilder:
    """Direct shareholding -> Ownership; indirect -> UnknownLink; the rest -> Directorship."""
    kind = str(interest.get("type") or "unknownInterest")
    stated = "" if share is None else f" {share.text}%" if share.exact else f" {share.text}"
    if interest.get("directOrIndirect") == "indirect" or kind == "interest not stated":
        schema, props, role = "UnknownLink", ("subject", "object"), f"indirect {kind}{stated}"
    elif kind == "shareholding":
        schema, props, role = "Ownership", ("owner", "asset"), kind
    else:
        schema, props, role = "Directorship", ("director", "organization"), kind + stated
        if kind == "votingRights" and share is not None and share.low > 50:
            role += " (majority of voting rights)"
    link = EntityBuilder(link_id, schema, prov)
    link.add(props[0], ends[0])
    link.add(props[1], ends[1])
    link.add(
        "role", role.removeprefix("indirect interest not stated").strip() or "interest not stated"
    )
    if schema == "Ownership" and share is not None:
        original = json.dumps(interest.get("share"), sort_keys=True)
        link.add("percentage", share.text, original=original)
    return link
