"""The name-comparison rules added to compare.py, as relative orderings of real-looking names."""

from __future__ import annotations

import csv

import pytest

from moneytrail.names import NameForm, analyze_name, canonical_given_name
from moneytrail.screening.compare import (
    ABBREVIATION_SIM,
    COVERED_PERSON_COST,
    EXTRA_QUERY_COST,
    MIN_TOKEN_SIM,
    SKELETON_SIM,
    UNMATCHED_LIST_COST,
    NameComparison,
    compare_names,
    token_similarity,
)
from tests.conftest import FIXTURES


def weight(token: str) -> float:
    """Length alone, as a list where every word is rare would weigh it."""
    return float(min(len(token), 10))


def compare(query: str, listed: str, schema: str = "Person") -> NameComparison:
    return compare_names(analyze_name(query, schema), analyze_name(listed, schema), weight)


def paired(result: NameComparison) -> set[tuple[str, str]]:
    return {(q, c) for q, c, _ in result.pairs}


def sim(q: NameForm, qt: str, c: NameForm, ct: str) -> float:
    return token_similarity(q, q.tokens.index(qt), c, c.tokens.index(ct))


# Swapped letters ------------------------------------------------------------------------


def test_transposed_letters_are_one_slip() -> None:
    swapped = compare("Umra Haddad", "Umar Haddad")
    garbled = compare("Umxz Haddad", "Umar Haddad")
    assert ("umra", "umar") in paired(swapped)
    assert ("umxz", "umar") not in paired(garbled)
    assert swapped.score > garbled.score
    assert swapped.score < compare("Umar Haddad", "Umar Haddad").score == 1.0


# Nisba ----------------------------------------------------------------------------------


def test_nisba_is_another_name() -> None:
    jafari, jafar = analyze_name("Jafari"), analyze_name("Jafar")
    assert sim(jafari, "jafari", jafar, "jafar") == MIN_TOKEN_SIM
    assert sim(jafar, "jafar", jafari, "jafari") == MIN_TOKEN_SIM
    assert sim(jafar, "jafar", jafar, "jafar") == 1.0
    # A one-letter typo of the same length is not capped: "Jafar" / "Jafer" is one name.
    jafer = analyze_name("Jafer")
    assert sim(jafar, "jafar", jafer, "jafer") > MIN_TOKEN_SIM


def test_given_name_and_nisba_swapped_is_two_people() -> None:
    # Each word is the other's nisba: two people far more often than one misspelt twice.
    crossed = compare("Mohammad Jafari", "Jafar Mohammadi")
    assert {s for _, _, s in crossed.pairs} == {MIN_TOKEN_SIM}
    assert crossed.score < compare("Mohammad Jafari", "Mohammad Jafary").score


# Conflicting given names ----------------------------------------------------------------


def test_a_different_given_name_costs_more_than_a_missing_one() -> None:
    different = compare("Ahmad Hammoud", "Ali Hammoud")
    missing = compare("Ahmad Hammoud", "Hammoud")
    assert different.unmatched_query == ("ahmad",)
    assert different.unmatched_list == ("ali",)
    assert missing.unmatched_list == ()
    assert different.score < missing.score


def test_a_common_given_name_still_tells_people_apart() -> None:
    # With rarity weights "Ahmad" and "Ali" weigh next to nothing; for a person the
    # conflicting word is charged at least its plain length weight, not for an organisation.
    common = {"ahmad", "ali"}

    def rarity_weight(token: str) -> float:
        return 0.5 if token in common else weight(token)

    def score(schema: str) -> float:
        q = analyze_name("Ahmad Hammoud", schema)
        c = analyze_name("Ali Hammoud", schema)
        return compare_names(q, c, rarity_weight).score

    assert score("Person") < score("Company")
    person_missing = compare_names(
        analyze_name("Ahmad Hammoud"), analyze_name("Hammoud"), rarity_weight
    ).score
    assert score("Person") < person_missing


# Extra query words ----------------------------------------------------------------------


def test_extra_query_word_facing_no_leftover_is_a_missing_middle_name() -> None:
    extra = compare("Petr Viktorovich KOLBIN", "KOLBIN, Petr")
    assert paired(extra) == {("petr", "petr"), ("kolbin", "kolbin")}
    assert extra.unmatched_query == ("viktorovich",)
    assert extra.unmatched_list == ()
    # The documented rule: every other word agreeing exactly, the extra word costs
    # COVERED_PERSON_COST of its weight (EXTRA_QUERY_COST when a pair is only alike).
    shared = weight("petr") + weight("kolbin")
    assert extra.score == pytest.approx(
        shared / (shared + COVERED_PERSON_COST * weight("viktorovich"))
    )
    fuzzy = compare("Petr Viktorovich KOLBINN", "KOLBIN, Petr")
    assert fuzzy.score < extra.score


