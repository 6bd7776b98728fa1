"""Store entities -> one flat row each of comparable fields, as Arrow, for record linkage.

Splink compares columns, not followthemoney entities, so every field it compares is
derived here once: names through moneytrail.names (folded, given-name spellings joined
into one class, phonetic keys), so "TAJIDEEN, Kassim" and "Qasim Tajideen" already agree
before any string distance is taken; tokens are sorted so "SURNAME Given" and
"Given SURNAME" agree too. Dates keep their precision ("1955" stays a year) and a
day/month-swapped reading is kept beside the date, because clerks swap them. Designated
list entries are not resolution records: they join through the screening engine
(lists.py), which knows their aliases and weak a.k.a.s.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Any

import pyarrow as pa
from normality import ascii_text

from moneytrail.errors import InvalidInput
from moneytrail.names import analyze_name, variants
from moneytrail.screening.query import normalize_identifier
from moneytrail.store import Store

RESOLVED_SCHEMATA: tuple[str, ...] = ("Person", "Company", "Organization", "LegalEntity")
NAME_PROPS = ("name", "alias", "previousName", "weakAlias")
DATE_PROPS = {"person": ("birthDate",), "org": ("incorporationDate",)}
COUNTRY_PROPS = {
    "person": ("nationality", "citizenship", "country", "birthCountry"),
    "org": ("jurisdiction", "country", "mainCountry"),
}
ID_PROPS = {
    "person": ("passportNumber", "idNumber", "taxNumber", "socialSecurityNumber"),
    "org": ("registrationNumber", "taxNumber", "leiCode", "vatCode", "innCode", "ogrnCode"),
}
MIN_IDENTIFIER = 4  # shorter "numbers" (1, A12) tie unrelated records together

_LIST = pa.list_(pa.string())
RECORD_SCHEMA = pa.schema(
    [
        ("unique_id", pa.string()),
        ("kind", pa.string()),
        ("schema", pa.string()),
        ("dataset", pa.string()),
        ("caption", pa.string()),
        ("name_sorted", pa.string()),
        ("phonetic_sorted", pa.string()),
        ("name_tokens", _LIST),
        ("phonetic_tokens", _LIST),
        ("word_keys", pa.list_(_LIST)),
        ("spelling_keys", _LIST),
        ("name_keys", _LIST),
        ("birth_date", pa.string()),
        ("birth_date_swapped", pa.string()),
        ("birth_year", pa.string()),
        ("birth_month", pa.string()),
        ("countries", _LIST),
        ("identifiers", _LIST),
        ("address", pa.string()),
    ]
)


def kind_of(schema: str) -> str:
    """People compare with people, organisations with organisations."""
    return "person" if schema == "Person" else "org"


def _first(props: Mapping[str, Sequence[str]], names: Sequence[str]) -> str | None:
    for prop in names:
        values = sorted(v for v in props.get(prop, ()) if v)
        if values:
            return values[0]
    return None


def _primary_name(schema: str, props: Mapping[str, Sequence[str]]) -> str | None:
    """The record's own name; a person's name parts if the registry split it."""
    name = _first(props, ("name",))
    if name is None and schema == "Person":
        parts = [_first(props, (p,)) for p in ("firstName", "middleName", "lastName")]
        name = " ".join(p for p in parts if p) or None
    return name or _first(props, NAME_PROPS[1:])


_NAME_FIELDS = (
    "name_sorted", "phonetic_sorted", "name_tokens", "phonetic_tokens",
    "word_keys", "spelling_keys", "name_keys",
)  # fmt: skip
MIN_DELETION_WORD = 4  # "ali" minus a letter is "al", "ai", "li": too many other names


@lru_cache(maxsize=200_000)
def _spellings(word: str, canonical: str, phonetic: str) -> tuple[str, ...]:
    """The keys two spellings of one word share: the word, its given-name class, its
    phonetic key and the word with one letter deleted (so a typo, a doubled or dropped
    letter or two swapped letters still meet, as in SymSpell)."""
    keys = {word, canonical, "p:" + phonetic}
    if len(word) >= MIN_DELETION_WORD:
        keys.update(word[:i] + word[i + 1 :] for i in range(len(word)))
    return tuple(sorted(keys))


@lru_cache(maxsize=200_000)
def _queries(word: str, canonical: str, phonetic: str) -> tuple[str, ...]:
    """A word's own spellings plus its nicknames and romanisations. Only one side of a
    comparison looks up nicknames: Bill finds William, but William and Robert (both
    "Bill") do not find each other."""
    return tuple(sorted({*_spellings(word, canonical, phonetic), *variants(word)}))


@lru_cache(maxsize=200_000)
def _name_fields(name: str | None, schema: str) -> tuple[Any, ...]:
    """The name columns of RECORD_SCHEMA, in _NAME_FIELDS order (cached: names repeat)."""
    if name is None:
        return (None,) * len(_NAME_FIELDS)
    try:
        form = analyze_name(name, schema)
    except InvalidInput:  # a name of punctuation only: compare on the other fields
        return (None,) * len(_NAME_FIELDS)
    if not form.tokens:
        return (None,) * len(_NAME_FIELDS)
    words = sorted(set(zip(form.tokens, form.canonical, form.phonetic, strict=True)))
    lookup = _queries if form.schema == "person" else _spellings
    canonical = sorted(form.canonical)
    return (
        " ".join(canonical),
        " ".join(sorted(form.phonetic)),
        sorted(set(canonical)),
        sorted(set(form.phonetic)),
        [list(lookup(*w)) for w in words],
        sorted({k for w in words for k in _spellings(*w)}),
        pair_keys(canonical),
    )


def pair_keys(tokens: Sequence[str]) -> list[str] | None:
    """One word whole and the initial of another ("tajideen|k"): two records meet when
    they agree on one word and the first letter of a second, whatever the order, the
    typos in the second word or a dropped middle name."""
    keys = {f"{a}|{b[0]}" for a in tokens for b in tokens if a != b and len(a) > 1}
    return sorted(keys) or None


def _swapped(date: str | None) -> str | None:
    """2001-03-04 read the other way round (2001-04-03), when both readings are dates."""
    if date is None or len(date) != 10:
        return None
    year, month, day = date[:4], date[5:7], date[8:10]
    if not (day.isdigit() and month.isdigit()) or day == month or int(day) > 12:
        return None
    return f"{year}-{day}-{month}"


def _address(value: str | None) -> str | None:
    if value is None:
        return None
    text = re.sub(r"[^a-z0-9]+", " ", (ascii_text(value) or "").lower()).strip()
    return text or None


def build_record(
    entity_id: str, schema: str, dataset: str, props: Mapping[str, Sequence[str]]
) -> dict[str, Any]:
    """One entity's comparable fields (a row of RECORD_SCHEMA)."""
    kind = kind_of(schema)
    name = _primary_name(schema, props)
    date = _first(props, DATE_PROPS[kind])
    countries = sorted({c.lower() for p in COUNTRY_PROPS[kind] for c in props.get(p, ())})
    idents = {normalize_identifier(v) for p in ID_PROPS[kind] for v in props.get(p, ())}
    identifiers = sorted(i for i in idents if len(i) >= MIN_IDENTIFIER)
    return {
        "unique_id": entity_id,
        "kind": kind,
        "schema": schema,
        "dataset": dataset,
        "caption": name or entity_id,
        **dict(zip(_NAME_FIELDS, _name_fields(name, schema), strict=True)),
        "birth_date": date,
        "birth_date_swapped": _swapped(date),
        "birth_year": date[:4] if date and date[:4].isdigit() else None,
        "birth_month": date[:7] if date and len(date) >= 7 else None,
        "countries": countries or None,
        "identifiers": identifiers or None,
        "address": _address(_first(props, ("address",))),
    }


