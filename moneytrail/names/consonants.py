"""Consonant classes: where a name written in Arabic script meets its English spellings.

Arabic and Persian script write no short vowels, and each list romanises the consonants
its own way: ث is "th" to one and "s" to another ("Tharwat", "Sanaullah"), ذ "dh" or "z",
ق "q", "k" or "g", ج "j", "dj" or "g", خ "kh" or "h". So "ثروت" romanised letter by letter
("thrut") and "THIRWAT" on the list share no spelling, but they share consonant classes:
both reduce to "srt". The screen uses this key only for queries written in those
scripts, where it is the one thing the two spellings have in common.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Longest first: "dzh" before "zh", "kh" before "h".
_DIGRAPHS = (
    ("dzh", "j"),
    ("dj", "j"),
    ("zh", "j"),
    ("kh", "h"),
    ("gh", "k"),
    ("th", "s"),
    ("dh", "z"),
    ("sh", "$"),
    ("ch", "$"),
    ("ph", "f"),
    ("ce", "s"),
    ("ci", "s"),
)
_DIGRAPH_RE = re.compile("|".join(d for d, _ in _DIGRAPHS))
_DIGRAPH_MAP = dict(_DIGRAPHS)
_LETTERS = str.maketrans({"q": "k", "c": "k", "g": "k", "v": "w", "p": "b", "x": "k"})
_WEAK = re.compile(r"[aeiouwy'`]+")
_DOUBLES = re.compile(r"(.)\1+")


@lru_cache(maxsize=131072)
def consonant_classes(token: str) -> str:
    """The token's consonants by class, vowels and the weak letters w/y dropped, doubles
    collapsed, a final h (ة, "-ah") dropped: "jawhar" and "juhr" are both "jhr"."""
    text = _DIGRAPH_RE.sub(lambda m: _DIGRAPH_MAP[m.group(0)], token.lower())
    text = _WEAK.sub("", text.translate(_LETTERS))
    text = _DOUBLES.sub(r"\1", text)
    return text[:-1] if len(text) > 1 and text.endswith("h") else text
