"""Words that are not part of a name's identity: honorifics, articles, patronymic links.

Lists disagree on whether to write them ("Usama bin Muhammad bin Awad bin Ladin" vs "Usama
Ladin", "Sheikh Ahmed" vs "Ahmed", "Abu Bakr al-Baghdadi" vs "Abu Bakr Baghdadi"), so they are
dropped before comparison. "abu" (father of) and "abd" (servant of) are kept: they are part of
the name ("Abu Bakr" is not "Bakr"), and are only normalised to one spelling.
"""

from __future__ import annotations

from moneytrail.names._data import words
from moneytrail.names.compounds import is_din, is_din_stem, split_compound, strip_linking_vowel

# Leading titles; multi-word ones are matched as token tuples, longest first.
HONORIFICS: frozenset[tuple[str, ...]] = frozenset(
    tuple(title.split())
    for title in words(
        "mr mrs ms miss mx dr prof sir dame lord lady hon rev fr gen general col colonel capt "
        "captain maj major lt brig sgt adm admiral cmdr president minister senator "
        "emir sheikh shaikh shaykh sheik cheikh shaikha sheikha haji hajji "
        "hadji alhaji alhaj hajj mullah mulla molla maulana mawlana maulvi mawlawi moulvi mufti "
        "qari imam ayatollah hojatoleslam engr eng ustadh ustaz"
    )
) | frozenset({("al", "hajj"), ("al", "haj"), ("al", "sheikh"), ("his", "excellency")})
_MAX_TITLE = max(len(title) for title in HONORIFICS)
SUFFIXES = words("jr jnr sr snr junior senior ii iii iv phd md esq")

# The Arabic article, also in its sun-letter forms ("as-Sabar", "ad-Din", "ash-Shami") and the
# Persian/Urdu "ul", "ur".
ARTICLES = frozenset({"al", "el", "ul", "il", "ol"})
SUN_ARTICLES = {
    "ad": "d", "ed": "d", "ud": "d", "ar": "r", "er": "r", "ur": "r", "as": "s", "es": "s",
    "us": "s", "ash": "sh", "esh": "sh", "at": "t", "et": "t", "az": "z", "ez": "z", "an": "n",
    "en": "n", "un": "n",
}  # fmt: skip
# Links between a person and a parent: "bin", "ibn", "ould", "bint"; "ben" only after the first
# word, since it is also an English given name.
PATRONYMIC = frozenset({"bin", "ibn", "bn", "binti", "bint", "ould", "wuld", "walad", "ben"})
# Romance, Germanic and Dutch particles ("de la Cruz", "van der Berg", "von"), dropped only after
# the first word so that Vietnamese and Chinese surnames "Le", "Do", "Di" survive.
WESTERN = words(
    "de del della dela delos las los la le lo di da das dos do du des van der den von zu ter te y e"
)
_KUNYA = {"abou": "abu", "abo": "abu", "aboo": "abu", "um": "umm", "oum": "umm", "omm": "umm"}
ORG_STOPWORDS = frozenset({"the", "of", "and", "for", "et", "und", "y"})


def strip_honorifics(tokens: list[str]) -> list[str]:
    """Drop leading titles (several may stack: "H.E. Sheikh Dr ...") and trailing suffixes."""
    start = 0
    while start < len(tokens) - 1:
        for size in range(min(_MAX_TITLE, len(tokens) - start - 1), 0, -1):
            if tuple(tokens[start : start + size]) in HONORIFICS:
                start += size
                break
        else:
            break
    end = len(tokens)
    while end - start > 1 and tokens[end - 1] in SUFFIXES:
        end -= 1
    return tokens[start:end]


def expand_compounds(tokens: list[str]) -> list[str]:
    out: list[str] = []
    for token in tokens:
        out.extend(split_compound(_KUNYA.get(token, token)))
    return out


def _is_particle(tokens: list[str], i: int, western: bool) -> bool:
    """Whether tokens[i] is a particle to drop: never the last word, context decides the rest."""
    token = tokens[i]
    if i + 1 >= len(tokens):
        return False
    following = tokens[i + 1]
    if token in ARTICLES:
        return True
    if token in SUN_ARTICLES:
        return following.startswith(SUN_ARTICLES[token]) or is_din(following)
    if token in PATRONYMIC:
        return token != "ben" or i > 0
    return western and i > 0 and token in WESTERN


def drop_particles(tokens: list[str], western: bool = True) -> list[str]:
    """Remove particles; if that would leave nothing, keep the tokens as they were."""
    kept = [t for i, t in enumerate(tokens) if not _is_particle(tokens, i, western)]
    return kept or tokens


def glue_din(tokens: list[str]) -> list[str]:
    """ "taji din" -> "taj din": the case vowel before "al-Din" varies between lists."""
    out = list(tokens)
    for i in range(len(out) - 1):
        if out[i + 1] == "din" and is_din_stem(out[i]):
            out[i] = strip_linking_vowel(out[i])
    return out


def person_tokens(tokens: list[str], western: bool = True) -> list[str]:
    tokens = strip_honorifics(tokens)
    tokens = expand_compounds(tokens)
    tokens = drop_particles(tokens, western)
    return glue_din(tokens)


def org_tokens(tokens: list[str]) -> list[str]:
    tokens = expand_compounds(tokens)
    tokens = drop_particles(tokens, western=True)
    kept = [t for t in tokens if t not in ORG_STOPWORDS]
    return glue_din(kept or tokens)
