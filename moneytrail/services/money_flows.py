"""Where the money went: trace from seed accounts, and exposure to designated parties.

Both read the transactions through ``TransactionSource``; exposure also screens the
account holders against the lists (the given files or the store's), so that a holder
who is a list entry designates its accounts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from moneytrail.engines.factory import EngineName
from moneytrail.flows.kinds import Direction, Method, Reach
from moneytrail.screening.defaults import DEFAULT_THRESHOLD
from moneytrail.services.batch_screening import ProgressBar, StoreOpener, screener_for
from moneytrail.services.transactions import Notify, TransactionSource, optional_engine
from moneytrail.settings import Settings

if TYPE_CHECKING:
    from moneytrail.flows import FlowGraph
    from moneytrail.flows.exposure import ExposureResult
    from moneytrail.flows.trace import TraceResult


@dataclass(frozen=True)
class TraceRequest:
    """Trace from ``seeds`` (account ids) and, with ``listed_wallets``, every listed address."""

    transactions: TransactionSource
    seeds: Sequence[str] = ()
    listed_wallets: bool = False
    lists: Sequence[Path] = ()
    direction: Direction = Direction.FORWARD
    hops: int = 6
    method: Method = Method.PROPORTIONAL
    engine: EngineName = EngineName.DUCKDB


def trace_money(
    request: TraceRequest, settings: Settings, *, open_store: StoreOpener, notify: Notify
) -> TraceResult:
    """Time-ordered chains of payments from the seeds, with the amounts attributed."""
    from moneytrail import flows

    graph = request.transactions.graph(settings, notify)
    start = list(request.seeds)
    if request.listed_wallets:
        start += listed_wallet_accounts(graph, request.lists, open_store, notify)
    with optional_engine(request.engine) as backend:
        return flows.trace(
            graph,
            start,
            direction=request.direction,
            hops=request.hops,
            method=request.method,
            engine=backend,
        )


def listed_wallet_accounts(
    graph: FlowGraph, lists: Sequence[Path], open_store: StoreOpener, notify: Notify
) -> list[str]:
    """Account ids of the transactions that are listed addresses (flows/wallets.py)."""
    from moneytrail.flows.wallets import listed_accounts
    from moneytrail.screening.service import wallets_from_sources, wallets_from_store

    if lists:
        index = wallets_from_sources(lists)
    else:
        with open_store() as store:
            index = wallets_from_store(store)
    found = listed_accounts((str(a) for a in graph.accounts.to_pylist()), index)
    notify(f"{len(found):,} accounts are listed addresses")
    return found


@dataclass(frozen=True)
class ExposureRequest:
    """Which accounts received money from designated holders' accounts, or sent them some."""

    transactions: TransactionSource
    accounts: Path
    accounts_map: str | None = None
    lists: Sequence[Path] = ()
    hops: int = 6
    threshold: float = DEFAULT_THRESHOLD
    direction: Reach = Reach.FORWARD
    method: Method = Method.PROPORTIONAL
    min_amount: float = 0.0
    decisions: Path | None = None
    engine: EngineName = EngineName.DUCKDB


@dataclass(frozen=True)
class ExposureRun:
    result: ExposureResult
    holders: int  # account holders read, designated or not


def expose(
    request: ExposureRequest,
    settings: Settings,
    *,
    open_store: StoreOpener,
    progress: ProgressBar,
    notify: Notify,
) -> ExposureRun:
    """Designate holders (listed ids, wallets, screening), trace from their accounts."""
    from moneytrail import flows
    from moneytrail.flows.accounts import parse_accounts_map, read_accounts
    from moneytrail.flows.exposure import exposure
    from moneytrail.screening import Decisions

    holders = read_accounts(request.accounts, parse_accounts_map(request.accounts_map))
    txs = request.transactions.read(settings, notify)
    decided = Decisions.from_file(request.decisions) if request.decisions else None
    with optional_engine(request.engine) as backend:
        screener = screener_for(request.lists, open_store, progress)
        result = exposure(
            flows.build_graph(txs), holders, screener, reach=request.direction,
            hops=request.hops, threshold=request.threshold, method=request.method,
            min_amount=request.min_amount, decisions=decided, engine=backend,
        )  # fmt: skip
    return ExposureRun(result, len(holders))
