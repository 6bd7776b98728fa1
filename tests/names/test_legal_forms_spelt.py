"""Legal forms spelt out in words (with typos), and which one-word forms may open a name."""

from __future__ import annotations

import pytest

from moneytrail.names import analyze_name


@pytest.mark.parametrize(
    ("name", "tokens", "form"),
    [
        ("OBSHCHESTVO S OGRANICHENNOI OTVETSTVENNOSTYU NEOBIT", ("neobit",), "ooo"),
        ("OBSHCHESTVO S OGRANICHENNOY OTVETSTVENNOSTYU NEOBIT", ("neobit",), "ooo"),
        ("AKTSIONERNOE OBSHCHESTVO KONTSERN AVTOMATIKA", ("kontsern", "avtomatika"), "ao"),
        ("LIMITED LIABILITY COMPANY FORT DIALOG SERVICE", ("fort", "dialog", "service"), "llc"),
        # One letter missing from LIABILITY: still the form, not three name words.
        ("LIMITED LIABILIY COMPANY FORT DIALOG SERVICE", ("fort", "dialog", "service"), "llc"),
        ("JOINT STOCK COMPANY ROSOBORONEKSPORT", ("rosoboroneksport",), "jsc"),
    ],
)
def test_spelt_out_forms_are_stripped(name: str, tokens: tuple[str, ...], form: str) -> None:
    result = analyze_name(name, "Company")
    assert result.tokens == tokens
    assert result.legal_form == form


@pytest.mark.parametrize(
    ("name", "tokens", "form"),
    [
        ("TOO ONELEK", ("onelek",), "llp"),  # Kazakh TOO
        ("PT GARUDA", ("garuda",), "pt"),
        ("OOO ROMASHKA", ("romashka",), "ooo"),
        ("LLC ONELEK", ("onelek",), "llc"),
    ],
)
def test_one_word_prefix_forms(name: str, tokens: tuple[str, ...], form: str) -> None:
    result = analyze_name(name, "Company")
    assert result.tokens == tokens
    assert result.legal_form == form


@pytest.mark.parametrize(
    ("name", "tokens", "form"),
    [
        # "is" is a legal form to rigour, but Turkish for "business" at the start of a name:
        # only the known prefix forms are removed there; AO at the end still is.
        ("IS BANK, AO", ("is", "bank"), "ao"),
        ("IS BANK", ("is", "bank"), None),
        ("SA BANK", ("sa", "bank"), None),
        # EAD is a Bulgarian form that follows the name, not one that opens it.
        ("EAD TRADING", ("ead", "trading"), None),
        ("TRADING EAD", ("trading",), "ead"),
    ],
)
def test_only_known_prefix_forms_are_removed_at_the_start(
    name: str, tokens: tuple[str, ...], form: str | None
) -> None:
    result = analyze_name(name, "Company")
    assert result.tokens == tokens
    assert result.legal_form == form


def test_a_typo_too_far_is_not_a_form() -> None:
    # Three edits in one word ("LIABILITY" -> "LBLTY") exceed the allowance: name words.
    result = analyze_name("LIMITED LBLTY COMPANY FORT DIALOG", "Company")
    assert result.tokens == ("limited", "lblty", "company", "fort", "dialog")
    assert result.legal_form is None
