"""The entry point: one name as written on a list or in a customer file -> NameForm.

Everything the scorer compares is computed here once per distinct name and cached, so screening
a query costs a dictionary lookup for any name seen before. The steps are: fold to ASCII
(normalize.py), put "LAST, First" back in reading order, split off legal forms (companies),
write number words as digits (companies, vessels: numbers.py),
drop honorifics and particles and rewrite Arabic compounds (particles.py, compounds.py), then
derive the given-name class and phonetic key of every word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from followthemoney import model
from rigour.names import remove_obj_prefixes, remove_person_prefixes

from moneytrail.errors import InvalidInput
from moneytrail.names.equivalents import canonical_given_name
from moneytrail.names.legal_forms import split_legal_form
from moneytrail.names.normalize import clean, fold_text
from moneytrail.names.numbers import words_to_digits
from moneytrail.names.particles import (
    ARTICLES,
    PATRONYMIC,
    SUFFIXES,
    org_tokens,
    person_tokens,
)
from moneytrail.names.phonetic import phonetic_key
from moneytrail.names.script import detect_script

Kind = Literal["person", "org", "entity", "vessel", "airplane"]
_CACHE_SIZE = 262144  # every name and alias of the lists (~60k) plus the hot queries
# Scripts without Western particles: "Le", "Do", "Van" are name words there.
_NO_WESTERN_PARTICLES = frozenset({"Han", "Hangul", "Hiragana", "Katakana"})


@dataclass(frozen=True)
class NameForm:
    """Comparable forms of one name; every field is derived from `original`, so equal
    originals give equal forms and the scorer can explain a match field by field."""

    original: str
    schema: Kind
    tokens: tuple[str, ...]
    canonical: tuple[str, ...]
    phonetic: tuple[str, ...]
    initials: tuple[str, ...]
    legal_form: str | None
    script: str
    # Words written as one hyphenated surname ("Agha-Ahmadi"): half of it is not the name.
    hyphenated: frozenset[str] = frozenset()

    @property
    def joined(self) -> str:
        """Tokens without spaces: "Tajideen" and "Taj al-Din" meet here."""
        return "".join(self.tokens)


@lru_cache(maxsize=64)
def schema_kind(schema: str) -> Kind:
    """followthemoney schema name -> the kind of name rules that apply to it."""
    found = model.get(schema)
    if found is None:
        raise InvalidInput(f"unknown followthemoney schema {schema!r}", field="schema")
    if found.is_a("Person"):
        return "person"
    if found.is_a("Organization"):
        return "org"
    if found.is_a("Vessel"):
        return "vessel"
    if found.is_a("Airplane"):
        return "airplane"
    return "entity"


def reading_order(folded: str) -> str:
    """ "LAST, First Middle" (OFAC style) -> "First Middle LAST"; other commas become spaces.

    A trailing ", Jr." is a suffix, not a given name, so it does not trigger the swap.
    """
    parts = [p.strip() for p in folded.split(",") if p.strip()]
    while len(parts) > 1 and all(w.strip(".") in SUFFIXES for w in parts[-1].split()):
        parts.pop()
    if len(parts) == 2:
        parts = [parts[1], parts[0]]
    return " ".join(parts)


def _split_initials(tokens: list[str]) -> tuple[list[str], tuple[str, ...]]:
    initials = tuple(t for t in tokens if len(t) == 1 and t.isalpha())
    words = [t for t in tokens if not (len(t) == 1 and t.isalpha())]
    return (words, initials) if words else (tokens, ())


def _person(folded: str, script: str) -> tuple[list[str], tuple[str, ...]]:
    text = clean(reading_order(remove_person_prefixes(folded)), join_dotted=False)
    initials: tuple[str, ...] = ()
    if script == "Hangul":
        # One syllable is a whole name there, and the commonest surnames are one letter
        # romanised (오 "O", 이 "I"): never an initial to drop from the alignment.
        words = text.split()
    else:
        words, initials = _split_initials(text.split())
    return person_tokens(words, western=script not in _NO_WESTERN_PARTICLES), initials


def _org(folded: str) -> tuple[list[str], str | None]:
    words, legal_form = split_legal_form(clean(folded, join_dotted=True).split())
    return words_to_digits(org_tokens(words)), legal_form


def _tokens(kind: Kind, folded: str, script: str) -> tuple[list[str], tuple[str, ...], str | None]:
    if kind == "person":
        words, initials = _person(folded, script)
        return words, initials, None
    if kind in ("vessel", "airplane"):
        return (
            words_to_digits(clean(remove_obj_prefixes(folded), join_dotted=True).split()),
            (),
            None,
        )
    words, legal_form = _org(folded)
    if kind == "entity" and legal_form is None:
        words, initials = _person(folded, script)
        return words, initials, None
    return words, (), legal_form


_HYPHENATED = re.compile(r"[a-z]{2,}(?:-[a-z]{2,})+")


def _hyphen_parts(folded: str) -> frozenset[str]:
    """The parts of hyphenated words ("agha-ahmadi"), articles and "bin" aside."""
    parts: set[str] = set()
    for m in _HYPHENATED.finditer(folded.lower()):
        words = [w for w in m.group(0).split("-") if w not in ARTICLES and w not in PATRONYMIC]
        if len(words) >= 2:
            parts.update(words)
    return frozenset(parts)


@lru_cache(maxsize=_CACHE_SIZE)
def analyze_name(name: str, schema: str = "Person") -> NameForm:
    """Analyse one name; raises InvalidInput for an unknown schema or a name with no letters
    or digits (the caller decides whether to skip such a record or report it)."""
    kind = schema_kind(schema)
    script = detect_script(name)
    folded = fold_text(name)
    tokens, initials, legal_form = _tokens(kind, folded, script)
    if not tokens and not initials:
        raise InvalidInput(f"name {name!r} has no letters or digits", field="name")
    given = kind in ("person", "entity") and legal_form is None
    return NameForm(
        original=name,
        schema="org" if kind == "entity" and legal_form is not None else kind,
        tokens=tuple(tokens),
        canonical=tuple(canonical_given_name(t) if given else t for t in tokens),
        phonetic=tuple(phonetic_key(t) for t in tokens),
        initials=initials,
        legal_form=legal_form,
        script=script,
        hyphenated=_hyphen_parts(folded) if kind == "person" else frozenset(),
    )


def analyze_uncached(name: str, schema: str = "Person") -> NameForm:
    """``analyze_name`` without touching its cache: for names seen once (customers)."""
    return analyze_name.__wrapped__(name, schema)
