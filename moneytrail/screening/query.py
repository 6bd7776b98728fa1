"""Screening queries: followthemoney-shaped records, as yente's /match takes them.

A query is validated against followthemoney's schema before anything is screened, so
a misspelt property or an unknown schema is reported (with its line) instead of
silently weakening the screen. Text that is no text (a lone UTF-16 surrogate) is
refused in any field; a name holding invisible characters is screened under each way a
reader may take it (names/invisible.py), and a name glued in mixed case also split
where the case changes (names/glued.py).
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
from moneytrail.names.glued import camel_split
from moneytrail.names.invisible import has_lone_surrogate, readings
from moneytrail.names.split import name_parts
from moneytrail.screening.identifiers import normalize_identifier as normalize_identifier
from moneytrail.screening.wallets import WALLET_SCHEMA, wallet_inputs

QUERY_SCHEMATA = ("Person", "Company", "Organization", "LegalEntity", "Vessel", "Airplane")
NAME_PROPS = ("name", "alias", "weakAlias", "previousName")
PERSON_NAME_PARTS = ("firstName", "secondName", "middleName", "fatherName", "lastName")
TEXT_NAME_PROPS = frozenset((*NAME_PROPS, *PERSON_NAME_PARTS))
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
    wallets: tuple[tuple[str, str | None], ...] = ()  # CryptoWallet: (address, currency)

    @classmethod
    def from_record(cls, record: Any, *, file: str | None = None, line: int | None = None) -> Query:
        """Validate a record; InvalidInput names the file, line and field at fault."""
        if not isinstance(record, Mapping):
            raise InvalidInput("expected a JSON object", file=file, line=line)
        for key in ("id", "schema"):
            _refuse_broken(record.get(key), key, file, line)
        schema_name = record.get("schema", "LegalEntity")
        schema = model.get(schema_name) if isinstance(schema_name, str) else None
        if schema is None or schema.name not in (*QUERY_SCHEMATA, WALLET_SCHEMA):
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
        # A record with an identifier and no name is screened on the identifier alone (as
        # yente does: payment and vessel screening send an IMO or BIC only).
        wallets = wallet_inputs(cleaned) if schema.name == WALLET_SCHEMA else ()
        if not names and not wallets and not any(cleaned.get(p) for p in ID_PROPS):
            raise InvalidInput(
                "a record needs a name or an identifier",
                file=file,
                line=line,
                field="properties.name",
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
                dict.fromkeys(
                    normalize_identifier(v, p) for p in ID_PROPS for v in cleaned.get(p, [])
                )
            ),
            fingerprint=_fingerprint(schema.name, cleaned),
            wallets=wallets,
        )


def _clean_properties(
    schema: str, props: Mapping[str, Any], file: str | None, line: int | None
) -> dict[str, list[str]]:
    schema_obj = model.get(schema)
    assert schema_obj is not None
    out: dict[str, list[str]] = {}
    for name, raw in props.items():
        _refuse_broken(name, "properties", file, line)
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
            _refuse_broken(value, f"properties.{name}", file, line)
            # followthemoney's cleaning deletes invisible characters, gluing the words
            # they separated: names are read first (invisible.py), both ways if ambiguous.
            texts = readings(str(value)) if name in TEXT_NAME_PROPS else (str(value),)
            for text in texts:
                clean = prop.type.clean(text)
                if clean is not None and clean not in out.get(name, ()):
                    out.setdefault(name, []).append(clean)
    return out


def _refuse_broken(value: object, field: str, file: str | None, line: int | None) -> None:
    """Lone UTF-16 surrogates ("\\ud800" in JSON) are no text at all: nothing can store,
    print or audit them, and guessing what was meant would screen another name. Refused;
    every other odd character is cleaned (invisible.py)."""
    if isinstance(value, str) and has_lone_surrogate(value):
        raise InvalidInput(
            "invalid text: a lone UTF-16 surrogate (e.g. \\ud800)",
            file=file,
            line=line,
            field=field.encode("utf-8", "backslashreplace").decode("utf-8"),
        )


def _names(schema: str, props: dict[str, list[str]]) -> tuple[str, ...]:
    names = [part for p in NAME_PROPS for v in props.get(p, []) for part in name_parts(v)]
    if schema == "Person":
        # Each part's first value; when a part has two readings (invisible.py), the name
        # is put together once from the first readings and once from the last.
        for pick in (0, 1):
            parts = [v[min(pick, len(v) - 1)] for p in PERSON_NAME_PARTS if (v := props.get(p))]
            if parts:
                names.append(" ".join(parts))
    # A glued name's second reading, split where the case changes (glued.py).
    names.extend(camel_split(n) for n in list(names))
    return tuple(n for n in dict.fromkeys(names) if _screenable(n, schema))


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
