"""Text to a plain comparable form: ASCII, lower case, words separated by single spaces.

Every later step (particles, legal forms, equivalents, phonetic keys) works on this form, so it
must be the same for a list entry and a query whatever script, case, accents or punctuation they
came with.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from moneytrail.names.invisible import spaced
from moneytrail.names.transliterate import to_latin

# Apostrophes and ayn/hamza marks sit inside words ("Sa'id", "O'Brien", "Mus’ab"); lists write the
# same names without them, so they are deleted rather than turned into a word break.
_APOSTROPHES = re.compile("['’‘`´ʿʾʻʼ]")
_NON_WORD = re.compile(r"[\W_]+")
_DOTS = re.compile(r"\.")


def _fold(text: str) -> str:
    # Invisible characters first (see invisible.py): NFKC keeps most of them, and
    # transliteration turns some into "?" and deletes others, gluing two words into one.
    text = unicodedata.normalize("NFKC", spaced(text)).casefold()
    text = to_latin(text)
    # Transliteration can leave non-ASCII letters (e.g. a script ICU has no rule for) and
    # re-introduce capitals; fold again so the output is stable.
    return text.casefold()


@lru_cache(maxsize=262144)
def normalize_text(text: str) -> str:
    """NFKC, casefold, transliterate to ASCII, punctuation to spaces, whitespace collapsed."""
    return clean(_fold(text), join_dotted=False)


def clean(text: str, join_dotted: bool) -> str:
    """Punctuation to spaces on already-folded text.

    join_dotted deletes full stops instead of splitting on them: organisation names write legal
    forms as "S.A.R.L." and "S.A.L.", which must come out as the one word "sarl"/"sal".
    """
    text = _APOSTROPHES.sub("", text)
    if join_dotted:
        text = _DOTS.sub("", text)
    return _NON_WORD.sub(" ", text).strip()


@lru_cache(maxsize=262144)
def fold_text(text: str) -> str:
    """Casefolded ASCII text with punctuation kept, for steps that need the commas."""
    return _fold(text)
