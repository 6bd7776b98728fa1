"""Arabic and Persian script to the English spelling convention of sanctions lists.

ICU and normality transliterate Arabic letter by letter and drop the short vowels, which the
script does not write: "قاسم تاج الدين" becomes "qasm taj aldyn", while every list spells the man
"Qasim Taj al-Din". Names are a small vocabulary, so a word table (data/arabic_names.csv) gives the
list spelling of the common ones, and a letter table covers the rest in the same convention
(q for ق, kh for خ, sh for ش, th for ث, dh for ذ, a for ة, the article split off as "al").
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from moneytrail.names._data import read_csv

# Harakat, superscript alef, tatweel and Quranic marks carry no consonant: drop them.
_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u0640\u06d6-\u06ed]")
_FOLD = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ی": "ي",
        "ې": "ي",
        "ك": "ك",
        "ک": "ك",
        "ھ": "",  # Urdu aspiration mark ("bh", "kh"): the letter before carries the sound
        "ہ": "ه",
        "ے": "ي",
        "ۍ": "ي",
        "ە": "ه",
        "ۀ": "ه",
        "ؤ": "و",
        "ئ": "ي",
        "\u200c": "",  # zero-width non-joiner: Persian writes compounds with it, lists glue them
    }
)
_CONSONANTS = {
    "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh",
    "ر": "r", "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z",
    "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h",
    "پ": "p", "چ": "ch", "ژ": "zh", "گ": "g", "ڤ": "v", "ڨ": "g", "ګ": "g", "ټ": "t",
    "ٹ": "t", "ډ": "d", "ڈ": "d", "ړ": "r", "ڑ": "r", "ږ": "zh", "ښ": "sh", "ځ": "z",
    "څ": "s", "ڼ": "n", "ں": "n",
}  # fmt: skip
_VOWELISH = frozenset("اويىة")
_ARTICLE = "ال"
_ABD = "عبد"


# ھ after a vowel letter or opening a word is a plain h (الطاھر, al-Tahir), not aspiration.
_PLAIN_HEH = re.compile("(?:(?<=[اويىآأ])|^)ھ")


def fold(word: str) -> str:
    """One spelling per Arabic word, so the table lookup ignores hamza seats and vowel marks."""
    return _MARKS.sub("", _PLAIN_HEH.sub("ه", word)).translate(_FOLD)


@cache
def _lexicon() -> dict[str, str]:
    return {fold(row["arabic"]): row["latin"] for row in read_csv("arabic_names.csv")}


def _letter(word: str, i: int, prev_out: str) -> str:
    """Romanise one letter; the weak letters alif, waw and ya depend on their neighbours."""
    char = word[i]
    if char in _CONSONANTS:
        return _CONSONANTS[char]
    if char == "ا":
        return "" if prev_out.endswith("a") else "a"
    if char == "ة":
        return "a"
    if char == "ع":
        return "" if prev_out.endswith("a") else "a"
    if char == "ء":
        return ""
    if char in "وي":
        initial = i == 0
        after_vowel = i > 0 and word[i - 1] in _VOWELISH
        if initial or after_vowel or (i + 1 < len(word) and word[i + 1] == "ا"):
            return "w" if char == "و" else "y"
        return "u" if char == "و" else "i"
    return char


def _spell(word: str) -> str:
    """Letter-by-letter fallback for words the table does not know."""
    out = ""
    for i in range(len(word)):
        out += _letter(word, i, out)
    if len(word) > 2 and word[-1] == "ه" and word[-2] not in _VOWELISH:
        # A final ه after a consonant is the vowel -a/-e (Persian "zadeh", "Hamadeh",
        # "shabakeh"), as ة is in Arabic; after a long vowel it is an h ("Shah").
        out = out[:-1] + "a"
    return out


@lru_cache(maxsize=65536)
def romanize_word(word: str) -> str:
    """One Arabic-script word to list spelling; may return two words ("al din")."""
    word = fold(word)
    lexicon = _lexicon()
    if word in lexicon:
        return lexicon[word]
    if word.startswith(_ARTICLE) and len(word) > 3:
        rest = word[2:]
        return "al " + lexicon.get(rest, _spell(rest))
    if word.startswith(_ABD) and len(word) > 4:
        # "عبدالحليم" is written as one word on many lists but is "abd al halim".
        return "abd " + romanize_word(word[3:])
    return _spell(word)


def romanize(text: str) -> str:
    """Romanise every Arabic-script word in the text, leaving other characters alone."""
    return " ".join(romanize_word(part) if _is_arabic(part) else part for part in text.split())


def _is_arabic(word: str) -> bool:
    return any("\u0600" <= c <= "\u06ff" or "\u0750" <= c <= "\u077f" for c in word)
