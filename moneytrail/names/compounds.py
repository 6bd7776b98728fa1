"""Arabic compound names written glued, hyphenated or apart.

Lists write one name as "Abdul Rahman", "Abd al-Rahman", "Abdelrahman" and "Abdurrahman", and
"Taj al-Din", "Taji al-Din", "Tajideen" and "Tajeddine". Matching word by word fails on all of
these, so each compound is rewritten into the same words: "abd" + name, and stem + "din" /
"allah". Splitting only happens when the remainder is a known compound part, so ordinary names
that happen to start with "abd" or end in "din" (Abdi, Rudin) are left alone.
"""

from __future__ import annotations

import re
from functools import lru_cache

from moneytrail.names._data import words

# "abd" joins one of the divine names; this list is the part after the article.
_ABD_NAMES = words(
    """
    rahman rehman rahim karim kader qadir qader kadir halim hakim latif majid majeed malik malek
    fattah fatah salam ghafur ghafour ghaffar razzaq razak razaq baqi hamid hameed wahid wahab
    wahhab jabbar rauf raouf samad sattar satar hadi hay hai hayy mannan manan muttalib nasir
    nasser naser qayyum quddus wadud jalil khaliq moneim monem munim haq haqq ilah bari basit
    ghani jawad aziz mohsen muhsin alim aleem kareem raheem rashid mumin mu'min
    """
)
_ALLAH = re.compile(r"^(?:[aeiou]?ll?ah?|[aeiou]llah)$")
_ALLAH_SUFFIX = re.compile(r"^(?P<stem>[a-z]{3,}?)(?:[aiuo]llah|[au]lla)$")
_ABD_WORDS = frozenset({"abd", "abdul", "abdel", "abdal", "abdol", "abdoul", "abdou", "abdu"})
_ABD_WORDS_ASSIMILATED = frozenset({"abdur", "abdar", "abdus", "abdas", "abdun", "abdud", "abdut"})

# Stems that take "al-Din": "taj", "nur", "salah"... Only these are split off a glued "-din", so
# a surname like "Rudin" or "Bodin" stays whole.
_DIN_STEMS = words(
    """
    taj taju nur nour noor nor salah sala salahu saif sayf seif izz iz ezz ez ala alaa aladd
    badr jamal gamal djamal kamal kamel khayr khair kheir muhyi mohi muhi mohy nasir nasr nasser
    nizam qutb shams sharaf shihab shehab siraj zayn zain zein fakhr fakhar husam hosam hussam
    imad emad jalal burhan baha bahaa diya zia ziya dia rukn qamar kamar muin moin mueen sad saad
    shuja zahir zaheer najm sadr shahab sharif hisam hesham ghiyath ghias kalim mazhar
    """
)
_DIN_WORD = re.compile(r"^(?:[aeiou]?[ld])?d(?:i|ee|ie|y)ne?$")
_GLUED_DIN = re.compile(
    r"^(?P<stem>[a-z]+?)(?:[aeiou]{1,2}?(?:l|d)?)?d(?:i|ee|ie|y)ne?$",
)


def is_din(token: str) -> bool:
    """ "din", "deen", "dine", and the article glued on: "aldin", "eddine", "uddin"."""
    return bool(_DIN_WORD.match(token))


def is_allah(token: str) -> bool:
    return bool(_ALLAH.match(token))


@lru_cache(maxsize=65536)
def split_compound(token: str) -> tuple[str, ...]:
    """One token to the words of its compound, or the token alone when it is not one."""
    if token in _ABD_WORDS or token in _ABD_WORDS_ASSIMILATED:
        return ("abd",)
    if is_din(token):
        return ("din",)
    if is_allah(token) and len(token) >= 4:
        return ("allah",)
    if token.startswith("abd") and len(token) > 5:
        rest = _abd_rest(token)
        if rest is not None:
            return ("abd", *split_compound(rest))
    din = _split_din(token)
    if din is not None:
        return din
    allah = _ALLAH_SUFFIX.match(token)
    if allah:
        return (allah.group("stem"), "allah")
    return (token,)


def _abd_rest(token: str) -> str | None:
    """The name after "abd" plus its linking vowel and article, if it is a known one."""
    for cut in range(3, min(len(token), 7)):
        rest = token[cut:]
        if rest in _ABD_NAMES or is_allah(rest):
            return rest
        # assimilated article doubles the first letter: "abdurrahman", "abdussalam"
        if len(rest) > 3 and rest[0] == rest[1] and rest[1:] in _ABD_NAMES:
            return rest[1:]
    return None


def _split_din(token: str) -> tuple[str, ...] | None:
    if len(token) < 6:
        return None
    for cut in range(3, len(token) - 2):
        stem, tail = token[:cut], token[cut:]
        if stem in _DIN_STEMS and (is_din(tail) or (is_din(tail[1:]) and tail[0] in "aeiou")):
            return (strip_linking_vowel(stem), "din")
    return None


def strip_linking_vowel(stem: str) -> str:
    """ "taji" / "taju" before "al-Din" is the stem plus a case vowel: drop it."""
    if len(stem) > 3 and stem[-1] in "aeiou" and stem[:-1] in _DIN_STEMS:
        return stem[:-1]
    return stem


def is_din_stem(token: str) -> bool:
    return token in _DIN_STEMS or strip_linking_vowel(token) in _DIN_STEMS
