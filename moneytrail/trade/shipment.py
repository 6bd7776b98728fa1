"""Shipments: parties by role, goods lines, vessel and route, validated line by line.

A shipment record is what a bank financing trade, an exporter or a freight forwarder
holds about one consignment. Every field is checked before anything is screened, so
an unknown role or a malformed HS code stops the run with the file, line and field at
fault instead of being screened half-understood.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from moneytrail.errors import InvalidInput

ROLES = (
    "exporter",
    "shipper",
    "consignee",
    "ultimate_consignee",
    "end_user",
    "intermediate_consignee",
    "notify_party",
    "freight_forwarder",
    "buyer",
    "bank",
    # Who pays the seller (the ordering customer of the payment), when the input knows:
    # an extension of the contract; optional like every role.
    "payer",
)
# HS codes are 6 digits worldwide, 8 or 10 in national tariffs; dots and spaces are
# common in documents ("8542.31") and are dropped.
_HS = re.compile(r"^\d{6}(\d{2}){0,2}$")
# A UN/LOCODE: ISO 3166 country code and a three-character location code.
_LOCODE = re.compile(r"^[A-Z]{2}[A-Z2-9]{3}$")
_IMO = re.compile(r"^(IMO)?\d{7}$")


@dataclass(frozen=True, slots=True)
class Party:
    role: str
    name: str
    address: str | None = None
    country: str | None = None
    # ISO date the party was incorporated, when the input carries it (optional extension).
    incorporation_date: str | None = None

    def as_record(self) -> dict[str, str]:
        out = {"role": self.role, "name": self.name}
        if self.address:
            out["address"] = self.address
        if self.country:
            out["country"] = self.country
        if self.incorporation_date:
            out["incorporation_date"] = self.incorporation_date
        return out


@dataclass(frozen=True, slots=True)
class GoodsLine:
    hs: str
    description: str | None = None
    quantity: float | None = None
    unit: str | None = None
    value: float | None = None
    currency: str | None = None

    @property
    def hs6(self) -> str:
        return self.hs[:6]

    @property
    def unit_price(self) -> float | None:
        """Value per unit, when both are given and the quantity is positive."""
        if self.value is None or not self.quantity:
            return None
        return self.value / self.quantity


@dataclass(frozen=True, slots=True)
class Vessel:
    name: str | None = None
    imo: str | None = None


@dataclass(frozen=True, slots=True)
class Route:
    loading: str | None = None
    discharge: str | None = None
    transshipment: tuple[str, ...] = ()

    def ports(self) -> tuple[str, ...]:
        return tuple(p for p in (self.loading, *self.transshipment, self.discharge) if p)


@dataclass(frozen=True, slots=True)
class Shipment:
    id: str
    date: str | None = None
    parties: tuple[Party, ...] = ()
    goods: tuple[GoodsLine, ...] = ()
    vessel: Vessel | None = None
    route: Route = field(default_factory=Route)
    documents: tuple[tuple[str, str], ...] = ()
    line: int | None = field(default=None, compare=False)  # where it was read, for errors

    def parties_in(self, *roles: str) -> tuple[Party, ...]:
        return tuple(p for p in self.parties if p.role in roles)


class _Where:
    """File and line of the record being parsed, for InvalidInput."""

    def __init__(self, file: str | None, line: int | None) -> None:
        self.file = file
        self.line = line

    def fail(self, message: str, field: str) -> InvalidInput:
        return InvalidInput(message, file=self.file, line=self.line, field=field)


def parse_shipment(record: Any, *, file: str | None = None, line: int | None = None) -> Shipment:
    """One shipment from its JSON object; InvalidInput names file, line and field."""
    at = _Where(file, line)
    if not isinstance(record, Mapping):
        raise InvalidInput("expected a JSON object", file=file, line=line)
    sid = record.get("id")
    if not isinstance(sid, str | int) or not str(sid).strip():
        raise at.fail("a shipment needs an id", "id")
    date = _date(record.get("date"), "date", at)
    return Shipment(
        id=str(sid).strip(),
        date=date,
        parties=tuple(_party(p, i, at) for i, p in enumerate(_list(record, "parties", at))),
        goods=tuple(_goods(g, i, at) for i, g in enumerate(_list(record, "goods", at))),
        vessel=_vessel(record.get("vessel"), at),
        route=_route(record.get("route"), at),
        documents=_documents(record.get("documents"), at),
        line=line,
    )


def _date(value: Any, name: str, at: _Where) -> str | None:
    text = _text(value, name, at)
    if text is not None and not re.match(r"^\d{4}-\d{2}-\d{2}$", text):
        raise at.fail(f"expected an ISO date (YYYY-MM-DD), not {text!r}", name)
    return text


def _list(record: Mapping[str, Any], key: str, at: _Where) -> list[Any]:
    value = record.get(key, [])
    if not isinstance(value, list):
        raise at.fail("expected a list", key)
    return value


def _text(value: Any, name: str, at: _Where) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise at.fail("expected text", name)
    text = str(value).strip()
    return text or None


def _number(value: Any, name: str, at: _Where) -> float | None:
    if value is None or value == "":
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise at.fail(f"expected a number, not {value!r}", name) from None
    if number != number or number < 0:  # NaN or negative
        raise at.fail(f"expected a non-negative number, not {value!r}", name)
    return number


def _object(value: Any, name: str, at: _Where) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise at.fail("expected an object", name)
    return value


def _party(value: Any, i: int, at: _Where) -> Party:
    where = f"parties[{i}]"
    obj = _object(value, where, at)
    role = _text(obj.get("role"), f"{where}.role", at)
    if role not in ROLES:
        raise at.fail(
            f"unknown role {role!r} (expected one of {', '.join(ROLES)})", f"{where}.role"
        )
    name = _text(obj.get("name"), f"{where}.name", at)
    if name is None:
        raise at.fail("a party needs a name", f"{where}.name")
    country = _text(obj.get("country"), f"{where}.country", at)
    if country is not None and not re.match(r"^[A-Za-z]{2}$", country):
        raise at.fail(f"expected a two-letter country code, not {country!r}", f"{where}.country")
    return Party(
        role=role,
        name=name,
        address=_text(obj.get("address"), f"{where}.address", at),
        country=country.lower() if country else None,
        incorporation_date=_date(obj.get("incorporation_date"), f"{where}.incorporation_date", at),
    )


def _goods(value: Any, i: int, at: _Where) -> GoodsLine:
    where = f"goods[{i}]"
    obj = _object(value, where, at)
    raw = _text(obj.get("hs"), f"{where}.hs", at)
    hs = re.sub(r"[\s.]", "", raw or "")
    if not _HS.match(hs):
        raise at.fail(f"malformed HS code {raw!r} (expected 6, 8 or 10 digits)", f"{where}.hs")
    currency = _text(obj.get("currency"), f"{where}.currency", at)
    if currency is not None and not re.match(r"^[A-Za-z]{3}$", currency):
        raise at.fail(f"expected an ISO 4217 currency code, not {currency!r}", f"{where}.currency")
    unit = _text(obj.get("unit"), f"{where}.unit", at)
    return GoodsLine(
        hs=hs,
        description=_text(obj.get("description"), f"{where}.description", at),
        quantity=_number(obj.get("quantity"), f"{where}.quantity", at),
        unit=unit.lower() if unit else None,
        value=_number(obj.get("value"), f"{where}.value", at),
        currency=currency.upper() if currency else None,
    )


def _vessel(value: Any, at: _Where) -> Vessel | None:
    if value is None:
        return None
    obj = _object(value, "vessel", at)
    name = _text(obj.get("name"), "vessel.name", at)
    raw = _text(obj.get("imo"), "vessel.imo", at)
    imo = re.sub(r"[\s-]", "", raw or "").upper() or None
    if imo is not None and not _IMO.match(imo):
        raise at.fail(f"malformed IMO number {raw!r} (expected 7 digits)", "vessel.imo")
    if name is None and imo is None:
        return None
    return Vessel(name=name, imo=imo.removeprefix("IMO") if imo else None)


def _locode(value: Any, name: str, at: _Where) -> str | None:
    text = _text(value, name, at)
    if text is None:
        return None
    code = text.replace(" ", "").upper()
    if not _LOCODE.match(code):
        raise at.fail(f"expected a UN/LOCODE (e.g. BJCOO), not {text!r}", name)
    return code


def _route(value: Any, at: _Where) -> Route:
    if value is None:
        return Route()
    obj = _object(value, "route", at)
    through = obj.get("transshipment") or []
    if not isinstance(through, list):
        raise at.fail("expected a list", "route.transshipment")
    return Route(
        loading=_locode(obj.get("loading"), "route.loading", at),
        discharge=_locode(obj.get("discharge"), "route.discharge", at),
        transshipment=tuple(
            code
            for i, p in enumerate(through)
            if (code := _locode(p, f"route.transshipment[{i}]", at)) is not None
        ),
    )


def _documents(value: Any, at: _Where) -> tuple[tuple[str, str], ...]:
    """Document numbers (bill of lading, invoice, licence) as kind -> number."""
    if value is None:
        return ()
    obj = _object(value, "documents", at)
    out = []
    for kind, number in obj.items():
        text = _text(number, f"documents.{kind}", at)
        if text is not None:
            out.append((str(kind), text))
    return tuple(out)
