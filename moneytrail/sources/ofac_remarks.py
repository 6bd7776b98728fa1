"""Facts buried in OFAC's free-text Remarks column.

OFAC's legacy CSV puts most of what identifies a person or company (birth dates,
passports, tax numbers, IMO numbers, links to other entries) in one ``;``-separated
Remarks string. Screening needs those facts as typed properties, so each segment
is matched against a table of the phrasings OFAC actually uses. The table is
ordered longest label first, because OFAC labels share prefixes ("C.U.I." and
"C.U.I.T.", "Passport" and "Diplomatic Passport").

Reading is separate from placing: :func:`parse_remarks` knows nothing of schemas,
and ``ofac_facts.apply_remarks`` puts each fact on the entity, its Sanction, an
UnknownLink, a CryptoWallet or an identity document. A Vessel has no
``passportNumber``, so :func:`prop_for` walks a fallback chain and anything without
a home is kept as a note. Segments no rule recognises are not guessed at; the
parser keeps the whole Remarks text as a note, so nothing OFAC wrote is ever lost.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from followthemoney.schema import Schema

from moneytrail.sources.dates import parse_dates

# Pseudo-properties: facts that belong to another entity than the listed one.
LINKED_TO = "@linkedTo"  # -> an UnknownLink to another entry of the same list
WALLET = "@wallet"  # -> a CryptoWallet held by the entry ("XBT 1ABC...": symbol, address)
LISTING_DATE = "@listingDate"  # -> Sanction.listingDate
START_DATE = "@startDate"  # -> Sanction.startDate
PROVISIONS = "@provisions"  # -> Sanction.provisions
NOTES = "notes"
SANCTION_PROPS = {LISTING_DATE: "listingDate", START_DATE: "startDate", PROVISIONS: "provisions"}
# Properties naming another entity: the remark gives a name, resolved to an entry id.
ENTITY_PROPS = frozenset({"operator", "owner"})

# Where a fact goes when the entity's schema lacks the property it was read as.
FALLBACK: dict[str, str] = {
    "socialSecurityNumber": "idNumber",
    "passportNumber": "idNumber",
    "idNumber": "registrationNumber",
    "vatCode": "taxNumber",
    "leiCode": "registrationNumber",
    "uscCode": "registrationNumber",
    "bikCode": "registrationNumber",
    "isinCode": "registrationNumber",
    "ticker": NOTES,
    "taxNumber": "registrationNumber",
    "licenseNumber": "registrationNumber",
    "position": NOTES,
}

ID_LABELS: dict[str, tuple[str, ...]] = {
    "passportNumber": (
        "Passport", "Passport No.", "Diplomatic Passport", "Travel Document Number",
        "Stateless Person Passport",
    ),
    "socialSecurityNumber": ("SSN",),
    "taxNumber": (
        "Tax ID No.", "Tax ID", "R.F.C.", "NIT", "NIT #", "RUC", "RUC #", "RIF", "RIF #",
        "C.U.I.T.", "US FEIN", "Italian Fiscal Code", "RTN", "C.I.F.",
        "Paraguayan tax identification number",
        "Numero Unico de Identificacao Tributaria (NUIT)",
    ),
    "vatCode": ("V.A.T. Number",),
    "leiCode": ("Legal Entity Number",),
    "dunsCode": ("D-U-N-S Number",),
    "swiftBic": ("SWIFT/BIC",),
    "bikCode": ("BIK (RU)",),
    "isinCode": ("ISIN",),
    "ticker": ("Equity Ticker",),
    "uscCode": (
        "Unified Social Credit Code (USCC)",
        "United Social Credit Code Certificate (USCCC)",
    ),
    "idNumber": (
        "National ID No.", "National ID Number", "Cedula No.", "C.U.R.P.", "D.N.I.",
        "Identification Number", "Personal ID Card", "Kenyan ID No.",
        "Turkish Identification Number", "Numero de Identidad", "Citizen's Card Number",
        "Tazkira National ID Card", "UAE Identification", "C.U.I.", "Birth Certificate Number",
        "Residency Number", "Electoral Registry No.", "Credencial electoral", "I.F.E.",
        "Driver's License No.", "National Foreign ID Number",
        "Cartilla de Servicio Militar Nacional", "VisaNumberID", "Immigration No.",
        "LE Number", "SRE Permit No.", "Identity Number", "ID No.", "Moroccan Personal ID No.",
        "Stateless Person ID Card", "Refugee ID Card", "Romanian Permanent Resident CAN",
        "Seafarer's Identification Document",
    ),
    "registrationNumber": (
        "Registration Number", "Registration ID", "Business Registration Number",
        "Business Registration Document", "Company Number", "UK Company Number",
        "Commercial Registry Number", "Romanian C.R.", "C.R. No.", "Folio Mercantil No.",
        "Matricula Mercantil No", "Trade License No.", "Chamber of Commerce Number",
        "Istanbul Chamber of Comm. No.", "Dubai Chamber of Commerce Membership No.",
        "Certificate of Incorporation Number", "Government Gazette Number",
        "Economic Register Number (CBLS)", "Public Registration Number",
        "Central Registration System Number", "Enterprise Number", "Branch Unit Number",
        "Business Number", "Registered Charity No.", "File Number", "Organization Code",
        "Permit Number", "Vessel Registration Identification",
    ),
    "licenseNumber": ("License", "Afghan Money Service Provider License Number"),
}  # fmt: skip

_LABEL_PROP = {label: prop for prop, labels in ID_LABELS.items() for label in labels}
_ID_RE = re.compile(
    "^(?P<label>"
    + "|".join(re.escape(lb) for lb in sorted(_LABEL_PROP, key=len, reverse=True))
    + r")(?:\s*[#:])?\s+(?P<rest>\S.*)$"
)
# Where an identifier stops: its issuing country, issue/expiry dates.
_ID_END = re.compile(r"\s*\(|\s+(?:issued|expires)\b|,?\s+Expiration Date\b")
_ALT = re.compile(r"^alt\.\s+", re.IGNORECASE)
_RANGE_DASH = re.compile(r"\b(\d{4})-(\d{4})\b")


@dataclass(frozen=True, slots=True)
class Remark:
    """One fact read from Remarks: ``prop`` (or a pseudo-property) = ``value``.

    ``original`` is the segment as OFAC wrote it (with issuing country, "alt."),
    and ``start`` its offset in the Remarks text, so a caller that glued an
    overflow row onto the Remarks can tell which file the segment came from.
    """

    prop: str
    value: str
    original: str
    start: int


def split_remarks(text: str) -> list[tuple[int, str]]:
    """The ``;``-separated segments of Remarks with their offsets.

    Only ``;`` separates: names in "Linked To:" contain commas and periods. The
    sentence-final period of the last segment is kept; the rules strip it where
    a value cannot end in one.
    """
    segments: list[tuple[int, str]] = []
    pos = 0
    for part in text.split(";"):
        stripped = part.strip()
        if stripped:
            segments.append((pos + part.index(stripped[0]), stripped))
        pos += len(part) + 1
    return segments


def _value(text: str) -> str:
    return " ".join(text.split()).rstrip(" .,")


def _dates(prop: str) -> Callable[[str], list[tuple[str, str]]]:
    def handle(value: str) -> list[tuple[str, str]]:
        return [(prop, d) for d in parse_dates(_RANGE_DASH.sub(r"\1 to \2", _value(value)))]

    return handle


def _plain(prop: str) -> Callable[[str], list[tuple[str, str]]]:
    def handle(value: str) -> list[tuple[str, str]]:
        return [(prop, _value(value))]

    return handle


def _linked(value: str) -> list[tuple[str, str]]:
    # Keep a trailing period: it may belong to the name ("S.A."); the resolver tries both.
    return [(LINKED_TO, " ".join(value.split()))]


# The legacy XML writes "...; (Linked To: NAME)"; a name may hold "(", ")" and "&".
_XML_LINKED = re.compile(r"\(Linked To:\s*(?P<v>.+?)\)(?=\s*(?:[;.]|$))")


def linked_names(remarks: str | None) -> list[str]:
    """The names of the "Linked To:" remarks of SDN.XML/CONS_PRIM.XML, in order.

    The XML puts them in parentheses after the free text; a bare "Linked To: NAME"
    segment (the CSV's way) is read too.
    """
    if not remarks:
        return []
    found = [" ".join(m["v"].split()) for m in _XML_LINKED.finditer(remarks)]
    rest = _XML_LINKED.sub("", remarks)
    for _, segment in split_remarks(rest):
        for prop, value in parse_segment(segment):
            if prop == LINKED_TO:
                found.append(value)
    return found


def normalise_phone(value: str) -> str:
    """OFAC writes international numbers without "+" ("982188526300"); add it back.

    Only plain digit strings are touched, and a leading "0" (a trunk prefix, so a
    local number) is left alone: followthemoney then rejects what it cannot read
    and the number is kept as a note rather than guessed at.
    """
    value = _value(value)
    if not re.fullmatch(r"[\d\s()\-+]+", value):
        return value
    digits = re.sub(r"[^\d+]", "", value)
    if digits.startswith("00"):
        return "+" + digits[2:]
    if digits.startswith(("+", "0")):
        return digits
    return "+" + digits


def _phone(value: str) -> list[tuple[str, str]]:
    return [("phone", normalise_phone(value))]


def _website(value: str) -> list[tuple[str, str]]:
    return [("website", _value(re.sub(r"\(website\)", "", value)))]


def _whole(prop: str) -> Callable[[str], list[tuple[str, str]]]:
    def handle(value: str) -> list[tuple[str, str]]:
        return [(prop, " ".join(value.split()))]

    return handle


_Handler = Callable[[str], list[tuple[str, str]]]

# (pattern with the value in group "v", handler). First match wins.
RULES: tuple[tuple[re.Pattern[str], _Handler], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE if flags else 0), handler)
    for pattern, handler, flags in (
        (r"^[afn]\.k\.a\.?,?\s*'(?P<v>.+)'\.?$", _plain("weakAlias"), True),
        (r"^[afn]\.k\.a\.?,?\s+(?P<v>.+)$", _plain("weakAlias"), True),
        (r"^Linked To:\s*(?P<v>.+)$", _linked, False),
        (r"^Digital Currency Address - (?P<v>\S+\s+[^\s.]+)\.?$", _plain(WALLET), False),
        (r"^DOB\s+(?P<v>.+)$", _dates("birthDate"), False),
        (r"^POB\s+(?P<v>.+)$", _plain("birthPlace"), False),
        (r"^nationality\s+(?P<v>.+)$", _plain("nationality"), False),
        (r"^citizen\s+(?P<v>.+)$", _plain("citizenship"), False),
        (r"^Gender\s+(?P<v>.+)$", _plain("gender"), False),
        (r"\bIMO\s+(?P<v>\d{7})\b", _plain("imoNumber"), False),
        (r"^MMSI\s+(?P<v>.+)$", _plain("mmsi"), False),
        (r"^Former Vessel Flag\s+(?P<v>.+)$", _plain("pastFlags"), False),
        (r"^Vessel Year of Build\s+(?P<v>.+)$", _dates("buildDate"), False),
        (r"^Other Vessel Call Sign\s+(?P<v>.+)$", _plain("callSign"), False),
        (r"^Aircraft Manufacture Date\s+(?P<v>.+)$", _dates("buildDate"), False),
        (r"^Aircraft Model\s+(?P<v>.+)$", _plain("model"), False),
        (r"^Aircraft Manufacturer's Serial Number \(MSN\)\s+(?P<v>.+)$", _plain("serialNumber"),
         False),
        (r"^Aircraft Tail Number\s+(?P<v>.+)$", _plain("registrationNumber"), False),
        (r"^Aircraft Operator\s+(?P<v>.+)$", _plain("operator"), False),
        (r"^Aircraft Mode S Transponder Code\s+(?P<v>.+)$", _plain("icaoCode"), False),
        (r"^Target Type\s+(?P<v>.+)$", _plain("classification"), False),
        (r"^Nationality of Registration\s+(?P<v>.+)$", _plain("country"), False),
        (r"^Email Address:?\s+(?P<v>.+)$", _plain("email"), True),
        (r"^(?:Phone(?: Number)?|Telephone(?: No\.?)?)[:.]?\s+(?P<v>.+)$", _phone, True),
        (r"^Website:?\s+(?P<v>.+)$", _website, True),
        (r"^(?P<v>(?:https?://|www\.)\S+(?:\s*\(website\))?)\.?$", _website, True),
        (r"^Organization Established Date:?\s+(?P<v>.+)$", _dates("incorporationDate"), False),
        (r"^Organization Type:\s*(?P<v>.+)$", _plain("sector"), False),
        (r"^Listing Date(?:\s*\([^)]*\))?:?\s+(?P<v>.+)$", _dates(LISTING_DATE), False),
        (r"^Effective Date(?:\s*\([^)]*\))?:?\s+(?P<v>.+)$", _dates(START_DATE), False),
        (
            r"^(?P<v>(?:Additional Sanctions Information -|Secondary sanctions risk:"
            r"|Transactions Prohibited For"
            r"|Executive Order \d+ Directive (?:Determination|Information)"
            r"|CAATSA Section|IFCA Determination).*)$",
            _whole(PROVISIONS),
            True,
        ),
        (r"^(?:Alt\. )?(?:Position|Alternate Title|Title)[:,]?\s+(?P<v>.+)$", _plain("position"),
         False),
    )
)  # fmt: skip


def _identifier(segment: str) -> list[tuple[str, str]]:
    match = _ID_RE.match(segment)
    if match is None:
        return []
    value = _value(_ID_END.split(match["rest"], maxsplit=1)[0])
    return [(_LABEL_PROP[match["label"]], value)] if value else []


def parse_segment(segment: str) -> list[tuple[str, str]]:
    """The (property, value) pairs one segment states; empty if no rule knows it."""
    text = _ALT.sub("", segment.strip())
    for pattern, handler in RULES:
        match = pattern.search(text)
        if match is not None:
            return [(prop, value) for prop, value in handler(match["v"]) if value]
    return _identifier(text)


def identifier_parts(segment: str) -> tuple[str, str] | None:
    """(label, what follows it) of an identifier segment, e.g. ("Passport", "A1 (Iran)")."""
    match = _ID_RE.match(_ALT.sub("", segment.strip()))
    return None if match is None else (match["label"], match["rest"])


def parse_remarks(text: str) -> list[Remark]:
    """Every fact in a Remarks string; unrecognised segments come back as ``notes``."""
    remarks: list[Remark] = []
    for start, segment in split_remarks(text):
        facts = parse_segment(segment) or [(NOTES, segment)]
        remarks.extend(Remark(prop, value, segment, start) for prop, value in facts)
    return remarks


def prop_for(schema: Schema, prop: str) -> str:
    """The property of ``schema`` a fact read as ``prop`` is stored under (maybe ``notes``)."""
    seen: set[str] = set()
    while prop not in seen:
        if schema.get(prop) is not None:
            return prop
        seen.add(prop)
        prop = FALLBACK.get(prop, NOTES)
    return NOTES
