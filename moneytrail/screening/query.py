"""Screening queries: followthemoney-shaped records, as yente's /match takes them.

A query is validated against followthemoney's schema before anything is screened, so
a misspelt property or an unknown schema is reported (with its line) instead of
silently weakening the screen.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from followthemoney import model

from moneytrail.errors import InvalidInput
from moneytrail.names import analyze_uncached
from moneytrail.names.split import name_parts

QUERY_SCHEMATA = ("Person", "Company", "Organization", "LegalEntity", "Vessel", "Airplane")
NAME_PROPS = ("name", "alias", "weakAlias", "previousName")
PERSON_NAME_PARTS = ("firstName", "secondName", "middleName", "fatherName", "lastName")
COUNTRY_PROPS = ("nationality", "citizenship", "country", "jurisdiction", "birthCountry", "flag")
ID_PROPS = (
    "passportNumber",
    "idNumber",
    "taxNumber",
    "registrationNumber",
    "imoNumber",
    "mmsi",
    "leiCode",
    "swiftBic",
    "innCode",
    "ogrnCode",
    "vatCode",
    "socialSecurityNumber",
    "serialNumber",
    "callSign",
)


@dataclass(frozen=True, slots=True)
class Query:
    """One record to screen, with its properties cleaned by followthemoney."""

    id: str
    schema: str
    names: tuple[str, ...]
    birth_dates: tuple[str, ...]
    countries: tuple[str, ...]
    gender: str | None
    identifiers: tuple[str, ...]
    fingerprint: str

    @classmethod
    def from_record(cls, record: Any, *, file: str | None = None, line: int | None = None) -> Query:
        """Validate a record; InvalidInput names the file, line and field at fault."""
        if not isinstance(record, Mapping):
            raise InvalidInput("expected a JSON object", file=file, line=line)
        schema_name = record.get("schema", "LegalEntity")
        schema = model.get(schema_name) if isinstance(schema_name, str) else None
        if schema is None or schema.name not in QUERY_SCHEMATA:
            raise InvalidInput(
                f"unknown schema {schema_name!r} (expected one of {', '.join(QUERY_SCHEMATA)})",
                file=file,
                line=line,
                field="schema",
            )
        props = record.get("properties", {})
        if not isinstance(props, Mapping):
            raise InvalidInput("properties must be an object", file=file, line=line)
        cleaned = _clean_properties(schema.name, props, file, line)
        names = _names(schema.name, cleaned)
        if not names:
            raise InvalidInput(
                "a record needs a name", file=file, line=line, field="properties.name"
            )
        qid = record.get("id")
        if qid is None or not str(qid).strip():
            raise InvalidInput("a record needs an id", file=file, line=line, field="id")
        genders = cleaned.get("gender", [])
        return cls(
            id=str(qid),
            schema=schema.name,
            names=names,
            birth_dates=tuple(cleaned.get("birthDate", [])),
            countries=tuple(dict.fromkeys(c for p in COUNTRY_PROPS for c in cleaned.get(p, []))),
            gender=genders[0] if genders else None,
            identifiers=tuple(
                dict.fromkeys(normalize_identifier(v) for p in ID_PROPS for v in cleaned.get(p, []))
            ),
            fingerprint=_fingerprint(schema.name, cleaned),
        )


def normalize_identifier(value: str) -> str:
    """Passport and registry numbers compare without spaces, dashes or case."""
    return "".join(ch for ch in value.upper() if ch.isalnum())


def _clean_properties(
    schema: str, props: Mapping[str, Any], file: str | None, line: int | None
) -> dict[str, list[str]]:
    schema_obj = model.get(schema)
    assert schema_obj is not None
    out: dict[str, list[str]] = {}
    for name, raw in props.items():
        prop = schema_obj.get(name)
        if prop is None:
            raise InvalidInput(
                f"{schema} has no property {name!r}", file=file, line=line, field=name
            )
        values = raw if isinstance(raw, list) else [raw]
        for value in values:
            if value is None:
                continue
            if not isinstance(value, str | int | float):
                raise InvalidInput(
                    "values must be strings", file=file, line=line, field=f"properties.{name}"
                )
            clean = prop.type.clean(str(value))
            if clean is not None:
                out.setdefault(name, []).append(clean)
    return out


def _names(schema: str, props: dict[str, list[str]]) -> tuple[str, ...]:
    names = [part for p in NAME_PROPS for v in props.get(p, []) for part in name_parts(v)]
    if schema == "Person":
        parts = [props[p][0] for p in PERSON_NAME_PARTS if props.get(p)]
        if parts:
            names.append(" ".join(parts))
    return tuple(dict.fromkeys(n for n in names if _screenable(n, schema)))


def _screenable(name: str, schema: str) -> bool:
    """A name must have letters or digits left once normalised."""
    try:
        return bool(analyze_uncached(name, schema).tokens)
    except InvalidInput:
        return False


def _fingerprint(schema: str, props: dict[str, list[str]]) -> str:
    """What the record says, hashed: a decided alert stays decided only for the same record."""
    text = json.dumps([schema, sorted((k, sorted(v)) for k, v in props.items())])
    return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()[:16]
