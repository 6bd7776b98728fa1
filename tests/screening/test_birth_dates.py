"""Graded birth-date evidence (issue 16), on listed people with full birth dates.

A date one day, one month or one year off, or with a typo in the year, costs less than a
date decades off; a listed name with a birth date twenty years off still does not alert.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from moneytrail.screening import DEFAULT_THRESHOLD, Query, ScreenConfig, Screener, features

WIDE = ScreenConfig(limit=20, cutoff=0.3, threshold=DEFAULT_THRESHOLD)


def _shift_year(d: date, years: int) -> date:
    return d.replace(year=d.year + years)


def _year_typo(d: date) -> date:
    """The year's last digit changed (1965 -> 1968), day and month kept."""
    last = d.year % 10
    return d.replace(year=d.year - last + (last + 3) % 10)


SHIFTS = {
    "one day": lambda d: d + timedelta(days=1),
    "one month": lambda d: d + timedelta(days=31),
    "one year": lambda d: _shift_year(d, 1),
    "year typo": _year_typo,
}


@pytest.fixture(scope="module")
def dated_people(screener: Screener) -> list[tuple[str, str, date]]:
    """Listed people with one full birth date (not 1 January) whose own name matches
    them at >= 0.9 without a date: the name alone is clear, the date decides."""
    out = []
    for entry in screener.index.entries[::5]:
        if entry.schema != "Person" or len(entry.birth_dates) != 1 or not entry.names:
            continue
        (dob,) = entry.birth_dates
        if len(dob) != 10 or dob.endswith("-01-01") or dob.endswith("-02-29"):
            continue
        name = screener.index.names[entry.names[0]].text
        if score(screener, name, None, entry.id) >= 0.9:
            out.append((name, entry.id, date.fromisoformat(dob)))
        if len(out) == 120:
            break
    assert len(out) >= 100
    return out


def score(screener: Screener, name: str, dob: date | None, entity: str) -> float:
    props = {"name": [name], **({"birthDate": [dob.isoformat()]} if dob else {})}
    query = Query.from_record({"id": "q", "schema": "Person", "properties": props})
    return max((m.score for m in screener.screen(query, WIDE) if m.entry.id == entity), default=0)


@pytest.mark.parametrize("kind", list(SHIFTS))
def test_near_dates_still_alert(
    screener: Screener, dated_people: list[tuple[str, str, date]], kind: str
) -> None:
    shift = SHIFTS[kind]
    found = sum(
        score(screener, name, shift(dob), eid) >= DEFAULT_THRESHOLD
        for name, eid, dob in dated_people
    )
    assert found / len(dated_people) >= 0.95, (kind, found)


def test_twenty_years_apart_does_not_alert(
    screener: Screener, dated_people: list[tuple[str, str, date]]
) -> None:
    alerts = [
        name
        for name, eid, dob in dated_people
        if score(screener, name, _shift_year(dob, 20), eid) >= DEFAULT_THRESHOLD
    ]
    assert not alerts


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("1955-03-22", "1955-03-21"),  # one day
        ("1955-04-21", "1955-03-21"),  # one month
        ("1956-03-21", "1955-03-21"),  # one year
        ("1958-03-21", "1955-03-21"),  # last digit of the year
        ("1965-03-21", "1956-03-21"),  # last two digits swapped
        ("1955-12-30", "1956-01-02"),  # three days, across a year's end
        ("1956", "1955"),  # year only, one apart
    ],
)
def test_near_dates_cost_less_than_far_ones(query: str, listed: str) -> None:
    near = features.birth_date((query,), {listed: "st"})
    far = features.birth_date(("1975-03-21",), {"1955-03-21": "st"})
    assert near is not None and far is not None
    assert far.contribution == features.DOB_MISMATCH
    assert far.contribution < near.contribution < 0


def test_graded_order() -> None:
    def c(q: str) -> float:
        result = features.birth_date((q,), {"1955-03-21": "st"})
        assert result is not None
        return result.contribution

    assert c("1955-03-21") > c("1955-03-25") >= c("1958-03-21") > c("1955-09-30")
    # Year, month and day all different is no typo: the full penalty, however near.
    assert c("1955-09-30") > c("1956-09-30") == c("1960-03-22") == c("1975-03-21")
    assert c("1957") > c("1958") == c("1944")  # year only: two off still counts less
