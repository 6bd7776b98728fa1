"""Which writing system a name is written in.

The screening engine uses the script to explain a hit ("matched through transliteration from
Arabic") and to pick the transliteration path, so the answer is the script most of the letters
belong to, named as Unicode names it ("Latin", "Arabic", "Cyrillic", "Han", "Hangul", ...).
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from rigour.text.scripts import codepoint_script

UNKNOWN = "Unknown"
_NOT_A_SCRIPT = frozenset({"Common", "Inherited", "Unknown"})
# Japanese mixes kana with Han; reporting "Han" for a Japanese name would send it down the
# Chinese path, so kana wins whenever it is present.
_KANA = ("Hiragana", "Katakana")


@lru_cache(maxsize=4096)
def char_script(char: str) -> str | None:
    """Script of one character, or None for digits, punctuation and combining marks."""
    if char.isascii():
        return "Latin" if char.isalpha() else None
    script = codepoint_script(ord(char))
    if script is None or script in _NOT_A_SCRIPT:
        return None
    return script


def script_counts(text: str) -> Counter[str]:
    """Letters per script: the basis for both detection and mixed-script warnings."""
    counts: Counter[str] = Counter()
    for char in text:
        if not char.isalpha():
            continue
        script = char_script(char)
        if script is not None:
            counts[script] += 1
    return counts


@lru_cache(maxsize=65536)
def detect_script(text: str) -> str:
    """Dominant script of the text; "Unknown" when it has no letters."""
    if text.isascii():
        return "Latin" if any(c.isalpha() for c in text) else UNKNOWN
    counts = script_counts(text)
    if not counts:
        return UNKNOWN
    for kana in _KANA:
        if kana in counts:
            return kana
    # most_common keeps first-seen order among ties, so the answer is deterministic.
    return counts.most_common(1)[0][0]
