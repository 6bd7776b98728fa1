"""Trace exactness on hand-built graphs, and against brute force on random ones."""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence

import pytest

from moneytrail.errors import InvalidInput
from moneytrail.flows import Direction, Method, trace
from tests.flows.helpers import Row, graph


def by_account(rows: Sequence[Row], seeds: list[str], **kw: object) -> dict[str, dict[str, object]]:
    result = trace(graph(rows), seeds, **kw)  # type: ignore[arg-type]
    return {r["account"]: r for r in result.records()}


def test_later_hop_before_earlier_does_not_chain() -> None:
    rows = [("t1", "S", "A", 10, 5), ("t2", "A", "B", 10, 3), ("t3", "A", "C", 10, 5)]
    out = by_account(rows, ["S"])
    assert set(out) == {"A", "C"}  # A->B on day 3 left before the money arrived on day 5
    assert out["C"]["path"] == ["t1", "t3"]  # same-day onward payment chains


def test_fewest_hops_and_earliest_arrival_can_differ() -> None:
    rows = [
        ("d1", "S", "T", 5, 10),  # direct, late
        ("a1", "S", "A", 5, 1),
        ("a2", "A", "B", 5, 2),
        ("a3", "B", "T", 5, 3),  # three hops, early
    ]
    out = by_account(rows, ["S"])
    assert out["T"]["hops"] == 1
    assert out["T"]["first_date"] == 3
    assert out["T"]["path"] == ["d1"]
    limited = by_account(rows, ["S"], hops=2)
    assert limited["T"]["first_date"] == 10  # the early chain needs three hops


def test_hop_limit() -> None:
    rows = [("1", "S", "A", 1, 1), ("2", "A", "B", 1, 2), ("3", "B", "C", 1, 3)]
    assert set(by_account(rows, ["S"], hops=2)) == {"A", "B"}
    assert by_account(rows, ["S"], hops=3)["C"]["path"] == ["1", "2", "3"]


def test_backward_is_the_mirror_image() -> None:
    rows = [
        ("1", "X", "A", 4, 1),
        ("2", "A", "S", 4, 2),
        ("3", "Y", "A", 4, 3),
        ("4", "Z", "S", 1, 9),
    ]
    out = by_account(rows, ["S"], direction=Direction.BACKWARD)
    assert set(out) == {"A", "X", "Z"}  # Y paid A after A paid S
    assert out["X"]["hops"] == 2 and out["X"]["path"] == ["1", "2"]
    assert out["A"]["first_date"] == 2  # the latest date money left A towards S
    assert out["X"]["amount"] == 4.0


def test_seeds_are_excluded_and_unknown_seeds_rejected() -> None:
    rows = [("1", "S", "R", 1, 1), ("2", "R", "S", 1, 2)]
    assert set(by_account(rows, ["S", "R"])) == set()
    with pytest.raises(InvalidInput):
        by_account(rows, ["nobody"])


WORKED = [
    ("in1", "S", "A", 100.0, 1),  # tainted
    ("in2", "X", "A", 100.0, 2),  # clean
    ("out", "A", "B", 150.0, 3),
    ("fwd", "B", "C", 30.0, 4),
]


def test_proportional_attribution_worked_example() -> None:
    out = by_account(WORKED, ["S"], method=Method.PROPORTIONAL)
    assert out["A"]["amount"] == 100.0
    assert out["B"]["amount"] == 75.0  # 150 * 100/200
    assert out["C"]["amount"] == 15.0  # 30 * 75/150
    assert "X" not in out


def test_fifo_attribution_worked_example() -> None:
    out = by_account(WORKED, ["S"], method=Method.FIFO)
    assert out["A"]["amount"] == 100.0
    assert out["B"]["amount"] == 100.0  # the oldest 100 (tainted) left first, then 50 clean
    assert out["C"]["amount"] == 20.0  # B holds one lot of 150, two-thirds tainted


def brute(rows: Sequence[Row], seed: str, hops: int) -> dict[str, tuple[int, float]]:
    """Every time-respecting chain by depth-first search: (fewest hops, earliest arrival)."""
    best: dict[str, tuple[int, float]] = {}

    def walk(acct: str, at: float, depth: int) -> None:
        if depth == hops:
            return
        for _id, s, d, _a, day in rows:
            if s == acct and day >= at:
                h, t = best.get(d, (99, float("inf")))
                best[d] = (min(h, depth + 1), min(t, day))
                walk(d, day, depth + 1)

    walk(seed, float("-inf"), 0)
    best.pop(seed, None)
    return best


@pytest.mark.parametrize("seed", range(25))
def test_matches_brute_force_on_random_graphs(seed: int) -> None:
    rnd = random.Random(seed)
    names = [f"a{i}" for i in range(7)]
    rows = [
        (f"t{i}", rnd.choice(names), rnd.choice(names), 1.0, rnd.randint(0, 6)) for i in range(14)
    ]
    rows = [r for r in rows if r[1] != r[2]] or [("t", "a0", "a1", 1.0, 0)]
    hops = rnd.randint(1, 4)
    expected = brute(rows, "a0", hops)
    if not any(r[1] == "a0" for r in rows):
        return
    got = by_account(rows, ["a0"], hops=hops)
    assert {k: (v["hops"], v["first_date"]) for k, v in got.items()} == expected
    for acct, rec in got.items():
        path = rec["path"]
        assert isinstance(path, list)
        chain = [next(r for r in rows if r[0] == i) for i in path]
        assert len(chain) == rec["hops"] and chain[0][1] == "a0" and chain[-1][2] == acct
        assert all(x[2] == y[1] and x[4] <= y[4] for x, y in itertools.pairwise(chain))
