"""Blocking keys: which indexed names are worth scoring for a query.

The screening index maps key -> names; a query is scored only against names sharing a key, so
keys must be forgiving enough to bring the right name in (spelling, transliteration, glued or
split words) and selective enough that one key does not pull in half the list. Key kinds, told
apart by their prefix so the engine can weigh them:

* ``n:<canonical token>``: a word, with given-name spellings folded to their class.
* ``n:<token><next token>``: two adjacent words glued ("Jong Un" meets "Jongun").
* ``n:<token without al-/el-/bin al->``: "Alzawahiri" meets "al-Zawahiri" (not for known
  given names, so "Albert" does not also key as "bert").
* ``p:<phonetic key>``: a word's phonetic key (and the Spanish yeismo variant).
* ``d:<word or word less one letter>``: symmetric-deletion keys for words of five or
  more letters, so one typo still shares a key.
* ``s:<consonant skeleton>``: a word's (or two glued words') consonants, doubles collapsed,
  four or more: catches vowel typos and compounds the splitter did not recognise.
* ``a:<consonant classes>``: three or more consonant classes (consonants.py), for queries
  written in Arabic or Persian script; list names carry them, Latin queries never ask.

Weak keys come from words so common on lists that they select thousands of names on their own
("muhammad", "abd", "ali", "kim"): the engine should only use a name found through weak keys
when it also shares a strong one, or cap how many names a weak key may return. `is_weak_key`
knows the static list; `KeyStats` measures frequencies on the real index.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import cache

from moneytrail.names._data import read_lines
from moneytrail.names.analyze import NameForm
from moneytrail.names.consonants import consonant_classes
from moneytrail.names.equivalents import canonical_given_name, is_known_given_name, nicknames
from moneytrail.names.phonetic import phonetic_key, phonetic_variants

NAME_PREFIX = "n:"
PHONETIC_PREFIX = "p:"
SKELETON_PREFIX = "s:"
CLASSES_PREFIX = "a:"
_MIN_CLASSES = 3
_MIN_SKELETON = 4
_VOWELS = re.compile(r"[aeiouyhw]+")
_DOUBLES = re.compile(r"(.)\1+")


def consonant_skeleton(token: str) -> str:
    """Consonants only, doubles collapsed: survives vowel typos and glued or split
    particles ("tajidene", "tajideen" and "taj din" glued all give "tjdn")."""
    if not token:
        return ""
    return _DOUBLES.sub(r"\1", token[0] + _VOWELS.sub("", token[1:]))


_MIN_KEY = 2
_GLUED_ARTICLE = re.compile(r"^(?:bin|ben|ibn|abu)?(?:al|el)(?=[a-z]{4,}$)")


@cache
def weak_tokens() -> frozenset[str]:
    """Canonical tokens whose keys are weak (data/weak_tokens.txt)."""
    return read_lines("weak_tokens.txt")


@cache
def _weak_keys() -> frozenset[str]:
    tokens = weak_tokens()
    return frozenset(
        {NAME_PREFIX + t for t in tokens} | {PHONETIC_PREFIX + phonetic_key(t) for t in tokens}
    )


def is_weak_key(key: str) -> bool:
    """A key too common or too short to select candidates on its own."""
    return key in _weak_keys() or len(key) - 2 <= _MIN_KEY


DELETION_PREFIX = "d:"
_MIN_DELETION = 5


def deletion_keys(token: str) -> set[str]:
    """The word and every form of it with one letter deleted (symmetric-deletion keys).

    Two spellings one edit apart share one of these keys, so a typo in the rarest word
    of a name ("Shermazashvili" for "Shermazashvili") still brings the right entry in.
    Only for longer words: short ones would select too much.
    """
    if len(token) < _MIN_DELETION or not token.isalpha() or token in weak_tokens():
        return set()
    keys = {DELETION_PREFIX + token}
    keys.update(DELETION_PREFIX + token[:i] + token[i + 1 :] for i in range(len(token)))
    return keys


def token_keys(form: NameForm, classes: bool | None = None) -> list[set[str]]:
    """The keys each token of a name contributes (glued pairs count for both tokens).

    Lets the screening engine tell how much of a query a candidate covers, not just
    how many keys they share. ``classes``: add the consonant-class keys (default: when
    the name is not written in Latin script).
    """
    if classes is None:
        classes = form.script != "Latin"
    out: list[set[str]] = []
    for token, canonical in zip(form.tokens, form.canonical, strict=True):
        keys: set[str] = set()
        if len(canonical) >= _MIN_KEY:
            keys.add(NAME_PREFIX + canonical)
        stripped = _GLUED_ARTICLE.sub("", token)
        if stripped != token and not is_known_given_name(token):
            keys.add(NAME_PREFIX + stripped)
        if token.isalpha() and len(token) > _MIN_KEY:
            keys.update(PHONETIC_PREFIX + key for key in phonetic_variants(token))
        skeleton = consonant_skeleton(token)
        if len(skeleton) >= _MIN_SKELETON:
            keys.add(SKELETON_PREFIX + skeleton)
        keys.update(deletion_keys(token))
        if classes and len(cc := consonant_classes(token)) >= _MIN_CLASSES:
            keys.add(CLASSES_PREFIX + cc)
        out.append(keys)
    for i, (left, right) in enumerate(zip(form.tokens, form.tokens[1:], strict=False)):
        glued = {NAME_PREFIX + left + right}
        skeleton = consonant_skeleton(left + right)
        # "haleel holdings" glued has the skeleton of "holdings" alone: such a key would
        # credit the rare word with what only the common one shares.
        own = {consonant_skeleton(left), consonant_skeleton(right)}
        if len(skeleton) >= _MIN_SKELETON and skeleton not in own:
            glued.add(SKELETON_PREFIX + skeleton)
        out[i] |= glued
        out[i + 1] |= glued
    return out


def nickname_keys(token: str) -> set[str]:
    """Word keys of the names the nickname table links to the token ("bill" -> n:william).

    Asked on the query side only: the index keeps its own keys, and a query for "Bill"
    also looks up the names keyed "william" (and "robert", which the scorer then weighs).
    """
    return {NAME_PREFIX + canonical_given_name(n) for n in nicknames(token) if len(n) >= _MIN_KEY}


def name_keys(form: NameForm) -> set[str]:
    """Blocking keys of one analysed name (see the module docstring for the kinds)."""
    return set().union(*token_keys(form, classes=True)) if form.tokens else set()


class KeyStats:
    """How many indexed names carry each key, to find weak keys on the real data.

    Build it while indexing (`add` each name's keys), then ask `is_weak` with a cap suited to
    the index size. The static list in `is_weak_key` covers a query before any index exists.
    """

    def __init__(self) -> None:
        self._counts: Counter[str] = Counter()
        self.names = 0

    def add(self, keys: Iterable[str]) -> None:
        self._counts.update(set(keys))
        self.names += 1

    def count(self, key: str) -> int:
        return self._counts[key]

    def is_weak(self, key: str, max_share: float = 0.005, min_count: int = 50) -> bool:
        """Weak if on the static list or carried by more than max_share of names (and more
        than min_count, so a small index does not call every key weak)."""
        if is_weak_key(key):
            return True
        count = self._counts[key]
        return count > min_count and count > max_share * self.names

    def most_common(self, n: int = 20) -> list[tuple[str, int]]:
        return self._counts.most_common(n)
