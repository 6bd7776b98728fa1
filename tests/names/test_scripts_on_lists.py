"""Every script the bundled lists contain, and the scripts customers write names in (issue 16).

The inventory is measured on the real lists (parse_list over moneytrail/data/lists): each
script found there must have a transliteration test below, so a list update bringing a new
script fails here until someone checks how it is spelt. The examples are names from the
lists (or, for scripts the lists lack, the original-script form of a listed name).
"""

from __future__ import annotations

from collections import Counter

import pytest

from moneytrail.names import analyze_name
from moneytrail.names.script import script_counts
from moneytrail.names.transliterate import to_latin
from moneytrail.screening.compare import compare_names
from moneytrail.sources import parse_list
from moneytrail.sources.bundled import bundled_paths

NAME_PROPS = {"name", "alias", "weakAlias", "previousName", "firstName", "lastName"}

# script -> (as written, what the lists write), one per script.
EXAMPLES: dict[str, tuple[str, str]] = {
    "Latin": ("Dokú UMAROV", "dokuumarov"),
    "Arabic": ("صدام حسين", "saddam husayn"),
    "Cyrillic": ("Умаров Доку Хаматович", "umarov doku khamatovich"),
    "Han": ("金铁三", "jin tie san"),
    "Hebrew": ("כהנא חי", "khna chi"),  # KAHANE CHAI (OFAC SDN)
    "Greek": ("Δημήτρης Καμπής", "dimitris kambis"),  # CAMBIS, Dimitris (OFAC SDN)
    "Armenian": ("Արամ Սարգսյան", "aram sargsyan"),
    "Georgian": ("გიორგი ბერიძე", "giorgi beridze"),
    "Thai": ("ทักษิณ ชินวัตร", "thaksin chin watr"),
    "Hangul": ("김정은", "gim jeong eun"),  # KIM JONG UN: one word per syllable
}


def list_scripts() -> Counter[str]:
    counts: Counter[str] = Counter()
    for path in bundled_paths():
        for st in parse_list(path).statements:
            if st.prop in NAME_PROPS:
                counts.update(set(script_counts(st.value)))
    return counts


def test_every_script_on_the_lists_has_a_transliteration_test() -> None:
    found = list_scripts()
    # Measured on the bundled lists (2026): Latin, Arabic, Cyrillic and Han.
    assert {"Latin", "Arabic", "Cyrillic", "Han"} <= set(found), found
    assert set(found) <= set(EXAMPLES), set(found) - set(EXAMPLES)


@pytest.mark.parametrize("script", sorted(EXAMPLES))
def test_transliteration_per_script(script: str) -> None:
    written, expected = EXAMPLES[script]
    form = analyze_name(written)
    assert form.script == script
    if script == "Latin":
        assert form.joined == expected.replace(" ", "")
    else:
        assert " ".join(form.tokens).replace("'", "") == expected


def test_hebrew_reads_het_and_vowel_letters_as_lists_do() -> None:
    # ICU writes "khn' hy"; the lists write KAHANE CHAI.
    assert to_latin("כהנא חי") == "khna chi"
    assert to_latin("ינון לוי") == "ynon loi"  # initial yod a consonant, vav a vowel


def test_greek_and_hebrew_names_align_with_their_latin_spellings() -> None:
    weight = lambda token: float(len(token))  # noqa: E731
    greek = compare_names(analyze_name("Δημήτρης Καμπής"), analyze_name("CAMBIS, Dimitris"), weight)
    hebrew = compare_names(
        analyze_name("כהנא חי", "Organization"), analyze_name("KAHANE CHAI", "Organization"), weight
    )
    assert greek.score >= 0.7 and hebrew.score >= 0.7
    assert len(hebrew.pairs) == 2


def test_one_letter_korean_surname_stays_in_the_alignment() -> None:
    weight = lambda token: float(len(token))  # noqa: E731
    form = analyze_name("오세훈")
    assert form.tokens == ("o", "se", "hun") and form.initials == ()
    same = compare_names(form, analyze_name("O Se Hun"), weight)
    assert ("o", "o") in {(q, c) for q, c, _ in same.pairs}
    other = compare_names(analyze_name("이세훈"), analyze_name("O Se Hun"), weight)
    assert other.score < same.score
