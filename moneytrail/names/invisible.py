"""Characters a reader cannot see, and what each does to a name.

A name typed with an invisible character inside it displays unchanged but, compared as
text, is another name: "Ali" + ZERO WIDTH SPACE + "Tajideen" is read as one word (or, once
a cleaner deletes the character, as "AliTajideen"), and a screen that compares words finds
nothing. Every such character therefore gets one of three fates, decided per class:

- **space** (both readings): characters that display as a gap at least as wide as a
  space or break a line: the Unicode spaces (Zs: no-break, en, em, figure, ideographic,
  ogham...), the line and paragraph separators (Zl, Zp), and the whitespace controls (tab,
  line feed, the information separators U+001C..U+001F, NEL). A reader sees two words,
  as with a plain space, so they count as one, inside a word too.
- **dropped** (both readings): characters that only change how the neighbouring letter is
  drawn, never which letters there are: variation selectors (U+FE00..FE0F,
  U+E0100..E01EF), the Mongolian free variation selectors, the combining grapheme joiner,
  and ZERO WIDTH JOINER / NON-JOINER between letters of a script that joins or forms
  conjuncts (Arabic, Syriac, the Indic scripts...): there they shape one word (a
  half-form in Devanagari) and are meaningless for matching. Except ZERO WIDTH
  NON-JOINER in the joining scripts (Arabic, Syriac, N'Ko, Mandaic): the Persian
  "half-space" separates the parts of a compound and is typed between words too, so it
  is **hidden** there (two readings): "عبد المنان‌آغا" is also "عبد المنان آغا".
- **hidden** (two readings): everything else that is invisible: the other format
  characters (Cf: zero-width space, word joiner, invisible separator/times/plus, soft
  hyphen, byte-order mark, bidi marks, embeddings, overrides and isolates, tag
  characters, ZWJ/ZWNJ between Latin letters), the other controls (Cc: NUL, U+0001...),
  the remaining default-ignorable code points (Hangul fillers, Khmer inherent vowels),
  lone surrogates, and the spaces narrower than a space (six-per-em, punctuation, thin,
  hair, narrow no-break, medium mathematical: inside a word they pass for kerning).
  Whether one stood between two words or inside one cannot be told from the text:
  "Ali⁠Tajideen" may be "Ali Tajideen" with its space replaced, or one word with a
  character slipped into it. Both are read: ``spaced`` turns each into a space,
  ``joined`` deletes it, and the screen keeps the better-scoring reading. (NUL between
  two words is a broken export's field separator; inside a word, an insertion.)

The index side needs one reading only (lists are published clean), so ``normalize`` uses
``spaced``; queries are screened under every reading ``readings`` returns.
"""

from __future__ import annotations

import re
from functools import lru_cache

from moneytrail.names.script import char_script

# Default-ignorable code points that are not Cf (DerivedCoreProperties.txt): the soft
# hyphen and the rest are Cf and found by category; these are letters or marks that
# draw nothing.
_IGNORABLE_LETTERS = "\u115f\u1160\u17b4\u17b5\u3164\uffa0\u2800"
_DROP = "\u034f\u180b-\u180d\u180f\ufe00-\ufe0f\U000e0100-\U000e01ef"
_JOINERS = "\u200c\u200d"
# Cf and Cc as ranges (Unicode 15): listed, not computed, so the behaviour does not move
# with the Python version's Unicode tables.
_FORMAT = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
    "\U000e0020-\U000e007f"
)
_CONTROL = "\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f"
_SURROGATE = "\ud800-\udfff"
_NARROW_SPACES = "\u2006\u2008-\u200a\u202f\u205f"
_HIDDEN_CLASS = f"{_FORMAT}{_CONTROL}{_SURROGATE}{_IGNORABLE_LETTERS}{_NARROW_SPACES}"
_ANY = re.compile(f"[{_HIDDEN_CLASS}{_DROP}]|[^\\S ]")
_DROP_RE = re.compile(f"[{_DROP}]")
# Every whitespace but the plain space and the narrow ones.
_SPACE_RE = re.compile(f"[^\\S {_NARROW_SPACES}]")
_HIDDEN_RE = re.compile(f"[{_HIDDEN_CLASS}]")
_LONE_SURROGATE = re.compile(f"[{_SURROGATE}]")
# Scripts in which ZWJ/ZWNJ choose a letter's shape inside one word.
_SHAPING_SCRIPTS = frozenset(
    {
        "Arabic",
        "Syriac",
        "Nko",
        "Mongolian",
        "Mandaic",
        "Devanagari",
        "Bengali",
        "Gurmukhi",
        "Gujarati",
        "Oriya",
        "Tamil",
        "Telugu",
        "Kannada",
        "Malayalam",
        "Sinhala",
        "Myanmar",
        "Khmer",
        "Tibetan",
        "Thaana",
    }
)


# Joining scripts in which ZWNJ is the "half-space" between the parts of a compound.
_HALF_SPACE_SCRIPTS = frozenset({"Arabic", "Syriac", "Nko", "Mandaic"})


def has_lone_surrogate(text: str) -> bool:
    """True when the text holds a UTF-16 half that no encoder can write (from "\\ud800")."""
    return _LONE_SURROGATE.search(text) is not None


def _shaping_context(text: str, i: int) -> bool:
    """ZWJ/ZWNJ at ``i`` with a letter or mark of a shaping script on either side (a
    ZWNJ beside a joining script's letter is a half-space instead: not dropped)."""
    scripts = {char_script(text[j]) for j in (i - 1, i + 1) if 0 <= j < len(text)}
    if text[i] == _JOINERS[0] and scripts & _HALF_SPACE_SCRIPTS:
        return False
    return bool(scripts & _SHAPING_SCRIPTS)


def _common(text: str) -> str:
    """What both readings share: spaces as spaces, shape-only characters dropped."""
    text = _SPACE_RE.sub(" ", _DROP_RE.sub("", text))
    if _JOINERS[0] in text or _JOINERS[1] in text:
        text = "".join(
            c for i, c in enumerate(text) if c not in _JOINERS or not _shaping_context(text, i)
        )
    return text


def _squeeze(text: str) -> str:
    return " ".join(text.split())


def readings(text: str) -> tuple[str, ...]:
    """The text as a reader sees it: one reading, or two when hidden characters make it
    ambiguous (``spaced`` first, then ``joined``). Whitespace collapsed and trimmed only
    when something was changed, so clean text comes back as it went in."""
    if _ANY.search(text) is None:
        return (text,)
    return _readings(text)


@lru_cache(maxsize=4096)  # only texts holding such characters: rare, but may repeat
def _readings(text: str) -> tuple[str, ...]:
    common = _common(text)
    spaced = _squeeze(_HIDDEN_RE.sub(" ", common))
    joined = _squeeze(_HIDDEN_RE.sub("", common))
    return (spaced,) if joined == spaced else (spaced, joined)


def spaced(text: str) -> str:
    """The one reading used where only one fits (list names): hidden characters as spaces."""
    return readings(text)[0]
