"""Invisible and control characters in names: one test per class, each with its fate.

Each class is tried between two words (the red team's "Ali" + U+200B + "Tajideen") and
inside one; the screening-level tests (tests/screening/test_evasion.py) check that the
bundled OFAC entry is then still found.
"""

from __future__ import annotations

import pytest

from moneytrail.names import analyze_name, normalize_text
from moneytrail.names.invisible import has_lone_surrogate, readings, spaced

SPACE = "space"  # a word boundary in every reading
DROPPED = "dropped"  # deleted in every reading
HIDDEN = "hidden"  # both readings: boundary and deleted

CLASSES: dict[str, tuple[str, list[str]]] = {
    "Cc NUL and C0 controls": (HIDDEN, ["\x00", "\x01", "\x07", "\x1b", "\x7f"]),
    "Cc C1 controls": (HIDDEN, ["\x80", "\x90", "\x9f"]),
    "Cc whitespace controls": (SPACE, ["\t", "\n", "\r", "\x0b", "\x0c", "\x1f", "\x85"]),
    "Zs space variants": (SPACE, ["\u00a0", "\u1680", "\u2002", "\u2003", "\u2007", "\u3000"]),
    "Zs narrower than a space": (
        HIDDEN,
        ["\u2006", "\u2008", "\u2009", "\u200a", "\u202f", "\u205f"],
    ),
    "Zl Zp separators": (SPACE, ["\u2028", "\u2029"]),
    "soft hyphen": (HIDDEN, ["\u00ad"]),
    "zero-width space": (HIDDEN, ["\u200b"]),
    "word joiner and invisible operators": (
        HIDDEN,
        ["\u2060", "\u2061", "\u2062", "\u2063", "\u2064"],
    ),
    "byte-order mark": (HIDDEN, ["\ufeff"]),
    "ZWJ ZWNJ between Latin letters": (HIDDEN, ["\u200c", "\u200d"]),
    "bidi marks": (HIDDEN, ["\u200e", "\u200f", "\u061c"]),
    "bidi embeddings overrides isolates": (
        HIDDEN,
        ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"],
    ),
    "tag characters": (HIDDEN, ["\U000e0001", "\U000e0041", "\U000e007f"]),
    "Mongolian vowel separator": (HIDDEN, ["\u180e"]),
    "invisible letters (Hangul fillers)": (HIDDEN, ["\u3164", "\uffa0", "\u115f"]),
    "variation selectors": (DROPPED, ["\ufe0f", "\ufe00", "\U000e0100"]),
    "combining grapheme joiner": (DROPPED, ["\u034f"]),
}
CASES = [(label, fate, char) for label, (fate, chars) in CLASSES.items() for char in chars]


@pytest.mark.parametrize(
    ("label", "fate", "char"), CASES, ids=[f"U+{ord(c[2]):04X}" for c in CASES]
)
def test_between_words(label: str, fate: str, char: str) -> None:
    """ "Ali" + char + "Tajideen": a reader sees one or two words; a reading gives two."""
    got = readings(f"Ali{char}Tajideen")
    if fate == DROPPED:
        assert got == ("AliTajideen",), label
    elif fate == SPACE:
        assert got == ("Ali Tajideen",), label
    else:
        assert got == ("Ali Tajideen", "AliTajideen"), label
    assert analyze_name(got[0]).tokens[:1] == ("ali",) or fate == DROPPED


@pytest.mark.parametrize(
    ("label", "fate", "char"), CASES, ids=[f"U+{ord(c[2]):04X}" for c in CASES]
)
def test_inside_a_word_one_reading_is_the_word(label: str, fate: str, char: str) -> None:
    """A character slipped inside a word must leave a reading with the word whole."""
    got = readings(f"Kassim Taj{char}ideen")
    whole = "Kassim Tajideen"
    if fate == SPACE:
        assert got == ("Kassim Taj ideen",), label  # a visible gap: the reader sees two
    else:
        assert whole in got, label


@pytest.mark.parametrize(
    ("label", "fate", "char"), CASES, ids=[f"U+{ord(c[2]):04X}" for c in CASES]
)
def test_normalised_list_side_never_glues(label: str, fate: str, char: str) -> None:
    """The index's one reading: never "alitajideen", never a "?" from transliteration."""
    text = normalize_text(f"TAJIDEEN,{char}Ali")
    assert "?" not in text
    assert text.split() == ["tajideen", "ali"], label


@pytest.mark.parametrize(
    ("word", "script"),
    [
        ("\u0915\u094d\u200d\u0937", "Devanagari"),  # a ZWJ half-form
        ("\u0915\u094d\u200c\u0937", "Devanagari"),  # a ZWNJ: no conjunct, one word
        ("\u0645\u062d\u0645\u062f\u200d\u0631\u0636\u0627", "Arabic"),  # ZWJ: joined
    ],
)
def test_joiners_inside_shaping_scripts_are_dropped(word: str, script: str) -> None:
    """ZWJ/ZWNJ choose a letter's shape there: one word, one reading, no space."""
    got = readings(word)
    assert got == (word.replace("\u200c", "").replace("\u200d", ""),), script
    assert len(normalize_text(word).split()) == len(normalize_text(got[0]).split())


@pytest.mark.parametrize(
    "name",
    [
        "\u0645\u062d\u0645\u062f\u200c\u0631\u0636\u0627",  # Persian compound محمد‌رضا
        "\u0639\u0628\u062f \u0627\u0644\u0645\u0646\u0627\u0646\u200c\u0622\u063a\u0627",
    ],
)
def test_a_half_space_in_arabic_script_is_read_both_ways(name: str) -> None:
    """ZWNJ between Arabic letters is the Persian half-space, typed inside compounds and
    between words alike: the name is read with a space there and without (found by the
    evasion property test: "عبد المنان‌آغا" scored 0 against "عبد المنان آغا")."""
    assert readings(name) == (name.replace("\u200c", " "), name.replace("\u200c", ""))


def test_clean_text_is_returned_unchanged() -> None:
    for text in ("TAJIDEEN, Kassim", "  two  spaces ", "Müller", "قاسم تاج الدين"):
        assert readings(text) == (text,)
        assert spaced(text) == text


def test_lone_surrogates_are_found() -> None:
    assert has_lone_surrogate("Ali\ud800")
    assert has_lone_surrogate("\udfffx")
    assert not has_lone_surrogate("Ali \U0001f600")  # a real astral character is fine
    assert readings("Ali\ud800Tajideen") == ("Ali Tajideen", "AliTajideen")
