"""``screen_lines`` encodes in the workers exactly what ``screen_batch`` returns."""

from __future__ import annotations

import json
from typing import Any

import pytest

from moneytrail.screening import (
    Query,
    ScreenConfig,
    Screener,
    screen_batch,
    screen_lines,
    screener_from_sources,
)
from moneytrail.screening.batch import CHUNK
from moneytrail.screening.suppress import Decisions
from tests.conftest import FIXTURES

SLICE = FIXTURES / "ofac_sdn_2021-07_slice"
# Listed people and companies of the slice, spelt as customer files spell them, and names
# that are on no list. Birth dates and schemas vary so that scores (and flags) vary.
ARABIC: dict[str, Any] = {"schema": "Person", "properties": {"name": ["أيمن سعيد جمعة"]}}
RECORDS: list[dict[str, Any]] = [
    {"schema": "Person", "properties": {"name": ["Kassim Tajideen"]}},
    {"schema": "Person", "properties": {"name": ["Ali Tajideen"], "birthDate": ["1961"]}},
    {"schema": "Person", "properties": {"name": ["Aymen Jomaa"]}},
    {"schema": "Person", "properties": {"name": ["Mohammad Reza Naghdi"]}},
    {"schema": "Person", "properties": {"name": ["Hassan Nasrallah"]}},
    ARABIC,
    {"schema": "Company", "properties": {"name": ["Tajco Ltd"]}},
    {"schema": "Company", "properties": {"name": ["Ellissa Exchange Co"]}},
    {"schema": "Company", "properties": {"name": ["Pouya Air"]}},
    {"schema": "LegalEntity", "properties": {"name": ["Golfrate Holdings Angola"]}},
    {"schema": "Person", "properties": {"name": ["Maria Lopez"]}},
    {"schema": "Person", "properties": {"name": ["Wei Zhang"], "birthDate": ["1980-02-03"]}},
    {"schema": "Company", "properties": {"name": ["Northwind Traders Ltd"]}},
]
N = 3 * CHUNK - 100  # > 2 * CHUNK: the pool runs; not a whole number of chunks


@pytest.fixture(scope="module")
def slice_screener() -> Screener:
    return screener_from_sources([SLICE])


def queries(n: int) -> list[Query]:
    return [Query.from_record({"id": f"q{i}", **RECORDS[i % len(RECORDS)]}) for i in range(n)]


def check_same(lines: list[tuple[str, bool]], records: list[dict[str, Any]]) -> None:
    assert len(lines) == len(records)
    for (line, flag), record in zip(lines, records, strict=True):
        assert "\n" not in line
        assert json.loads(line) == record
        assert flag == any(m["match"] for m in record["matches"])


def test_few_queries_in_process(slice_screener: Screener) -> None:
    qs = queries(len(RECORDS))
    config = ScreenConfig()
    records = list(screen_batch(qs, slice_screener, config, workers=1))
    lines = list(screen_lines(qs, slice_screener, config, workers=1))
    check_same(lines, records)
    flags = [flag for _, flag in lines]
    assert any(flags) and not all(flags)  # the flag comparison is not vacuous
    # The explanation quotes the Arabic-script query as written, not as \u escapes.
    arabic_line = lines[RECORDS.index(ARABIC)][0]
    assert '"query": "أيمن سعيد جمعة"' in arabic_line
    assert "\\u" not in arabic_line


@pytest.mark.parametrize("workers", [1, 2])
def test_lines_equal_records(slice_screener: Screener, workers: int) -> None:
    qs = queries(N)
    config = ScreenConfig(limit=3)
    done: list[int] = []
    records = list(screen_batch(qs, slice_screener, config, workers=1))
    lines = list(
        screen_lines(
            qs, slice_screener, config, workers=workers, progress=lambda d, t: done.append(d)
        )
    )
    check_same(lines, records)
    assert [json.loads(line)["id"] for line, _ in lines] == [f"q{i}" for i in range(N)]
    assert done[-1] == N
    assert sum(flag for _, flag in lines) == sum(
        any(m["match"] for m in r["matches"]) for r in records
    )


def test_flag_follows_the_threshold(slice_screener: Screener) -> None:
    qs = queries(N)
    loose = list(screen_lines(qs, slice_screener, ScreenConfig(threshold=0.5), workers=2))
    strict = list(screen_lines(qs, slice_screener, ScreenConfig(threshold=0.95), workers=2))
    assert 0 < sum(f for _, f in strict) < sum(f for _, f in loose)
    for (line, flag), (_, strict_flag) in zip(loose, strict, strict=True):
        scores = [m["score"] for m in json.loads(line)["matches"]]
        assert flag == any(s >= 0.5 for s in scores)
        assert strict_flag == any(s >= 0.95 for s in scores)


def test_decisions_reach_the_workers(slice_screener: Screener) -> None:
    qs = queries(N)
    config = ScreenConfig()
    first = next(iter(screen_batch(qs[:1], slice_screener, config, workers=1)))
    top = first["matches"][0]
    assert top["id"] == "ofac-11494"
    decided = Decisions(frozenset({("q0", top["id"], top["explanation"]["entry_digest"])}))
    lines = list(screen_lines(qs, slice_screener, config, decided, workers=2))
    records = list(screen_batch(qs, slice_screener, config, decided, workers=1))
    check_same(lines, records)
    assert "ofac-11494" not in [m["id"] for m in json.loads(lines[0][0])["matches"]]
    # Only that query's decision: the same name under another id is still matched.
    again = json.loads(lines[len(RECORDS)][0])
    assert again["id"] == f"q{len(RECORDS)}"
    assert again["matches"][0]["id"] == "ofac-11494"
