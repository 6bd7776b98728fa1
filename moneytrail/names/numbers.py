"""Numbers in names: written as words or digits, and which of them must agree.

Vessels, companies and funds carry numbers ("ARMAN 3", "FORTY-FOUR HOLDINGS", "BANK 24"):
a list may spell out what a customer file writes in digits, so English number words are
turned into digits before names are compared ("Forty-Four" and "44" are one token). And a
number is no spelling variant: "ARMAN 3" and "ARMAN 4" are two ships of one owner, so two
names whose numbers differ do not match, however alike the words (``numbers_clash``).
"""

from __future__ import annotations

_UNIT_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen",
    "fourteen fifteen sixteen seventeen eighteen nineteen",
)
_UNITS = {w: i for i, w in enumerate(" ".join(_UNIT_WORDS).split(" "))}
_TENS = {
    w: 10 * i
    for i, w in enumerate(
        ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"), start=2
    )
}
_SCALES = {"hundred": 100, "thousand": 1000}


def _number_at(tokens: list[str], i: int) -> tuple[int, int] | None:
    """The value of the number words starting at ``i`` and how many words they take."""
    total, current, k = 0, None, i
    while k < len(tokens):
        word = tokens[k]
        if word in _TENS and (current is None or current % 100 == 0):
            current = (current or 0) + _TENS[word]
        elif word in _UNITS and (current is None or (current % 100 == 0) or current % 10 == 0):
            if current is not None and current % 100 and _UNITS[word] >= 10:
                break
            current = (current or 0) + _UNITS[word]
        elif word in _SCALES and current is not None and current < _SCALES[word]:
            if _SCALES[word] == 1000:
                total, current = total + current * 1000, 0
            else:
                current *= 100
        else:
            break
        k += 1
    if current is None:
        return None
    return total + current, k - i


def words_to_digits(tokens: list[str]) -> list[str]:
    """English number words to digits ("forty four" -> "44"); other words untouched."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        found = _number_at(tokens, i)
        if found is None:
            out.append(tokens[i])
            i += 1
            continue
        value, size = found
        out.append(str(value))
        i += size
    return out


def numbers_clash(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Both names carry numbers, and not the same ones: two ships, funds or branches."""
    na = {t for t in a if t.isdigit()}
    nb = {t for t in b if t.isdigit()}
    return bool(na) and bool(nb) and na != nb
