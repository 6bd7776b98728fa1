"""OFAC identifiers as documents: the number's type, issuing country and dates kept together.

OFAC writes an identifier as "Registration Number 1027700132195 (Russia)" or
"Passport A123 (Iran) issued 01 Jan 2010 expires 01 Jan 2020" (CSV Remarks), or as an
``id`` with ``idType``, ``idCountry``, ``issueDate`` and ``expirationDate`` (XML). A
property such as ``registrationNumber`` keeps only the number, and the issuing country
is not the entity's country. So every identifier of a legal entity also becomes a
Passport (passports) or an Identification (everything else) with the label OFAC gave it
as ``type``, the issuing ``country`` and ``startDate``/``endDate``; its id
``<entity>-passport-<number>`` / ``<entity>-id-<number>`` is the same from every OFAC
format.

A number read as a property only a Company has (``isinCode``, ``bikCode``, ...) makes an
``Organization`` a ``Company``: a body with an ISIN or a bank code is one, and the typed
property is what screening and the registries join on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from moneytrail.model import EntityBuilder, Provenance
from moneytrail.model.builder import get_schema
from moneytrail.model.ids import derived_id
from moneytrail.sources.dates import parse_dates

# Properties that hold an identifier's number (see ofac_remarks.ID_LABELS).
ID_PROPS = frozenset({
    "passportNumber", "socialSecurityNumber", "taxNumber", "vatCode", "leiCode", "dunsCode",
    "swiftBic", "bikCode", "isinCode", "uscCode", "idNumber", "registrationNumber",
    "licenseNumber", "innCode", "ogrnCode",
})  # fmt: skip
_COUNTRY = re.compile(r"\(([^()]+)\)")
_ISSUED = re.compile(r"\bissued\s+(?P<v>.+?)(?=\s+expires\b|,?\s+Expiration Date\b|\s*\(|$)")
_EXPIRES = re.compile(r"(?:\bexpires|\bExpiration Date:?)\s+(?P<v>.+?)(?=\s*\(|$)")


@dataclass(frozen=True, slots=True)
class IdContext:
    """What OFAC says about an identifier besides its number."""

    country: str | None = None
    issued: str | None = None
    expires: str | None = None


def id_context(rest: str) -> IdContext:
    """The issuing country and dates written after a number in Remarks.

    ``rest`` is what follows the label: "1027700132195 (Russia) issued 01 Jan 2010".
    """
    country = _COUNTRY.search(rest)
    issued = _ISSUED.search(rest)
    expires = _EXPIRES.search(rest)
    start = issued["v"].strip(" .,") if issued else None
    end = expires["v"].strip(" .,") if expires else None
    if start and " to " in start and end is None:  # "issued 01 Jan 2008 to 31 Dec 2010"
        start, end = (part.strip(" .,") for part in start.split(" to ", 1))
    return IdContext(country=country[1].strip() if country else None, issued=start, expires=end)


def upgrade_schema(builder: EntityBuilder, prop: str) -> None:
    """An Organization given a Company-only property (isinCode, bikCode) becomes a Company."""
    if (
        builder.schema.name == "Organization"
        and builder.schema.get(prop) is None
        and get_schema("Company").get(prop) is not None
    ):
        builder.set_schema("Company")


_RUSSIA = frozenset({"russia", "ru", "russian federation"})


def national_code(prop: str, number: str, country: str | None) -> str | None:
    """The national register a Russian number belongs to, where its form says it.

    OFAC writes Russia's OGRN as "Registration ID"/"Registration Number" and the INN
    as "Tax ID No."; followthemoney has ``ogrnCode`` and ``innCode`` for them, which
    Russian registries join on. Only numbers of the register's length are claimed
    (OGRN 13 or 15 digits, INN 10 or 12).
    """
    if (country or "").strip().lower() not in _RUSSIA or not number.isdigit():
        return None
    if prop == "registrationNumber" and len(number) in (13, 15):
        return "ogrnCode"
    if prop == "taxNumber" and len(number) in (10, 12):
        return "innCode"
    return None


def document_id(holder_id: str, prop: str, number: str) -> str:
    return derived_id(holder_id, "passport" if prop == "passportNumber" else "id", number)


def document(
    holder: EntityBuilder,
    prop: str,
    number: str,
    label: str,
    context: IdContext,
    provenance: Provenance,
) -> EntityBuilder | None:
    """The Passport or Identification of one identifier, or None where none fits.

    Only a legal entity can hold a document in followthemoney; a vessel's registration
    stays a property of the vessel.
    """
    if prop not in ID_PROPS or not holder.schema.is_a("LegalEntity"):
        return None
    schema = "Passport" if prop == "passportNumber" else "Identification"
    doc = EntityBuilder(document_id(holder.id, prop, number), schema, provenance)
    doc.add("holder", holder.id)
    doc.add("number", number)
    doc.add("type", label)
    doc.add("country", context.country)
    for when, target in ((context.issued, "startDate"), (context.expires, "endDate")):
        for date in parse_dates(when or ""):
            doc.add(target, date, original=when if when != date else None)
    return doc
