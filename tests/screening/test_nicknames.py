"""Nicknames and short forms (issue 16): "MAYER, Dave" finds "MAYER, David".

Built from the real lists: listed people whose given name the shipped nickname table
(names/data/nicknames.csv) gives short forms for, queried with one of those forms.
"""

from __future__ import annotations

import random

from moneytrail.names import analyze_name
from moneytrail.names._data import read_csv
from moneytrail.names.equivalents import is_nickname_pair
from moneytrail.screening import DEFAULT_THRESHOLD, Query, ScreenConfig, Screener
from moneytrail.screening.compare import NICKNAME_SIM, compare_names

WIDE = ScreenConfig(limit=20, cutoff=0.3, threshold=DEFAULT_THRESHOLD)


def score_of(screener: Screener, name: str, entity: str) -> float:
    query = Query.from_record({"id": "q", "schema": "Person", "properties": {"name": [name]}})
    return max((m.score for m in screener.screen(query, WIDE) if m.entry.id == entity), default=0)


def nickname_cases(screener: Screener, n: int) -> list[tuple[str, str]]:
    short_forms: dict[str, list[str]] = {}
    for row in read_csv("nicknames.csv"):
        short_forms.setdefault(row["name1"], []).append(row["name2"])
    cases = []
    for name in screener.index.names:
        entry = screener.index.entries[name.entry]
        if entry.schema != "Person" or name.form.script != "Latin":
            continue
        words = name.text.replace(",", " ").split()
        for i, word in enumerate(words):
            if forms := short_forms.get(word.lower()):
                nick = sorted(forms)[0].capitalize()
                cases.append((" ".join([*words[:i], nick, *words[i + 1 :]]), entry.id))
                break
    random.Random(7).shuffle(cases)
    return cases[:n]


def test_short_forms_of_listed_given_names_are_found(screener: Screener) -> None:
    cases = nickname_cases(screener, 200)
    assert len(cases) == 200
    found = sum(score_of(screener, q, eid) >= DEFAULT_THRESHOLD for q, eid in cases)
    assert found / len(cases) >= 0.9, found  # 0.42 before nicknames were used


def test_nickname_is_weaker_than_the_same_name() -> None:
    weight = lambda token: float(len(token))  # noqa: E731
    listed = analyze_name("MAYER, David")
    same = compare_names(analyze_name("David Mayer"), listed, weight).score
    nick = compare_names(analyze_name("Dave Mayer"), listed, weight).score
    other = compare_names(analyze_name("Peter Mayer"), listed, weight).score
    assert same == 1.0
    assert other < DEFAULT_THRESHOLD < nick < same
    assert is_nickname_pair("dave", "david") and NICKNAME_SIM < 1.0


def test_nicknames_are_for_people_only() -> None:
    weight = lambda token: float(len(token))  # noqa: E731
    listed = analyze_name("BILL TRADING", "Company")
    assert compare_names(analyze_name("WILLIAM TRADING", "Company"), listed, weight).score < 0.7
