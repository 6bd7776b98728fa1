"""Glued names: split where the case changes, or into two words of the lists."""

from __future__ import annotations

import pytest

from moneytrail.names.glued import camel_split, split_known

LIST_WORDS = frozenset({"kassim", "tajideen", "ali", "ahmad", "reza", "mohammad", "alexander"})


def known(word: str) -> bool:
    return word in LIST_WORDS


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("KassimTajideen", "Kassim Tajideen"),
        ("TAJIDEEN, KassimAli", "TAJIDEEN, Kassim Ali"),
        ("Kassim Tajideen", "Kassim Tajideen"),  # nothing to split
        ("KASSIMTAJIDEEN", "KASSIMTAJIDEEN"),  # no case change: left to split_known
        ("ÖzilMesut", "Özil Mesut"),
    ],
)
def test_camel_split(text: str, expected: str) -> None:
    assert camel_split(text) == expected


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("kassimtajideen", ("kassim", "tajideen")),
        ("mohammadreza", ("mohammad", "reza")),
        ("alexander", None),  # a word of the lists itself
        ("andersson", None),  # unknown, but no two known halves
        ("aliahmad", ("ali", "ahmad")),
        ("alikas", None),  # too short to be two words of three letters or more
        ("kassim1tajideen", None),  # digits: a code, not a name
    ],
)
def test_split_known(token: str, expected: tuple[str, str] | None) -> None:
    assert split_known(token, known) == expected
