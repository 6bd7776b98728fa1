"""Phonetic keys tuned to how Arabic, Persian, Russian and Spanish names are romanised.

Metaphone and Soundex were built for English surnames: they merge too much elsewhere (Soundex
gives Hassan and Hussein the same code, H250) and too little where romanisations really differ
(Qasim / Kassem). This key keeps every consonant class and keeps the first and last vowel, and
only blurs what romanisation actually changes. Rules, in order:

1. Letter groups (one left-to-right pass, longest first): sh, ch, sch, tch -> x; zh, dj, dzh -> j;
   kh -> k; gh -> g; ph -> f; th -> t; dh -> d; ck, q -> k; x -> ks; c before e/i/y -> s, else k;
   gu before e/i/y -> g (Guillermo); g before e/i/y -> j (Gimenez ~ Jimenez, Gihad ~ Jihad);
   v -> b (Spanish: Villalobos ~ Bilalobos); a final z -> s (Gutierrez ~ Gutierres);
   initial ou before a vowel -> w (French spelling: Oualid ~ Walid).
2. A final silent e after a consonant is dropped (Zidane ~ Zidan, Slimane).
3. h after a consonant and a final h after a vowel are dropped (Fatimah ~ Fatima, Saleh ~ Sali..).
4. Doubled letters collapse (Hassan ~ Hasan, Villa ~ Vila, Kassim ~ Kasim).
5. Vowels (a e i o u, y except word-initial or between vowels, w after a vowel before a
   consonant): the first vowel group becomes a class, a (a, aa, au), i (e, i, ee, y, ai, ay,
   ei) or u (o, u, ou, oo); a vowel group ending the word becomes the class of its last letter;
   every other vowel group becomes "." (Husayn ~ Hussein ~ Hossein = hus.n, Yusuf ~ Youssef =
   yus.f). Keeping the first vowel is what keeps Hassan (has.n) apart from Hussein (hus.n) and
   Mahmoud (mahm.d) apart from Mohammed (muh.m.d).

Not merged, on purpose: d/z/dh (Ramadan ~ Ramazan would also merge Zaid ~ Daid), th ~ s,
Spanish ll ~ y (it conflicts with ll ~ l, the more common list variant; `phonetic_variants`
gives the yeismo spelling as an extra key instead).
"""

from __future__ import annotations

import re
from functools import lru_cache

_GROUPS = re.compile(
    r"^ou(?=[aeiy])|dzh|tch|sch|sh|ch|zh|dj|kh|gh|ph|th|dh|ck|x|q|gu(?=[eiy])|g(?=[eiy])"
    r"|c(?=[eiy])|c|v|z$"
)
_GROUP_CODES = {
    "ou": "w", "dzh": "j", "tch": "x", "sch": "x", "sh": "x", "ch": "x", "zh": "j", "dj": "j",
    "kh": "k", "gh": "g", "ph": "f", "th": "t", "dh": "d", "ck": "k", "x": "ks", "q": "k",
    "gu": "g", "g": "j", "c": "k", "v": "b", "z": "s",
}  # fmt: skip
_SOFT_C = "s"
_SILENT_E = re.compile(r"(?<=[^aeiouy])e$")
_H_AFTER_CONSONANT = re.compile(r"(?<=[^aeiouy])h")
_FINAL_H = re.compile(r"(?<=[aeiouy])h$")
_DOUBLE = re.compile(r"(.)\1+")
_VOWELS = frozenset("aeiou")
_LL_BEFORE_VOWEL = re.compile(r"ll(?=[aeiou])")


def _group_code(match: re.Match[str]) -> str:
    text = match.group(0)
    if text == "c" and match.end() < len(match.string) and match.string[match.end()] in "eiy":
        return _SOFT_C
    return _GROUP_CODES[text]


def _is_vowel(word: str, i: int) -> bool:
    char = word[i]
    if char in _VOWELS:
        return True
    before = word[i - 1] if i > 0 else ""
    after = word[i + 1] if i + 1 < len(word) else ""
    if char == "y":
        return i > 0 and not (before in _VOWELS and after in _VOWELS)
    if char == "w":
        return before in _VOWELS and after not in _VOWELS
    return False


def _first_class(group: str) -> str:
    if group[0] == "a":
        return "i" if len(group) > 1 and group[1] in "iye" else "a"
    return "i" if group[0] in "eiy" else "u"


def _last_class(group: str) -> str:
    last = group[-1]
    if last == "a":
        return "a"
    return "i" if last in "eiy" else "u"


def _encode_vowels(word: str) -> str:
    out: list[str] = []
    i, seen_vowel = 0, False
    while i < len(word):
        if not _is_vowel(word, i):
            out.append(word[i])
            i += 1
            continue
        j = i
        while j < len(word) and _is_vowel(word, j):
            j += 1
        group = word[i:j]
        if not seen_vowel:
            out.append(_first_class(group))
        elif j == len(word):
            out.append(_last_class(group))
        else:
            out.append(".")
        seen_vowel, i = True, j
    return "".join(out)


@lru_cache(maxsize=262144)
def phonetic_key(token: str) -> str:
    """Phonetic key of one normalised (ASCII, lower-case) token; other tokens pass through."""
    if not token.isalpha() or not token.isascii():
        return token
    word = _GROUPS.sub(_group_code, token)
    if len(word) > 3:
        word = _SILENT_E.sub("", word)
    word = _H_AFTER_CONSONANT.sub("", word)
    word = _FINAL_H.sub("", word) or word
    word = _DOUBLE.sub(r"\1", word)
    return _encode_vowels(word)


# Letters that transliteration alternates between, as extra spellings rather than merged
# keys: German, Polish and Arabic-via-German romanisations write W where English and
# Russian ones write V ("Waad" / "Vaad", "Wladimir" / "Vladimir"), and Arabic dhal (ذ) is
# "dh" or "z" ("Dhawi" / "Zawi", "Ramadhan" / "Ramazan"). Merging them in the key would
# also merge Zaid with Daid; an extra key per spelling joins only the two spellings.
_ALTERNATIONS = ((re.compile("w"), "v"), (re.compile("dh"), "z"))


@lru_cache(maxsize=262144)
def phonetic_variants(token: str) -> tuple[str, ...]:
    """The key, plus the keys of the Spanish yeismo spelling ("ll" before a vowel) and of
    the transliteration alternations (w/v, dh/z) when the token has them."""
    keys = [phonetic_key(token)]
    spellings = []
    if _LL_BEFORE_VOWEL.search(token):
        spellings.append(_LL_BEFORE_VOWEL.sub("y", token))
    spellings.extend(p.sub(r, token) for p, r in _ALTERNATIONS if p.search(token))
    for spelling in spellings:
        alt = phonetic_key(spelling)
        if alt not in keys:
            keys.append(alt)
    return tuple(keys)


@lru_cache(maxsize=262144)
def sound_alike(a: str, b: str) -> bool:
    """Two tokens share a phonetic key, counting the alternate spellings of either."""
    return not set(phonetic_variants(a)).isdisjoint(phonetic_variants(b))
