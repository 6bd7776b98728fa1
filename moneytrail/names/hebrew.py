"""Hebrew words spelt the way sanctions lists and passports write them.

ICU's Hebrew-Latin rule writes a letter-by-letter transcription with apostrophes for
aleph and ayin and "h" for het ("khn' hy" for כהנא חי), where lists write "KAHANE CHAI":
het is "ch" there, final kaf "ch", tsadi "tz", shin "sh", and the vowel letters vav and
yod are read as the vowels they usually stand for ("o", "i") except at the start of a
word, where they are consonants ("v", "y"). Unwritten vowels stay unwritten: the
screen compares such words by their consonants, as it does for Arabic script.
"""

from __future__ import annotations

import unicodedata

_LETTERS = {
    "א": "a",
    "ב": "v",
    "ג": "g",
    "ד": "d",
    "ה": "h",
    "ו": "o",
    "ז": "z",
    "ח": "ch",
    "ט": "t",
    "י": "i",
    "כ": "k",
    "ך": "ch",
    "ל": "l",
    "מ": "m",
    "ם": "m",
    "נ": "n",
    "ן": "n",
    "ס": "s",
    "ע": "",
    "פ": "f",
    "ף": "f",
    "צ": "tz",
    "ץ": "tz",
    "ק": "k",
    "ר": "r",
    "ש": "sh",
    "ת": "t",
}
_INITIAL = {"ב": "b", "ו": "v", "י": "y", "פ": "p", "ע": "a"}
_GERESH = {"ג": "j", "ז": "zh", "צ": "ch", "ץ": "ch"}
_GERESH_MARKS = "'׳"
_DOUBLED = {"וו": "v", "יי": "y"}


def romanize_word(word: str) -> str:
    """One Hebrew word (points ignored) to lower-case ASCII, list style."""
    letters = [ch for ch in unicodedata.normalize("NFD", word) if not unicodedata.combining(ch)]
    out: list[str] = []
    i = 0
    while i < len(letters):
        ch = letters[i]
        pair = "".join(letters[i : i + 2])
        if pair in _DOUBLED:
            out.append(_DOUBLED[pair])
            i += 2
            continue
        if ch in _GERESH and i + 1 < len(letters) and letters[i + 1] in _GERESH_MARKS:
            out.append(_GERESH[ch])
            i += 2
            continue
        if i == 0 and ch in _INITIAL:
            out.append(_INITIAL[ch])
        elif ch == "ה" and i == len(letters) - 1 and i > 0:
            out.append("a")  # a final he is a vowel: Sarah, Leah, Moshe
        else:
            out.append(_LETTERS.get(ch, ch if ch.isascii() else ""))
        i += 1
    return "".join(out)