def records_table(rows: Iterable[dict[str, Any]]) -> pa.Table:
    """Rows of build_record, sorted by id so a run does not depend on the input order."""
    ordered = sorted(rows, key=lambda r: str(r["unique_id"]))
    return pa.Table.from_pylist(ordered, schema=RECORD_SCHEMA)


def entity_records(entities: Iterable[Mapping[str, Any]]) -> pa.Table:
    """FtM-shaped dicts ({"id", "schema", "datasets", "properties"}) -> records."""
    rows = []
    for number, entity in enumerate(entities, start=1):
        schema = entity.get("schema")
        if schema not in RESOLVED_SCHEMATA or not entity.get("id"):
            raise InvalidInput(
                f"expected an id and one of {', '.join(RESOLVED_SCHEMATA)}, got {schema!r}",
                line=number,
            )
        datasets = entity.get("datasets") or ["default"]
        rows.append(build_record(str(entity["id"]), schema, datasets[0], entity["properties"]))
    return records_table(rows)


def store_records(store: Store) -> pa.Table:
    """Every person and organisation of the store that is not itself a designated entry."""
    schemata = ", ".join(f"'{s}'" for s in RESOLVED_SCHEMATA)
    rows = store.engine.query(
        f"""SELECT entity_id, schema, dataset, prop, value FROM statements
        WHERE schema IN ({schemata}) AND entity_id NOT IN (
            SELECT entity_id FROM statements WHERE prop = 'topics' AND value LIKE 'sanction%')
        ORDER BY entity_id, prop, value"""
    ).to_pylist()
    props: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    heads: dict[str, tuple[str, str]] = {}
    for r in rows:
        heads.setdefault(r["entity_id"], (r["schema"], r["dataset"]))
        props[r["entity_id"]][r["prop"]].append(r["value"])
    return records_table(
        build_record(eid, schema, dataset, props[eid]) for eid, (schema, dataset) in heads.items()
    )
