"""Identifiers normalised per type, and queries with an identifier and no name (issue 16)."""

from __future__ import annotations

import pytest

from moneytrail.errors import InvalidInput
from moneytrail.screening import DEFAULT_THRESHOLD, Query, ScreenConfig, Screener
from moneytrail.screening.identifiers import normalize_identifier
from moneytrail.screening.index import Entry
from moneytrail.screening.scorer import NATIONAL_ID_SCORE, UNIQUE_ID_SCORE

WIDE = ScreenConfig(limit=5, cutoff=0.3)


@pytest.mark.parametrize(
    ("a", "b", "prop"),
    [
        ("IMO 9187629", "9187629", "imoNumber"),
        ("imo-9187629", "9187629", "imoNumber"),
        ("IMO9187629", "9187629", None),  # written under another property
        ("5493 0084 2R6L NC5Y 0N95", "549300842R6LNC5Y0N95", "leiCode"),
        ("bmsbirth xxx", "BMSBIRTH", "swiftBic"),  # head office: BIC11 "XXX" = BIC8
        ("No. A-123 456", "A123456", "passportNumber"),
        ("Nr: 12.345/678", "12345678", "registrationNumber"),
        ("#7707083893", "7707083893", "taxNumber"),
    ],
)
def test_same_identifier_written_two_ways(a: str, b: str, prop: str | None) -> None:
    assert normalize_identifier(a, prop) == normalize_identifier(b, prop)


def test_different_identifiers_stay_apart() -> None:
    assert normalize_identifier("BMSBIRTHA01", "swiftBic") != normalize_identifier(
        "BMSBIRTH", "swiftBic"
    )
    assert normalize_identifier("IMO 9187629") != normalize_identifier("9187620")
    # A passport number that happens to start with letters keeps them.
    assert normalize_identifier("NO1234567", "passportNumber") == "NO1234567"


def listed(screener: Screener, prop: str, schema: str | None = None) -> tuple[Entry, str]:
    """The first entry by id holding ``prop`` (the index's order follows the store's scan,
    which is not fixed; a company can hold an IMO number too, so the schema is chosen)."""
    for entry in sorted(screener.index.entries, key=lambda e: e.id):
        if schema is not None and entry.schema != schema:
            continue
        for value, (p, _) in sorted(entry.identifiers.items()):
            if p == prop:
                return entry, value
    raise AssertionError(prop)


def screen(screener: Screener, schema: str, props: dict[str, list[str]]) -> list[tuple[str, float]]:
    query = Query.from_record({"id": "q", "schema": schema, "properties": props})
    return [(m.entry.id, m.score) for m in screener.screen(query, WIDE)]


def test_imo_with_prefix_finds_the_listed_vessel(screener: Screener) -> None:
    vessel, imo = listed(screener, "imoNumber", "Vessel")
    named = screen(screener, "Vessel", {"name": [vessel.caption], "imoNumber": [f"IMO {imo}"]})
    alone = screen(screener, "Vessel", {"name": [vessel.caption]})
    assert named[0][0] == vessel.id and named[0][1] > dict(alone)[vessel.id]


def test_identifier_only_query_names_the_holder(screener: Screener) -> None:
    vessel, imo = listed(screener, "imoNumber", "Vessel")
    query = Query.from_record({"id": "q", "schema": "Vessel", "properties": {"imoNumber": imo}})
    assert query.names == ()
    (match,) = screener.screen(query, WIDE)
    assert match.entry.id == vessel.id and match.score == UNIQUE_ID_SCORE
    assert match.explanation.name.list == vessel.caption
    assert match.as_record(DEFAULT_THRESHOLD)["match"] is True


def test_identifier_only_national_number_scores_lower(screener: Screener) -> None:
    company, tax = listed(screener, "taxNumber")
    matches = screen(screener, "Company", {"taxNumber": [tax]})
    assert (company.id, NATIONAL_ID_SCORE) in matches
    assert DEFAULT_THRESHOLD <= NATIONAL_ID_SCORE < UNIQUE_ID_SCORE


def test_a_record_with_neither_name_nor_identifier_is_refused() -> None:
    with pytest.raises(InvalidInput, match="name or an identifier"):
        Query.from_record({"id": "q", "schema": "Vessel", "properties": {"flag": "ir"}})
