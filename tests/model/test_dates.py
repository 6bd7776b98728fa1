"""Birth dates in the forms the lists write them."""

from __future__ import annotations

import pytest

from moneytrail.sources.dates import parse_dates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("21 Mar 1955", ["1955-03-21"]),
        ("1961", ["1961"]),
        ("circa 1960", ["1960"]),
        ("Dec 1970", ["1970-12"]),
        ("1955 to 1958", ["1955", "1956", "1957", "1958"]),
        ("01 Jan 1960 to 31 Dec 1962", ["1960", "1961", "1962"]),
        ("1975-07-04", ["1975-07-04"]),
        ("04/07/1975", ["1975-07-04"]),
        ("31 Feb 1970", []),
        ("unknown", []),
        ("1900 to 1990", ["1900", "1990"]),
    ],
)
def test_parse_dates(text: str, expected: list[str]) -> None:
    assert parse_dates(text) == expected
