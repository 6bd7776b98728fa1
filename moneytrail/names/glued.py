"""Names typed without spaces: "KassimTajideen", "KASSIMTAJIDEEN".

Onboarding forms, payment messages and web scrapes drop the space between given name
and surname. Compared word by word, the glued word matches nothing. Two ways back:

- **case**: a capital after a small letter marks where the writer started a new word
  ("KassimTajideen"). Splitting there needs no word list, so it is done on the query
  text as a second reading (the list side keeps its own spelling: "McDonald" is one
  word there and here).
- **vocabulary**: an all-capital or all-small glued word has no such mark. It is split
  into two words that are both words of the loaded lists (``split_known``), and only
  when the glued word itself is not one: "kassimtajideen" -> "kassim" + "tajideen", while
  "Andersson", unknown but with no known halves, stays whole. Splitting into list words
  is what a glued listed name needs and, for an innocent name, rarely yields two list
  words that then also agree with one listed name.
"""

from __future__ import annotations

import re
from collections.abc import Callable

MIN_PART = 3  # "li", "an", "al" are list words too: two-letter halves split anything
MIN_GLUED = 2 * MIN_PART + 1
_ASCII_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


def camel_split(text: str) -> str:
    """Spaces where a small letter is followed by a capital: "KassimTajideen" ->
    "Kassim Tajideen". Text without such a place comes back unchanged."""
    if text.isascii():
        return _ASCII_CAMEL.sub(" ", text)
    out: list[str] = []
    prev = ""
    for char in text:
        if prev and prev.islower() and char.isupper():
            out.append(" ")
        out.append(char)
        prev = char
    return "".join(out)


def split_known(token: str, known: Callable[[str], bool]) -> tuple[str, str] | None:
    """The best two-word split of an unknown glued token into known words, or None.

    Best is the most even split (both halves long carry the most evidence); ties go to the
    longer first word. ``known`` answers whether a word is a word of the lists.
    """
    if len(token) < MIN_GLUED or not token.isalpha() or known(token):
        return None
    best: tuple[int, int, str, str] | None = None
    for cut in range(MIN_PART, len(token) - MIN_PART + 1):
        left, right = token[:cut], token[cut:]
        if known(left) and known(right):
            rank = (min(len(left), len(right)), len(left), left, right)
            if best is None or rank[:2] > best[:2]:
                best = rank
    return None if best is None else (best[2], best[3])
