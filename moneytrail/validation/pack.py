"""The name-variation test pack: what customer files do to listed names, drawn from the lists.

An examiner asks whether screening finds a listed party when the customer file spells it
another way. Each kind of variation here is one thing that happens to names between a list
and a bank's records (a different transliteration, a typo, a dropped second surname, a
legal form left off, the name kept in its original script), applied to entries drawn from
the *loaded* lists with a seed, so the pack is the user's own and the same seed gives the
same pack. Two kinds are not made by rule but taken from the lists themselves and held
out of the index while the pack is screened: a real alias of the entry, and a real name in
another script. Figures on this pack are own-generator figures for the rule-made kinds:
they show where recall breaks, not an independent quality measure (DESIGN.md).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any, cast

from moneytrail.errors import InvalidInput
from moneytrail.names import name_keys
from moneytrail.names.legal_forms import split_legal_form
from moneytrail.names.particles import ARTICLES, PATRONYMIC, WESTERN
from moneytrail.screening.index import Entry, IndexedName, ListIndex
from moneytrail.screening.query import Query

KINDS = (
    "held_out_alias",
    "transliteration",
    "typo",
    "word_order",
    "initials",
    "dropped_particle",
    "dropped_surname",
    "legal_form",
    "script",
)
KIND_TEXT = {
    "held_out_alias": "a real alias of the entry, removed from the index while screened",
    "transliteration": "one common romanisation swapped (ou/u, kh/h, q/k, ee/i, j/dj, ...)",
    "typo": "one keyboard slip: a letter dropped, doubled, swapped or replaced",
    "word_order": "a person's words in reverse reading order",
    "initials": "one given name written as its initial",
    "dropped_particle": "the particles left out (al, bin, de, van, ...)",
    "dropped_surname": "the second of two surnames, or the last word of three or more, left out",
    "legal_form": "the legal form left off, or one added where the list has none",
    "script": "a real name of the entry in a non-Latin script, removed from the index",
}
PARTICLES = ARTICLES | PATRONYMIC | WESTERN
# Alternative romanisations of the same sound, as customer files and lists write them.
TRANSLITERATIONS: tuple[tuple[str, str], ...] = (
    ("ou", "u"),
    ("kh", "h"),
    ("q", "k"),
    ("ee", "i"),
    ("j", "dj"),
    ("sh", "ch"),
    ("ph", "f"),
    ("w", "v"),
    ("y", "i"),
    ("ai", "ay"),
    ("x", "ks"),
    ("oo", "u"),
    ("dh", "z"),
    ("ia", "iya"),
    ("ei", "ey"),
)
ADDED_FORMS = ("LLC", "LTD", "S.A.", "GMBH")
QUERY_SCHEMA = {"PublicBody": "Organization"}
ORG_SCHEMATA = frozenset({"Company", "Organization", "LegalEntity", "PublicBody"})


@dataclass(frozen=True, slots=True)
class Variation:
    """One test case: screen ``variant``; the pack expects ``entry_id`` among the matches."""

    id: str
    kind: str
    entry_id: str
    schema: str
    source: str
    variant: str
    birth_dates: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    held_out: tuple[int, ...] = field(default=(), compare=False)

    def record(self, *, birth_dates: bool = True, countries: bool = True) -> dict[str, Any]:
        """The customer-file record a bank would hold (optionally without a field)."""
        props: dict[str, list[str]] = {"name": [self.variant]}
        if birth_dates and self.birth_dates and self.schema == "Person":
            props["birthDate"] = list(self.birth_dates)
        if countries and self.countries:
            props["nationality" if self.schema == "Person" else "country"] = list(self.countries)
        return {"id": self.id, "schema": self.schema, "properties": props}

    def as_json(self) -> dict[str, Any]:
        """One line of variations.jsonl."""
        return {
            "id": self.id,
            "kind": self.kind,
            "expected": self.entry_id,
            "source": self.source,
            "query": self.record(),
        }


Made = tuple[str, str, tuple[int, ...]]  # (source name, variant, held-out name positions)
Maker = Callable[[Entry, list[IndexedName], random.Random], Made | None]


def _latin(names: list[IndexedName], props: tuple[str, ...] = ("name", "alias")) -> list[str]:
    return [n.text for n in names if n.prop in props and n.form.script == "Latin"]


def _primary(names: list[IndexedName]) -> str | None:
    found = _latin(names, ("name",)) or _latin(names)
    return found[0] if found else None


def natural_words(text: str, schema: str) -> list[str]:
    """Words in reading order: "TAJIDEEN, Ali" is "Ali TAJIDEEN" for a person."""
    if schema == "Person" and text.count(",") == 1:
        last, first = text.split(",")
        text = f"{first} {last}"
    return text.replace(",", " ").split()


def _with_case(original: str, replacement: str) -> str:
    return replacement.upper() if original.isupper() else replacement


def _transliteration(entry: Entry, names: list[IndexedName], rng: random.Random) -> Made | None:
    """Names of people and organisations: a vessel's or aircraft's code is not romanised."""
    source = _primary(names)
    if source is None or entry.schema not in ORG_SCHEMATA | {"Person"}:
        return None
    if any(ch.isdigit() for ch in source):
        return None
    lower = source.lower()
    options = [(a, b) for a, b in TRANSLITERATIONS if a in lower] + [
        (b, a) for a, b in TRANSLITERATIONS if b in lower and len(b) > 1
    ]
    if not options:
        return None
    old, new = rng.choice(sorted(options))
    at = lower.index(old)
    variant = source[:at] + _with_case(source[at : at + len(old)], new) + source[at + len(old) :]
    return (source, variant, ()) if variant.lower() != lower else None


def _typo(entry: Entry, names: list[IndexedName], rng: random.Random) -> Made | None:
    source = _primary(names)
    if source is None:
        return None
    spots = [m for m in re.finditer(r"[A-Za-z]{5,}", source)]
    if not spots:
        return None
    word = rng.choice(spots)
    i = rng.randrange(word.start() + 1, word.end() - 1)
    op = rng.choice(("drop", "double", "swap", "replace"))
    letter = "abcdefghijklmnopqrstuvwxyz"[rng.randrange(26)]
    letter = letter.upper() if source[i].isupper() else letter
    edits = {
        "drop": source[:i] + source[i + 1 :],
        "double": source[:i] + source[i] + source[i:],
        "swap": source[:i] + source[i + 1] + source[i] + source[i + 2 :],
        "replace": source[:i] + letter + source[i + 1 :],
    }
    variant = edits[op]
    return (source, variant, ()) if variant != source else None


def _word_order(entry: Entry, names: list[IndexedName], rng: random.Random) -> Made | None:
    """People's names only: a company's words reversed is no name anyone writes."""
    source = _primary(names)
    if source is None or entry.schema != "Person":
        return None
    words = natural_words(source, entry.schema)
    variant = list(reversed(words))
    # "HAQQANI, Yahya" reversed from reading order is the list's own order: no test.
    if len(set(words)) < 2 or variant == source.replace(",", " ").split():
        return None
    return source, " ".join(variant), ()


def _initials(entry: Entry, names: list[IndexedName], rng: random.Random) -> Made | None:
    source = _primary(names)
    if source is None or entry.schema != "Person":
        return None
    words = natural_words(source, entry.schema)
    given = [i for i, w in enumerate(words[:-1]) if len(w) > 1 and w[0].isalpha()]
    if not given:
        return None
    i = rng.choice(given)
    words[i] = words[i][0] + "."
    return source, " ".join(words), ()


def _dropped_particle(entry: Entry, names: list[IndexedName], rng: random.Random) -> Made | None:
    source = _primary(names)
    if source is None or entry.schema != "Person":
        return None
    words = re.split(r"[\s\-]+", " ".join(natural_words(source, entry.schema)))
    kept = [w for w in words if w.lower().strip(".'") not in PARTICLES]
    if len(kept) == len(words) or len(kept) < 2:
        return None
    return source, " ".join(kept), ()


def _dropped_surname(entry: Entry, names: list[IndexedName], rng: random.Random) -> Made | None:
    source = _primary(names)
    if source is None or entry.schema != "Person":
        return None
    if source.count(",") == 1:
        # "PEREZ GARCIA, Juan Carlos": the second of two surnames; a single surname before
        # the comma is not dropped (what would be left is given names and patronymics).
        surnames, given = (part.split() for part in source.split(","))
        if len(surnames) < 2:
            return None
        return source, " ".join([*given, *surnames[:-1]]), ()
    words = source.split()
    if len([w for w in words if w.lower() not in PARTICLES]) < 3:
        return None
    return source, " ".join(words[:-1]), ()


def _legal_form(entry: Entry, names: list[IndexedName], rng: random.Random) -> Made | None:
    source = _primary(names)
    if source is None or entry.schema not in ORG_SCHEMATA:
        return None
    words = source.split()
    lower = [w.lower().strip(".,()") for w in words]
    rest, form = split_legal_form(lower)
    if form is None:
        return source, f"{source} {rng.choice(ADDED_FORMS)}", ()
    for k in range(len(lower) - len(rest) + 1):
        if rest and lower[k : k + len(rest)] == rest and len(rest) < len(words):
            return source, " ".join(words[k : k + len(rest)]).rstrip(","), ()
    return None


def _held_out_alias(entry: Entry, names: list[IndexedName], rng: random.Random) -> Made | None:
    source = _primary(names)
    if source is None:
        return None
    kept_tokens = {tuple(sorted(n.form.tokens)) for n in names if n.text == source}
    aliases = [
        (pos, n)
        for pos, n in zip(entry.names, names, strict=True)
        if n.prop == "alias" and n.form.script == "Latin" and n.text != source
        if tuple(sorted(n.form.tokens)) not in kept_tokens
    ]
    if not aliases:
        return None
    pos, alias = rng.choice(aliases)
    same = [p for p, n in zip(entry.names, names, strict=True) if n.text == alias.text]
    return source, alias.text, tuple(same or [pos])


def _script(entry: Entry, names: list[IndexedName], rng: random.Random) -> Made | None:
    source = _primary(names)
    others = [
        (pos, n)
        for pos, n in zip(entry.names, names, strict=True)
        if n.form.script not in ("Latin", "Unknown")
    ]
    if source is None or not others:
        return None
    _, chosen = rng.choice(others)
    return source, chosen.text, tuple(pos for pos, _ in others)


MAKERS: dict[str, Maker] = {
    "held_out_alias": _held_out_alias,
    "transliteration": _transliteration,
    "typo": _typo,
    "word_order": _word_order,
    "initials": _initials,
    "dropped_particle": _dropped_particle,
    "dropped_surname": _dropped_surname,
    "legal_form": _legal_form,
    "script": _script,
}


def _screenable(variation: Variation) -> bool:
    try:
        Query.from_record(variation.record())
    except InvalidInput:
        return False
    return True


def generate_pack(index: ListIndex, *, seed: int, per_kind: int) -> list[Variation]:
    """Up to ``per_kind`` variations of each kind; the same index and seed give the same pack.

    Entries are visited in an order shuffled by the seed (from a sort by id, so the order
    the store returned them in does not matter), each kind with its own stream, so adding
    a kind leaves the others unchanged. An entry gives at most one variation per kind.
    """
    order = sorted(range(len(index.entries)), key=lambda p: index.entries[p].id)
    pack: list[Variation] = []
    for kind in KINDS:
        rng = random.Random(f"{seed}:{kind}")
        visit = order[:]
        rng.shuffle(visit)
        made = 0
        for pos in visit:
            if made >= per_kind:
                break
            variation = _make(index, pos, kind, rng, made)
            if variation is not None and _screenable(variation):
                pack.append(variation)
                made += 1
    return pack


def _make(index: ListIndex, pos: int, kind: str, rng: random.Random, n: int) -> Variation | None:
    listed = index.entries[pos]
    # Names in a fixed order (the store returns statements in no promised order), so the
    # seed alone decides which name a variation is made from.
    order = sorted(listed.names, key=lambda i: (index.names[i].prop, index.names[i].text))
    entry = replace(listed, names=order)
    names = [index.names[i] for i in order]
    if not names:
        return None
    made = MAKERS[kind](entry, names, rng)
    if made is None:
        return None
    source, variant, held_out = made
    return Variation(
        id=f"{kind}-{n + 1:04d}",
        kind=kind,
        entry_id=entry.id,
        schema=QUERY_SCHEMA.get(entry.schema, entry.schema),
        source=source,
        variant=variant,
        birth_dates=tuple(sorted(entry.birth_dates))[:1],
        countries=tuple(sorted(entry.countries))[:1],
        held_out=held_out,
    )


@contextmanager
def held_out(index: ListIndex, pack: list[Variation]) -> Iterator[ListIndex]:
    """The index without the pack's held-out names, restored afterwards (even on error).

    Held-out names leave the entry's name list and every posting list, so the entry can
    only be found through its other names, as when a customer file holds an alias the
    list does not. Each is put back at the place it held, so screening afterwards runs
    on exactly the index it ran on before.
    """
    undo: list[tuple[list[int], int, int]] = []  # (list, place, name)
    for n in sorted({n for v in pack for n in v.held_out}):
        lists = [index.entries[index.names[n].entry].names]
        # Postings are lists in a built index and in a cached one's parsed buckets alike.
        lists += [
            cast(list[int], index.postings[key]) for key in sorted(name_keys(index.names[n].form))
        ]
        for found in lists:
            if n in found:
                place = found.index(n)
                del found[place]
                undo.append((found, place, n))
    try:
        yield index
    finally:
        for found, place, n in reversed(undo):
            found.insert(place, n)
