"""What every typology shares: the protocol, alerts, window configs and the scan context.

A typology is a plug-in (see DESIGN.md): a versioned ``NAME`` ("fan_in-v1"), a class
docstring that is its user documentation, a typed config dataclass, and ``detect``
returning alerts with a score in [0, 1] and a plain-language explanation. A changed
behaviour gets a new name, so an alert's typology says exactly which rule fired.

Detection runs as set-based SQL over a table ``tx(row, src, dst, t, amt)`` of
integer-coded accounts (``row`` is the time-order position), through the Engine
protocol, so the same rules can run on any engine. Sliding windows are approximated
by two tumbling bucketings offset by half a window: any pattern lasting at most half
a window lies wholly inside one bucket of one of them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol

from moneytrail.engines.base import Engine
from moneytrail.flows.graph import FlowGraph

DAY = 86_400


@dataclass(frozen=True)
class WindowConfig:
    """Parameters every typology has: a time window, a minimum count, an amount tolerance."""

    window_days: float = 7.0
    min_count: int = 5
    tolerance: float = 0.1

    @property
    def window(self) -> int:
        return max(1, round(self.window_days * DAY))


@dataclass(frozen=True)
class Alert:
    """One finding: accounts (the central one first) and the transactions behind it."""

    typology: str
    accounts: list[int]
    rows: list[int]
    score: float
    explanation: str

    @property
    def id(self) -> str:
        digest = hashlib.sha1(f"{self.typology}|{sorted(self.rows)}".encode()).hexdigest()
        return f"{self.typology}:{digest[:12]}"


class Typology(Protocol):
    """A detector: ``NAME`` versioned, docstring documented, ``config`` typed."""

    NAME: ClassVar[str]
    config: Any

    def detect(self, scan: Scan) -> list[Alert]: ...


@dataclass
class Scan:
    """The engine with the coded transactions registered as ``tx``, and shared tables."""

    engine: Engine
    graph: FlowGraph
    _made: dict[tuple[Any, ...], str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.engine.register("tx", self.graph.arrow())

    def rows(self, sql: str) -> list[dict[str, Any]]:
        result: list[dict[str, Any]] = self.engine.query(sql).to_pylist()
        return result

    def name(self, code: int) -> str:
        return str(self.graph.accounts[code].as_py())

    def days(self, seconds: float) -> str:
        value = seconds / DAY
        return f"{value:.0f} day{'s' if round(value) != 1 else ''}"

    def pairs(self, window: int, tolerance: float, min_amount: float) -> str:
        """Pass-through pairs: a payment into m, then one out of m of a similar amount.

        ``(r1, r2, a, m, b, t1, t2, amt1, amt2)``: transaction r1 a->m then r2 m->b,
        later in time order, within ``window`` seconds, amounts within ``tolerance``.
        Amounts are banded on a log scale so the join is an equality join.
        """
        key = ("pairs", window, tolerance, min_amount)
        if key not in self._made:
            name = f"_pairs_{len(self._made)}"
            band = f"CAST(floor(ln(amt) / ln({1 + tolerance})) AS BIGINT)"
            self.engine.execute(
                f"""CREATE OR REPLACE TEMP TABLE {name} AS
                WITH e AS (SELECT row, src, dst, t, amt, {band} AS band
                           FROM tx WHERE amt >= {max(min_amount, 0.01)}),
                i AS (SELECT e.*, band + d AS b2 FROM e, (VALUES (-1), (0), (1)) x(d))
                SELECT i.row AS r1, o.row AS r2, i.src AS a, i.dst AS m, o.dst AS b,
                       i.t AS t1, o.t AS t2, i.amt AS amt1, o.amt AS amt2
                FROM i JOIN e o ON o.src = i.dst AND o.band = i.b2
                WHERE o.row > i.row AND o.t - i.t <= {window}
                  AND o.amt BETWEEN i.amt * {1 - tolerance} AND i.amt * {1 + tolerance}
                  AND o.dst != i.dst"""
            )
            self._made[key] = name
        return self._made[key]

    def close(self) -> None:
        for name in self._made.values():
            self.engine.execute(f"DROP TABLE IF EXISTS {name}")
        self.engine.unregister("tx")


def offsets(window: int) -> str:
    """The two bucketings: ``(VALUES (0), (window // 2)) o(off)``."""
    return f"(VALUES (0), ({window // 2})) o(off)"


def bucket(window: int, time: str = "t + off") -> str:
    """The bucket of ``time`` as SQL that DuckDB and Spark read alike (floor division:
    neither engine's integer-division operator is spelled the same in the other)."""
    return f"CAST(floor(({time}) / {window}) AS BIGINT)"


def clamp(value: float) -> float:
    return round(min(1.0, max(0.0, value)), 3)
