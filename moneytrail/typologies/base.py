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
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from moneytrail.engines.base import Engine
from moneytrail.flows.graph import FlowGraph
from moneytrail.typologies._through import Books
from moneytrail.typologies.unusual import EdgeConfig, UnusualEdges, find_unusual
from moneytrail.typologies.windows import data_scales

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

DAY = 86_400


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
    """A detector: ``NAME`` versioned, docstring documented, ``Config`` typed."""

    NAME: ClassVar[str]
    Config: ClassVar[type[Any]]  # a dataclass: its fields are the settings

    @property
    def config(self) -> DataclassInstance:
        """The settings this detector runs with, an instance of ``Config``."""
        ...

    def detect(self, scan: Scan) -> list[Alert]: ...


@dataclass
class Scan:
    """The engine with the coded transactions registered as ``tx``, and shared tables."""

    engine: Engine
    graph: FlowGraph
    _unusual: dict[tuple[Any, ...], UnusualEdges] = field(default_factory=dict)
    _books: Books | None = None

    def __post_init__(self) -> None:
        self.engine.register("tx", self.graph.arrow())

    def unusual(self, config: EdgeConfig) -> UnusualEdges:
        """The unusual payments under ``config`` (computed once per scan and setting)."""
        key = config.edge_key()
        if key not in self._unusual:
            self._unusual[key] = find_unusual(self.engine, config)
        return self._unusual[key]

    def books(self) -> Books:
        """Every account's payments in and out, sorted once for this scan's mule rules."""
        if self._books is None:
            self._books = Books(self.graph)
        return self._books

    def scales(self, requested: tuple[float, ...] = ()) -> list[int]:
        """Window lengths in seconds: the user's, or chosen from the data's span."""
        return data_scales(self.graph.t, requested)

    def money(self, value: float) -> str:
        return f"{value:,.2f}"

    def period(self, times: Any) -> str:
        """'between <first> and <last>' in the input's own date notation."""
        first, last = int(min(times)), int(max(times))
        return f"between {self.graph.format_time(first)} and {self.graph.format_time(last)}"

    def rows(self, sql: str) -> list[dict[str, Any]]:
        result: list[dict[str, Any]] = self.engine.query(sql).to_pylist()
        return result

    def name(self, code: int) -> str:
        return str(self.graph.accounts[code].as_py())

    def days(self, seconds: float) -> str:
        value = seconds / DAY
        return f"{value:.0f} day{'s' if round(value) != 1 else ''}"

    def close(self) -> None:
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
