"""Numbers in names: words and digits compare equal; different numbers never do (issue 16)."""

from __future__ import annotations

from moneytrail.names import analyze_name
from moneytrail.names.numbers import numbers_clash, words_to_digits


def test_number_words_become_digits() -> None:
    assert words_to_digits(["forty", "four", "holdings"]) == ["44", "holdings"]
    assert words_to_digits(["three", "hundred", "five"]) == ["305"]
    assert words_to_digits(["two", "thousand", "twenty", "five"]) == ["2025"]
    assert words_to_digits(["seven", "eleven"]) == ["7", "11"]
    assert words_to_digits(["gold", "star"]) == ["gold", "star"]


def test_vessel_and_company_names_spelt_or_in_digits_are_one_name() -> None:
    # GOLD STAR 3 and EVER BRIGHT 88 are vessels on the OFAC SDN list.
    assert analyze_name("GOLD STAR THREE", "Vessel").tokens == ("gold", "star", "3")
    assert analyze_name("Ever Bright Eighty-Eight", "Vessel").tokens == ("ever", "bright", "88")
    assert analyze_name("Forty-Four Trading LLC", "Company").tokens[0] == "44"
    # People's names keep their words.
    assert analyze_name("Seven Ali").tokens == ("seven", "ali")


def test_numbers_must_agree() -> None:
    assert numbers_clash(("arman", "3"), ("arman", "4"))
    assert not numbers_clash(("arman", "3"), ("arman", "3"))
    assert not numbers_clash(("arman",), ("arman", "4"))
