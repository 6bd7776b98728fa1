"""Any script to ASCII Latin, the way sanctions lists spell names.

rigour (ICU4X underneath) gives the spellings lists use for Cyrillic ("Shevchenko", not
normality's "Sevcenko"), Greek, Armenian and Georgian, and normality's ICU fallback covers Han,
Thai, Devanagari and the rest. Three scripts get a layer of their own because the generic
output differs from list practice: Arabic (see arabic.py), Hebrew (hebrew.py: "chai", not "hy")
and Hangul, where lists write one word per syllable ("Kim Jong Un") while romanising the whole
word gives "gimjeong-eun". For Cyrillic, rigour writes Х as "h"; UN, OFAC and EU lists write
"kh" (Akhmed, Tarkhan, Khamatovich), so Х is spelled "kh" before the rest of the word goes
through rigour.
"""

from __future__ import annotations

from functools import lru_cache

from rigour.text.translit import ascii_text

from moneytrail.names.arabic import romanize_word
from moneytrail.names.hebrew import romanize_word as hebrew_word
from moneytrail.names.script import detect_script

_HANGUL_SYLLABLES = ("\uac00", "\ud7a3")


def _is_hangul_syllable(char: str) -> bool:
    return _HANGUL_SYLLABLES[0] <= char <= _HANGUL_SYLLABLES[1]


def _hangul(word: str) -> str:
    """Romanise syllable by syllable so each becomes its own word, as lists write them."""
    parts = []
    for char in word:
        parts.append(ascii_text(char) if _is_hangul_syllable(char) else char)
    return " ".join(p for p in parts if p.strip())


@lru_cache(maxsize=131072)
def transliterate_word(word: str) -> str:
    """One whitespace-free word to ASCII; may return several words (Hangul, Arabic "al din")."""
    if word.isascii():
        return word
    script = detect_script(word)
    if script == "Arabic":
        return romanize_word(word)
    if script == "Hangul":
        return _hangul(word)
    if script == "Cyrillic":
        return _cyrillic(word)
    if script == "Hebrew":
        return hebrew_word(word)
    return ascii_text(word)


def _cyrillic(word: str) -> str:
    parts = word.replace("Х", "х").split("х")
    return "kh".join(ascii_text(part) for part in parts)


def to_latin(text: str) -> str:
    """Transliterate each word of the text; ASCII words pass through untouched."""
    if text.isascii():
        return text
    return " ".join(transliterate_word(word) for word in text.split())
