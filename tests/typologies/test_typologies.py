"""Each typology on a small planted case, and a near miss that must not alert."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from moneytrail.engines import DuckDBEngine
from moneytrail.errors import InvalidInput
from moneytrail.typologies import REGISTRY, record, resolve, run
from tests.flows.helpers import Row, graph


@pytest.fixture(scope="module")
def engine() -> Iterator[DuckDBEngine]:
    eng = DuckDBEngine()
    yield eng
    eng.close()


def alerts(engine: DuckDBEngine, name: str, rows: list[Row]) -> list[dict[str, object]]:
    g = graph(rows)
    return [record(a, g) for a in run(g, engine, resolve([name]))]


def noise() -> list[Row]:
    """A little unrelated activity so windows are not empty elsewhere."""
    return [(f"n{i}", f"P{i % 5}", f"Q{i % 7}", 20.0 + 13 * i, 40 + i) for i in range(30)]


def fan_in(k: int, spread: float) -> list[Row]:
    return [
        (f"f{i}", f"S{i}", "HUB", 5000 * (1 + spread * (i % 2)), 10 + i * 0.2) for i in range(k)
    ]


def cycle(ratio: float, length: int = 4) -> list[Row]:
    ring = [f"C{i}" for i in range(length)]
    return [
        (f"c{i}", ring[i], ring[(i + 1) % length], 8000 * ratio**i, 10 + i) for i in range(length)
    ]


def scatter_gather(mids: int, keep: float) -> list[Row]:
    out: list[Row] = []
    for i in range(mids):
        out += [(f"s{i}", "A", f"M{i}", 3000.0, 10), (f"g{i}", f"M{i}", "Z", 3000 * keep, 11)]
    return out


def gather_scatter(pay_out: float) -> list[Row]:
    ins = [(f"i{i}", f"S{i}", "HUB", 1000.0 + 300 * i, 10 + i * 0.3) for i in range(6)]
    total = sum(r[3] for r in ins) * pay_out
    outs = [(f"o{i}", "HUB", f"T{i}", total / 6, 14 + i * 0.3) for i in range(6)]
    return ins + outs


def bipartite(same_targets: bool) -> list[Row]:
    out: list[Row] = []
    for s in range(3):
        targets = ["B0", "B1", "B2" if same_targets else f"B{9 + s}"]
        out += [(f"b{s}{j}", f"A{s}", t, 2000.0 + j, 10 + s * 0.5) for j, t in enumerate(targets)]
    return out


def stack(middle: int) -> list[Row]:
    out: list[Row] = []
    for m in range(middle):
        out += [(f"x{a}{m}", f"A{a}", f"M{m}", 1000.0, 10) for a in range(2)]
        out += [(f"y{m}{c}", f"M{m}", f"C{c}", 990.0, 12) for c in range(2)]
    return out


def pass_through(times: int, keep: float) -> list[Row]:
    out: list[Row] = []
    for i in range(times):
        out += [
            (f"p{i}", f"S{i}", "MULE", 4000.0, 10 + 3 * i),
            (f"q{i}", "MULE", f"T{i}", 4000 * keep, 10.5 + 3 * i),
        ]
    return out


def structuring(amount: float) -> list[Row]:
    return [(f"d{i}", f"S{i % 2}", "ACC", amount, 10 + i) for i in range(5)]


CASES = {
    "fan_in": (fan_in(9, 0.02), fan_in(7, 0.02), "HUB"),  # near miss: too few payers
    "fan_out": (
        [(r[0], r[2], r[1], r[3], r[4]) for r in fan_in(9, 0.02)],
        [(r[0], r[2], r[1], r[3], r[4]) for r in fan_in(9, 0.5)],  # amounts too different
        "HUB",
    ),
    "cycle": (cycle(0.98), cycle(1.2), "C0"),  # near miss: the amount grows each hop
    "scatter_gather": (scatter_gather(4, 0.98), scatter_gather(2, 0.98), "A"),
    "gather_scatter": (gather_scatter(0.97), gather_scatter(0.5), "HUB"),  # keeps half
    "bipartite": (bipartite(True), bipartite(False), "A0"),  # each payer pays another set
    "stack": (stack(2), stack(1), "M0"),  # one middle account is not a layer
    "pass_through": (pass_through(3, 0.98), pass_through(3, 0.6), "MULE"),  # keeps 40 %
    "structuring": (structuring(9600.0), structuring(10_400.0), "ACC"),  # over the threshold
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_planted_case_alerts_and_near_miss_does_not(engine: DuckDBEngine, name: str) -> None:
    planted, near_miss, key = CASES[name]
    found = alerts(engine, name, planted + noise())
    assert found, f"{name} missed its planted case"
    hit = next((a for a in found if a["accounts"][0] == key), found[0])  # type: ignore[index]
    assert key in hit["accounts"]  # type: ignore[operator]
    assert 0 < hit["score"] <= 1  # type: ignore[operator]
    assert (isinstance(hit["explanation"], str) and key in hit["explanation"]) or name in (
        "bipartite", "stack")  # fmt: skip
    assert hit["typology"] == next(n for n in REGISTRY if n.startswith(name + "-v"))
    assert not alerts(engine, name, near_miss + noise()), f"{name} alerted on a near miss"


def test_every_typology_is_registered_with_version_and_docs() -> None:
    assert len(REGISTRY) == 9
    for name, cls in REGISTRY.items():
        assert name.rsplit("-v", 1)[1].isdigit()
        assert cls.__doc__ and len(cls.__doc__) > 100
    with pytest.raises(InvalidInput, match="unknown typology"):
        resolve(["nonsense"])