def test_extra_query_words_cost_like_missing_list_words() -> None:
    extra = compare("Petr Viktorovich KOLBIN", "KOLBIN, Petr")
    missing = compare("Petr KOLBIN", "KOLBIN, Petr Viktorovich")
    assert missing.unmatched_list == ("viktorovich",)
    assert EXTRA_QUERY_COST == UNMATCHED_LIST_COST
    assert extra.score == pytest.approx(missing.score)


@pytest.mark.parametrize("schema", ["Person", "Company"])
def test_extra_query_word_facing_a_leftover_is_a_different_name(schema: str) -> None:
    extra = compare("Petr Viktorovich KOLBIN", "KOLBIN, Petr", schema)
    conflicting = compare("Petr Viktorovich KOLBIN", "KOLBIN, Petr Ivanovich", schema)
    assert conflicting.unmatched_list == ("ivanovich",)
    assert conflicting.score < extra.score


# Company abbreviations ------------------------------------------------------------------


def test_company_word_cut_short_is_an_abbreviation() -> None:
    company = compare("CASPIAN AIR", "CASPIAN AIRLINES", "Company")
    person = compare("CASPIAN AIR", "CASPIAN AIRLINES", "Person")
    assert ("air", "airlines") in paired(company)
    assert ("air", "airlines") not in paired(person)
    assert person.unmatched_query == ("air",)
    assert company.score > person.score
    # Either way round.
    assert ("airlines", "air") in paired(compare("CASPIAN AIRLINES", "CASPIAN AIR", "Company"))


def test_abbreviation_lift_is_for_companies_only() -> None:
    org_q, org_c = analyze_name("ALI TRADING", "Company"), analyze_name("ALINA TRADING", "Company")
    per_q, per_c = analyze_name("Ali Haddad"), analyze_name("Alina Haddad")
    assert sim(org_q, "ali", org_c, "alina") == ABBREVIATION_SIM
    assert sim(per_q, "ali", per_c, "alina") < ABBREVIATION_SIM


def test_two_letters_are_not_an_abbreviation() -> None:
    cut = compare("CASPIAN AI", "CASPIAN AIRLINES", "Company")
    assert ("ai", "airlines") not in paired(cut)


# Given-name classes ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("one", "other"),
    [("pyotr", "petro"), ("piotr", "petr"), ("mohammet", "muhammad"), ("muhamet", "mohammed")],
)
def test_given_name_classes(one: str, other: str) -> None:
    assert canonical_given_name(one) == canonical_given_name(other)


def test_different_given_name_classes_stay_apart() -> None:
    assert canonical_given_name("pyotr") != canonical_given_name("pavel")
    assert canonical_given_name("mohammet") != canonical_given_name("mahmut")


def test_given_name_class_counts_as_the_same_word() -> None:
    result = compare("Pyotr KOLBIN", "KOLBIN, Petro")
    assert {s for _, _, s in result.pairs} == {1.0}
    assert result.score == 1.0


# Consonant classes, on the UN's own original-script names --------------------------------


def _un_pair(reference: str) -> tuple[NameForm, NameForm]:
    with (FIXTURES / "names_un_original_script.csv").open(encoding="utf-8") as f:
        row = next(r for r in csv.DictReader(f) if r["reference"] == reference)
    return analyze_name(row["original_script"]), analyze_name(row["latin"])


def test_arabic_script_query_meets_its_romanisation_by_consonant_class() -> None:
    # QDi.250: قدير (letter by letter "qdir") is GHEDEIR on the list; no shared spelling.
    arabic, latin = _un_pair("QDi.250")
    assert arabic.script == "Arabic"
    assert "qdir" in arabic.tokens and "ghedeir" in latin.tokens
    assert sim(arabic, "qdir", latin, "ghedeir") == SKELETON_SIM
    # The same letters typed in Latin script get no such allowance: vowels were not omitted.
    typed = analyze_name(" ".join(arabic.tokens))
    assert typed.script == "Latin"
    assert sim(typed, "qdir", latin, "ghedeir") == 0.0
