"""Recall per kind, the threshold sweep and the below-the-line sample, on the real lists."""

from __future__ import annotations

import itertools

from moneytrail.screening import Screener
from moneytrail.screening.query import Query
from moneytrail.validation.pack import KINDS, generate_pack
from moneytrail.validation.sweep import (
    BELOW_MARGIN,
    SWEEP,
    below_the_line,
    recall_by_kind,
    screen_customers,
    screen_pack,
    sweep,
)

CUSTOMERS = [
    {"id": "c1", "schema": "Person", "properties": {"name": ["Kassem Tajideen"]}},
    {
        "id": "c2",
        "schema": "Person",
        "properties": {"name": ["Wei Zhang"], "birthDate": ["1990-05-01"]},
    },
    {"id": "c3", "schema": "Person", "properties": {"name": ["Margaret Thornbury"]}},
    {"id": "c4", "schema": "Company", "properties": {"name": ["Golfrate Holdings Angola"]}},
]


def test_recall_per_kind_counts_the_expected_entry(bundled_screener: Screener) -> None:
    pack = generate_pack(bundled_screener.index, seed=5, per_kind=8)
    results = screen_pack(pack, bundled_screener, workers=1)
    assert [r.variation for r in results] == pack
    table = recall_by_kind(results, 0.7)
    assert list(table) == list(KINDS)
    for kind, (n, share) in table.items():
        mine = [r for r in results if r.variation.kind == kind]
        assert n == len(mine) == 8
        assert share == sum(r.score >= 0.7 for r in mine) / 8
    # Word order and initials of listed names with their birth dates are found, at least
    # mostly; a pack where nothing is found would mean the expected entry is never read.
    assert table["word_order"][1] >= 0.75 and table["typo"][1] >= 0.75


def test_sweep_is_monotone_and_below_the_line_is_just_under(bundled_screener: Screener) -> None:
    pack = generate_pack(bundled_screener.index, seed=2, per_kind=10)
    results = screen_pack(pack, bundled_screener, workers=1)
    queries = [Query.from_record(c) for c in CUSTOMERS]
    matches = screen_customers(queries, bundled_screener, workers=1)
    assert {m.customer_id for m in matches} >= {"c1", "c4"}
    rows = sweep(results, matches, len(queries), (*SWEEP, 0.72))
    assert [r.threshold for r in rows] == sorted([*SWEEP, 0.72])
    for lower, higher in itertools.pairwise(rows):
        assert higher.recall <= lower.recall
        assert higher.alerts <= lower.alerts
    assert rows[0].alerts_per_10k == 10_000 * rows[0].alerts / 4
    below = below_the_line(results, matches, 0.7, seed=1)
    assert all(0.7 - BELOW_MARGIN - 1e-9 <= b.score < 0.7 for b in below)
    # "Wei Zhang" born 1990 against the two listed WEI Zhangs born decades earlier: 0.69.
    assert any(b.origin == "customer" and b.query_id == "c2" for b in below)
    assert below_the_line(results, matches, 0.7, seed=1) == below
