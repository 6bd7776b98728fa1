"""Screening a file of shipments (``moneytrail trade screen``): parties, vessels, red flags.

Every shipment is read and every party name checked before the lists are indexed, so a
bad line stops the run before any output; results stream to the caller's sink in
input order. Raising alerts is a second, audited step over the shipments that had a
hit or a flag, against the list versions they were screened on.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from moneytrail.services.batch_screening import ProgressBar, StoreOpener
from moneytrail.services.transactions import Notify

if TYPE_CHECKING:
    from moneytrail.alerts.models import Alert
    from moneytrail.alerts.repository import Repository
    from moneytrail.screening import ScreenConfig
    from moneytrail.trade.affiliates import Affiliates
    from moneytrail.trade.lists import TradeLists
    from moneytrail.trade.shipment import Shipment

RecordSink = Callable[[dict[str, Any]], object]


@dataclass(frozen=True)
class ShipmentScreenRequest:
    """What to screen (``'-'``: JSONL on stdin) and against what; lists empty: the store's."""

    input_path: str
    config: ScreenConfig
    mapping: dict[str, str] = field(default_factory=dict)
    lists: Sequence[Path] = ()
    ownership: Path | None = None  # an ownership file for the BIS Affiliates rule
    workers: int | None = None
    keep_flagged: bool = False  # keep the records with a hit or flag, to raise as alerts


@dataclass(frozen=True)
class ShipmentScreenResult:
    shipments: Sequence[Shipment]
    with_hits: int
    with_flags: int
    flagged_records: list[dict[str, Any]]  # kept only when the request asks


def screen_shipment_file(
    request: ShipmentScreenRequest,
    *,
    open_store: StoreOpener,
    progress: ProgressBar,
    notify: Notify,
    sink: RecordSink,
) -> ShipmentScreenResult:
    """Screen every shipment of the file into ``sink``, one record a shipment."""
    from moneytrail.screening.inputs import spool_stdin
    from moneytrail.trade.read import read_shipments
    from moneytrail.trade.screen import prepare, screen_shipments

    source, spooled = spool_stdin(request.input_path)
    try:
        label = "<stdin>" if spooled is not None else request.input_path
        loaded = read_shipments(Path(source), request.mapping, label)
        prepared = prepare(loaded, label)  # every party name checked before indexing
        lists = trade_lists(request.lists, open_store, progress)
        affiliates = _affiliates(request.ownership, lists, notify)
        hits = flags = 0
        kept: list[dict[str, Any]] = []
        with progress("screening parties") as bar:
            for record in screen_shipments(
                loaded, lists.screener, request.config, workers=request.workers,
                progress=bar, prepared=prepared, licences=lists.licences, affiliates=affiliates,
            ):  # fmt: skip
                hits += bool(record["hits"])
                flags += bool(record["flags"])
                if request.keep_flagged and (record["hits"] or record["flags"]):
                    kept.append(record)
                sink(record)
    finally:
        if spooled is not None:
            spooled.unlink(missing_ok=True)
    return ShipmentScreenResult(loaded, hits, flags, kept)


def trade_lists(
    lists: Sequence[Path], open_store: StoreOpener, progress: ProgressBar
) -> TradeLists:
    """The given list files, or the store's lists with their cached screening index."""
    from moneytrail.screening import screener_from_store
    from moneytrail.trade.lists import lists_from_sources, lists_from_store

    with progress("indexing lists") as bar:
        if lists:
            return lists_from_sources(lists, bar)
        with open_store() as store:
            return lists_from_store(store, screener_from_store(store))


def _affiliates(ownership: Path | None, lists: TradeLists, notify: Notify) -> Affiliates | None:
    if ownership is None:
        return None
    from moneytrail.engines import DuckDBEngine
    from moneytrail.trade.affiliates import find_affiliates

    engine = DuckDBEngine()
    try:
        found = find_affiliates(ownership, lists, engine=engine)
    finally:
        engine.close()
    notify(
        f"{ownership}: {len(found.records):,} entities owned 50% or more by Entity List / "
        "MEU parties (bis-affiliates)"
    )
    return found


def raise_shipment_alerts(
    repo: Repository,
    result: ShipmentScreenResult,
    actor: str,
    *,
    open_store: StoreOpener | None,
) -> list[Alert]:
    """The kept hits and flags as alerts (audited); ``open_store``: the versions screened."""
    from moneytrail.services.trade import raise_trade_alerts

    versions: dict[str, str] = {}
    if open_store is not None:
        with open_store() as store:
            versions = {info.dataset: info.version for info in store.lists()}
    return raise_trade_alerts(repo, versions, result.flagged_records, actor, result.shipments)
