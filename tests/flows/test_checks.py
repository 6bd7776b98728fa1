"""Row checks that keep impossible values out of tracing (issue 19, item 5)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from moneytrail.errors import InvalidInput
from moneytrail.flows import Direction, TimeKind, build_graph, parse_map, read_transactions, trace
from tests.flows.helpers import graph

HEADER = "tid,from,to,amt,when\n"
MAP = parse_map("id=tid,source=from,target=to,amount=amt,date=when")
GOOD = "1,A,B,10,2024-01-02\n2,B,C,5,2024-01-03\n"


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "tx.csv"
    path.write_text(HEADER + body)
    return path


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("2024-02-30", "no such date or time: '2024-02-30'"),
        ("2023-02-29", "no such date or time"),
        ("2024-04-31 10:00:00", "no such date or time"),
        ("0001-01-01", "date '0001-01-01' is before 1900-01-01"),
        ("1899-12-31T23:59:59", "is before 1900-01-01"),
        ("2101-01-01", "date '2101-01-01' is after 2100-12-31"),
    ],
)
def test_impossible_and_placeholder_dates(tmp_path: Path, value: str, reason: str) -> None:
    with pytest.raises(InvalidInput) as err:
        read_transactions(write(tmp_path, GOOD + f"3,C,D,1,{value}\n"), MAP)
    assert (err.value.line, err.value.field) == (4, "date")
    assert reason in err.value.reason


def test_leap_day_and_the_bounds_themselves_are_accepted(tmp_path: Path) -> None:
    body = "1,A,B,1,2024-02-29\n2,B,C,1,1900-01-01\n3,C,D,1,2100-12-31 23:59:59\n"
    txs = read_transactions(write(tmp_path, body), MAP)
    assert len(txs) == 3 and txs.time_kind is TimeKind.DATETIME


def test_bounds_are_parameters(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD + "3,C,D,1,1850-05-01\n")
    txs = read_transactions(path, MAP, min_date=dt.date(1850, 1, 1))
    assert len(txs) == 3
    with pytest.raises(InvalidInput, match="after 2024-01-02"):
        read_transactions(path, MAP, min_date=dt.date(1800, 1, 1), max_date=dt.date(2024, 1, 2))


def test_a_span_beyond_the_tracer_is_refused_naming_both_ends(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD + "3,C,D,1,1700-05-01\n")
    with pytest.raises(InvalidInput) as err:
        read_transactions(path, MAP, min_date=dt.date(1700, 1, 1))
    assert err.value.field == "date"
    assert "from line 4 to line 3, more than 272 years" in err.value.reason


def test_the_tracer_refuses_a_span_it_cannot_order() -> None:
    """A graph built without the reader (the store, a test) must not wrap around."""
    wide = graph([("1", "A", "B", 1.0, 0), ("2", "B", "C", 1.0, 100_000)])
    with pytest.raises(InvalidInput, match="272 years"):
        trace(wide, ["A"], direction=Direction.FORWARD)
    narrow = graph([("1", "A", "B", 1.0, 0), ("2", "B", "C", 1.0, 90_000)])
    assert len(trace(narrow, ["A"], direction=Direction.FORWARD).accounts) == 2


def test_day_numbers_have_no_calendar_bounds_but_a_length(tmp_path: Path) -> None:
    txs = read_transactions(write(tmp_path, "1,A,B,1,-5\n2,B,C,1,40000\n"), MAP)
    assert txs.time_kind is TimeKind.DAY and len(txs) == 2
    with pytest.raises(InvalidInput, match="longer than 9 digits") as err:
        read_transactions(write(tmp_path, "1,A,B,1,0\n2,B,C,1,99999999999999999999\n"), MAP)
    assert err.value.line == 3


@pytest.mark.parametrize(
    ("amount", "reason"),
    [
        ("1e309", "too large to be a number"),
        ("-1e309", "too large to be a number"),
        ("nan", "not a finite number"),
        ("-Infinity", "not a finite number"),
        ('"1,000"', "amount '1,000' has a thousands separator"),
        ('"1 000,50"', "thousands separator or decimal comma"),
        ("1'000", "thousands separator"),
        ("-3", "negative amount (swap source and target"),
        ("12abc", "amount is not a number"),
    ],
)
def test_amounts_that_are_not_finite_decimal_numbers(
    tmp_path: Path, amount: str, reason: str
) -> None:
    with pytest.raises(InvalidInput) as err:
        read_transactions(write(tmp_path, f"1,A,B,{amount},2024-01-02\n"), MAP)
    assert (err.value.line, err.value.field) == (2, "amount")
    assert reason in err.value.reason


def test_rejected_rows_leave_the_graph_as_without_them(tmp_path: Path) -> None:
    body = GOOD + "3,A,C,1e309,2024-01-01\n4,C,D,1,0001-01-01\n5,C,E,2,2024-02-30\n"
    rejects = tmp_path / "rejects.csv"
    txs = read_transactions(write(tmp_path, body), MAP, rejects=rejects)
    assert txs.rejected == 3 and txs.table.column("id").to_pylist() == ["1", "2"]
    assert [x.split(",")[:2] for x in rejects.read_text().splitlines()[1:]] == [
        ["4", '"amount"'], ["5", '"date"'], ["6", '"date"'],
    ]  # fmt: skip
    clean = build_graph(read_transactions(write(tmp_path, GOOD), MAP))
    assert build_graph(txs).t.tolist() == clean.t.tolist()


def test_only_an_empty_field_is_missing(tmp_path: Path) -> None:
    """'NA' and 'null' are account ids like any other; pyarrow would read them as null."""
    txs = read_transactions(write(tmp_path, "1,NA,null,1,2024-01-02\n"), MAP)
    assert txs.table.column("source").to_pylist() == ["NA"]
    assert txs.table.column("target").to_pylist() == ["null"]
