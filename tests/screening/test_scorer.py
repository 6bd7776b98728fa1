"""screen-v1 on the bundled lists: transliteration, order, birth dates, schemas, evidence."""

from __future__ import annotations

from typing import Any

import pytest

from moneytrail.screening import DEFAULT_THRESHOLD, Query, ScreenConfig, Screener, features

CONFIG = ScreenConfig(limit=5, cutoff=0.3, threshold=DEFAULT_THRESHOLD)


def top(screener: Screener, record: dict[str, Any]) -> tuple[str | None, float]:
    matches = screener.screen(Query.from_record(record), CONFIG)
    return (matches[0].entry.id, matches[0].score) if matches else (None, 0.0)


def person(name: str, **props: str) -> dict[str, Any]:
    properties = {"name": [name], **{k: [v] for k, v in props.items()}}
    return {"id": "q", "schema": "Person", "properties": properties}


@pytest.mark.parametrize(
    "name",
    [
        "TAJIDEEN, Kassim",  # as listed
        "Kassim Tajideen",  # word order
        "Qasim Taji al-Din",  # transliteration and glued particle (an alias spelling)
        "Kasem Tajeddine",  # another romanisation, not on the list
        "Kassim Tajidene",  # a typo
        "قاسم تاج الدين",  # Arabic script
    ],
)
def test_tajideen_variants_match(screener: Screener, name: str) -> None:
    entity, score = top(screener, person(name, birthDate="1955-03-21"))
    assert entity == "ofac-11494"
    assert score >= DEFAULT_THRESHOLD


def test_cyrillic_query_matches_latin_entry(screener: Screener) -> None:
    entity, score = top(screener, person("Айман Саид Джумаа"))
    assert entity == "ofac-12540" and score >= DEFAULT_THRESHOLD


def test_birth_date_twenty_years_off_is_not_a_match(screener: Screener) -> None:
    entity, score = top(screener, person("Kassim Tajideen", birthDate="1975-03-21"))
    assert score < DEFAULT_THRESHOLD
    assert entity in (None, "ofac-11494")


def test_birth_date_contributions_order(screener: Screener) -> None:
    def dob_contribution(dob: str) -> float:
        [m, *_] = screener.screen(
            Query.from_record(person("Kassim Tajideen", birthDate=dob)), CONFIG
        )
        assert m.entry.id == "ofac-11494"
        return m.explanation.features["birthDate"].contribution

    exact, year, day, other, near, far = (
        dob_contribution(d)
        for d in ("1955-03-21", "1955", "1955-03-02", "1955-07-09", "1956-03-21", "1975-03-21")
    )
    # Agreement earns a little; a contradiction between two exact dates costs a lot, as
    # much as another year.
    assert exact > year > 0 > near >= day > other >= far


def test_day_month_swap_counts_as_agreement() -> None:
    swapped = features.birth_date(("1980-12-03",), {"1980-03-12": "st1"})
    other = features.birth_date(("1980-07-09",), {"1980-03-12": "st1"})
    assert swapped is not None and other is not None
    assert swapped.detail == "same date with day and month swapped"
    assert swapped.contribution > 0 > other.contribution
    assert swapped.statement == "st1"


def test_year_only_birth_date_agrees(screener: Screener) -> None:
    m = screener.screen(Query.from_record(person("Ali Tajideen", birthDate="1961")), CONFIG)
    assert m[0].entry.id == "ofac-12450"
    assert m[0].explanation.features["birthDate"].contribution > 0


def test_vessel_never_matches_a_person(screener: Screener) -> None:
    as_person = screener.screen(Query.from_record(person("TAJIDEEN, Kassim")), CONFIG)
    assert as_person and as_person[0].entry.schema == "Person"
    vessel = {"id": "v", "schema": "Vessel", "properties": {"name": ["TAJIDEEN, Kassim"]}}
    assert all(
        m.entry.schema == "Vessel" for m in screener.screen(Query.from_record(vessel), CONFIG)
    )


def test_company_legal_form_variants(screener: Screener) -> None:
    for name in ("TAJCO LTD", "Tajco Company S.A.R.L.", "TAJCO"):
        rec = {"id": "c", "schema": "Company", "properties": {"name": [name]}}
        entity, score = top(screener, rec)
        assert entity == "ofac-12452" and score >= DEFAULT_THRESHOLD, name


def test_passport_number_is_strong_evidence(screener: Screener) -> None:
    weak_name = person("K. Tajeddin", passportNumber="RL-1794375")
    m = screener.screen(Query.from_record(weak_name), CONFIG)
    assert m[0].entry.id == "ofac-11494"
    assert m[0].explanation.features["identifier"].detail == "same passportNumber"
    assert m[0].score >= DEFAULT_THRESHOLD


def test_common_name_with_other_birth_date_is_not_flagged(screener: Screener) -> None:
    _, score = top(screener, person("Mohammed Ali", birthDate="1990-01-01", nationality="gb"))
    assert score < DEFAULT_THRESHOLD


def test_explanation_cites_statements(screener: Screener) -> None:
    [m, *_] = screener.screen(
        Query.from_record(person("Qasim Taji al-Din", nationality="lb")), CONFIG
    )
    name = m.explanation.name
    assert name.list == "TAJI AL-DIN, Qasim" and name.list_prop == "alias"
    assert name.statement is not None and len(name.statement) == 40
    assert m.explanation.features["country"].detail == "a country in common"
    assert name.comparison is not None
    assert {q for q, _, _ in name.comparison.pairs} <= {"qasim", "taj", "din"}
    assert m.explanation.list_versions["us_ofac_sdn"] in {"2024-05-03", "2021-07-07"}


def test_first_of_january_is_a_year_only() -> None:
    """1 January stands for an unknown day and month: agreeing on it earns a year's
    credit, not an exact date's, and a neighbouring year is judged as year-only."""
    exact = features.birth_date(("1989-03-14",), {"1989-03-14": "st1"})
    placeholder = features.birth_date(("1989-01-01",), {"1989-01-01": "st1"})
    near = features.birth_date(("1966-01-01",), {"1967-01-01": "st1"})
    assert exact is not None and placeholder is not None and near is not None
    assert exact.contribution == features.DOB_EXACT
    assert placeholder.contribution == features.DOB_YEAR
    assert near.contribution == features.DOB_NEAR_YEAR_ONLY
