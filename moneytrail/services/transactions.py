"""How a transaction file is read for every money-flow use case (trace, exposure, detect).

One place decides the reading rules (column map, currency rates, rejects file, the
plausible date range), so the three commands and any later face read a file the same
way and refuse the same rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from moneytrail.settings import Settings, parse_date_bound

if TYPE_CHECKING:
    from moneytrail.engines.base import Engine
    from moneytrail.engines.factory import EngineName
    from moneytrail.flows import FlowGraph, Transactions

Notify = Callable[[str], None]


@dataclass(frozen=True)
class TransactionSource:
    """The options that say how to read a transaction file, shared by every flow use case."""

    path: Path
    mapping: str | None = None
    rates: Path | None = None
    rejects: Path | None = None
    min_date: str | None = None
    max_date: str | None = None

    def read(self, settings: Settings, notify: Notify) -> Transactions:
        """Validated transactions; bad rows stop the run or go to the rejects file."""
        from moneytrail import flows

        low = parse_date_bound(self.min_date, "--min-date") if self.min_date else None
        high = parse_date_bound(self.max_date, "--max-date") if self.max_date else None
        txs = flows.read_transactions(
            self.path,
            flows.parse_map(self.mapping),
            rates=flows.read_rates(self.rates) if self.rates else None,
            rejects=self.rejects,
            min_date=low or settings.min_date,
            max_date=high or settings.max_date,
        )
        if txs.rejected:
            notify(f"{txs.rejected:,} rows rejected, see {self.rejects}")
        return txs

    def graph(self, settings: Settings, notify: Notify) -> FlowGraph:
        from moneytrail import flows

        return flows.build_graph(self.read(settings, notify))


@contextmanager
def optional_engine(name: EngineName) -> Iterator[Engine | None]:
    """Another engine than the embedded one, started and stopped around the work.

    The embedded searches are in-memory numpy, so DuckDB needs no engine; another one is
    started before any screening, so a missing PySpark or Java fails fast.
    """
    from moneytrail.engines.factory import EngineName, get_engine

    if name is EngineName.DUCKDB:
        yield None
        return
    backend = get_engine(name.value)
    try:
        yield backend
    finally:
        backend.close()


@contextmanager
def engine_for(name: EngineName) -> Iterator[Engine]:
    """The named engine, closed when the work is done."""
    from moneytrail.engines.factory import get_engine

    backend = get_engine(name.value)
    try:
        yield backend
    finally:
        backend.close()
