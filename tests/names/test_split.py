"""One name field holding several names: the UN's "X (Y; Z)", OFAC's translations, "A; B"."""

from __future__ import annotations

import pytest

from moneytrail.names.split import name_parts


def test_un_original_script_with_romanisations() -> None:
    value = "جبهة فتح الشام (Jabhat Fath al Sham; Jabhat Fath al-Sham)"
    assert name_parts(value) == (
        value,
        "Jabhat Fath al Sham",
        "Jabhat Fath al-Sham",
        "جبهة فتح الشام",
    )


def test_translation_in_brackets() -> None:
    value = "PARTIDO COMUNISTA DEL PERU (COMMUNIST PARTY OF PERU)"
    assert name_parts(value) == (value, "COMMUNIST PARTY OF PERU", "PARTIDO COMUNISTA DEL PERU")


@pytest.mark.parametrize(
    "value",
    [
        "SANTOS, Ahmad (Ahmed)",  # a one-word variant stays inside the name
        "TING SHING TAI JEWELLERY (HK) CO. LIMITED",  # part of the company's name
        "BUTEMBO AIRLINES (BAL)",  # an acronym
    ],
)
def test_one_word_brackets_stay(value: str) -> None:
    assert name_parts(value) == (value,)


def test_semicolon_separated_names() -> None:
    value = "Husain Salimi; Hosain Salimi"
    assert name_parts(value) == (value, "Husain Salimi", "Hosain Salimi")


def test_repeats_and_spacing() -> None:
    # The same name twice is one part; whitespace inside parts is collapsed.
    value = "Ali  Hammoud;  Ali Hammoud"
    assert name_parts(value) == ("Ali Hammoud; Ali Hammoud", "Ali Hammoud")


@pytest.mark.parametrize(
    "value", ["Kassim Tajideen", "TAJIDEEN, Kassim", "HASSAN AYASH EXCHANGE COMPANY", "طارق عزيز"]
)
def test_plain_names_unchanged(value: str) -> None:
    assert name_parts(value) == (value,)
