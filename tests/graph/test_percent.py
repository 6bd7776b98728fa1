"""Every way registries write a shareholding, read into exact bounds."""

from __future__ import annotations

import pytest

from moneytrail.errors import InvalidInput
from moneytrail.graph.percent import UNIT, parse_percentage, parse_percentages


def pct(value: float) -> int:
    return round(value * UNIT)


@pytest.mark.parametrize(
    "text", ["50", "50%", "50.0", "50 %", " 50,0% ", "50 per cent", "50 percent", "50.000000"]
)
def test_exact_forms(text: str) -> None:
    share = parse_percentage(text)
    assert (share.low, share.high, share.exact, share.unknown) == (pct(50), pct(50), True, False)
    assert share.text == text.strip()


def test_small_decimal_is_a_percentage_not_a_fraction() -> None:
    assert parse_percentage("0.5").low == pct(0.5)


@pytest.mark.parametrize(
    ("text", "low", "high", "strict"),
    [
        ("25-50%", 25, 50, False),
        ("25 – 50 %", 25, 50, False),
        ("25% - 50%", 25, 50, False),
        ("25% to 50%", 25, 50, False),
        ("between 25% and 50%", 25, 50, False),
        ("more than 25% but not more than 50%", 25, 50, True),
        ("more than 50% but less than 75%", 50, 75, True),
        ("ownership-of-shares-25-to-50-percent", 25, 50, True),
        ("ownership-of-shares-50-to-75-percent-as-trust", 50, 75, True),
        ("ownership-of-shares-75-to-100-percent", 75, 100, False),
        ("75% or more", 75, 100, False),
        ("more than 50%", 50, 100, True),
        (">50%", 50, 100, True),
        ("at least 10 %", 10, 100, False),
        ("less than 25%", 0, 25, False),
        ("up to 10%", 0, 10, False),
    ],
)
def test_ranges(text: str, low: float, high: float, strict: bool) -> None:
    share = parse_percentage(text)
    assert (share.low, share.high, share.strict) == (pct(low), pct(high), strict)
    assert not share.exact


@pytest.mark.parametrize("text", [None, "", "   "])
def test_missing_is_unknown_not_zero(text: str | None) -> None:
    share = parse_percentage(text)
    assert share.unknown
    assert (share.low, share.high) == (0, pct(100))


@pytest.mark.parametrize("text", ["majority", "1/3", "150%", "50-25%", "-5%", "fifty", "50%%x"])
def test_unreadable_is_refused(text: str) -> None:
    with pytest.raises(InvalidInput) as info:
        parse_percentage(text)
    assert info.value.field == "percentage"
    assert repr(text) in str(info.value)


def test_thirds_are_exact() -> None:
    total = parse_percentage("33.333333").low + parse_percentage("16.666667").low
    assert total == pct(50)


def test_disagreeing_values_span_the_widest_range() -> None:
    share = parse_percentages(["25%", "30%"])
    assert (share.low, share.high) == (pct(25), pct(30))
    assert parse_percentages(["50", "50%"]).exact
    assert parse_percentages([]).unknown
