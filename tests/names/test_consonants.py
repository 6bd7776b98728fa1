"""Consonant classes: an Arabic-script name spelt letter by letter meets its list spellings."""

from __future__ import annotations

import pytest

from moneytrail.names.consonants import consonant_classes


@pytest.mark.parametrize(
    ("unvowelled", "listed", "classes"),
    [
        ("thrut", "tharwat", "srt"),  # ثروت: th and s are one class, w is weak
        ("thrut", "thirwat", "srt"),
        ("juhr", "jawhar", "jhr"),  # جوهر
        ("blqasm", "belgacem", "blksm"),  # بلقاسم: q and g one class, "ce" is s
        ("qdir", "ghedeir", "kdr"),  # قدير: q and gh one class
    ],
)
def test_spellings_of_one_name_share_classes(unvowelled: str, listed: str, classes: str) -> None:
    assert consonant_classes(unvowelled) == classes
    assert consonant_classes(listed) == classes


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("kamal", "jamal"),  # k and j are different classes
        ("hassan", "mahmud"),
        ("tariq", "tahir"),
        ("saleh", "zaher"),  # s and z are different classes
    ],
)
def test_different_names_differ(one: str, other: str) -> None:
    assert consonant_classes(one) != consonant_classes(other)


def test_final_h_and_doubles() -> None:
    # ة / "-ah" at the end is dropped; doubled letters count once.
    assert consonant_classes("jumah") == consonant_classes("juma") == "jm"
    assert consonant_classes("hassan") == consonant_classes("hasan") == "hsn"
    # A word that is only "h" keeps it.
    assert consonant_classes("h") == "h"


def test_case_is_ignored() -> None:
    assert consonant_classes("THARWAT") == consonant_classes("tharwat") == "srt"
