"""``moneytrail trade``: shipments screened party by party, with red flags (docs/trade.md).

The screening machinery is imported inside the command: ``moneytrail --help`` and the
other commands must not pay for it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from moneytrail.cli.context import cli_actor, open_store, progress_bar, state, stderr
from moneytrail.cli.output import open_output

if TYPE_CHECKING:
    from moneytrail.trade.affiliates import Affiliates
    from moneytrail.trade.lists import TradeLists
    from moneytrail.trade.shipment import Shipment

app = typer.Typer(
    help="Trade: screen every party to a shipment and raise export-control red flags.",
    no_args_is_help=True,
)


@app.command("screen")
def screen_command(
    ctx: typer.Context,
    shipments: Annotated[
        str,
        typer.Argument(
            metavar="SHIPMENTS", help="JSONL of shipments, or CSV with --map; '-' reads stdin."
        ),
    ],
    lists: Annotated[
        list[Path] | None,
        typer.Option(
            "--list",
            help="A list file or folder; repeatable. Default: the store's lists.",
        ),
    ] = None,
    mapping: Annotated[
        str | None,
        typer.Option(
            "--map",
            help="KEY=COLUMN,... for CSV: id, date, hs, quantity, unit, value, currency, "
            "loading, discharge, vessel_name, vessel_imo, <role>, <role>_country ...",
        ),
    ] = None,
    output: Annotated[
        str, typer.Option("--output", "-o", help="JSONL output file; '-' is stdout.")
    ] = "-",
    limit: Annotated[int, typer.Option(help="At most this many matches per party.", min=1)] = 5,
    threshold: Annotated[
        float | None,
        typer.Option(
            help="A match is a hit at or above this (default: screen-v1's).", min=0, max=1
        ),
    ] = None,
    workers: Annotated[
        int | None, typer.Option(help="Processes to use (default: all cores).")
    ] = None,
    ownership: Annotated[
        Path | None,
        typer.Option(
            "--ownership",
            metavar="ENTITIES.jsonl",
            help="FtM JSONL registry with Ownership: parties owned 50%+ by Entity List / "
            "MEU parties are flagged by shipment date (BIS Affiliates rule).",
        ),
    ] = None,
    raise_alerts: Annotated[
        bool,
        typer.Option(
            "--raise-alerts",
            help="Also raise each hit and flagged shipment as an alert (kind trade) in the "
            "case store; an unchanged one raised before is not raised again.",
        ),
    ] = False,
) -> None:
    """Screen every party and vessel of each shipment (screen-v1) and apply the red-flag
    rules; one JSONL line per shipment, in input order."""
    from moneytrail.screening import DEFAULT_CUTOFF, DEFAULT_THRESHOLD, ScreenConfig
    from moneytrail.screening.inputs import parse_map, spool_stdin
    from moneytrail.trade.read import read_shipments
    from moneytrail.trade.screen import prepare, screen_shipments

    settings = state(ctx).settings
    source, spooled = spool_stdin(shipments)
    try:
        label = "<stdin>" if spooled is not None else shipments
        loaded = read_shipments(Path(source), parse_map(mapping), label)
        prepared = prepare(loaded, label)  # every party name checked before indexing
        loaded_lists = _lists(ctx, lists, settings.progress)
        affiliates = _affiliates(ownership, loaded_lists)
        cut = threshold if threshold is not None else DEFAULT_THRESHOLD
        config = ScreenConfig(limit=limit, cutoff=min(DEFAULT_CUTOFF, cut), threshold=cut)
        hits = flagged = 0
        kept: list[dict[str, Any]] = []
        with progress_bar("screening parties", settings.progress) as progress:
            records = screen_shipments(
                loaded,
                loaded_lists.screener,
                config,
                workers=workers,
                progress=progress,
                prepared=prepared,
                licences=loaded_lists.licences,
                affiliates=affiliates,
            )
            with open_output(output) as out:
                for record in records:
                    hits += bool(record["hits"])
                    flagged += bool(record["flags"])
                    if raise_alerts and (record["hits"] or record["flags"]):
                        kept.append(record)
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
    finally:
        if spooled is not None:
            spooled.unlink(missing_ok=True)
    stderr.print(
        f"screened {len(loaded):,} shipments: {hits:,} with a listed party or vessel, "
        f"{flagged:,} with a red flag",
        highlight=False,
    )
    if raise_alerts:
        _raise(ctx, kept, loaded, from_store=not lists)


def _raise(
    ctx: typer.Context,
    records: list[dict[str, Any]],
    shipments: Sequence[Shipment],
    *,
    from_store: bool,
) -> None:
    """The hits and flags as alerts in the case store (audited), with the count on stderr."""
    from moneytrail.alerts.factory import open_repository
    from moneytrail.services.trade import raise_trade_alerts

    versions: dict[str, str] = {}
    if from_store:
        with open_store(ctx) as store:
            versions = {info.dataset: info.version for info in store.lists()}
    repo = open_repository(state(ctx).settings)
    try:
        made = raise_trade_alerts(repo, versions, records, cli_actor(), shipments)
    finally:
        repo.close()
    stderr.print(
        f"raised {len(made):,} trade alerts ({len(records):,} shipments with a hit or flag; "
        "unchanged ones raised before are not raised again)",
        highlight=False,
    )


def _lists(ctx: typer.Context, lists: list[Path] | None, progress_on: bool) -> TradeLists:
    from moneytrail.screening import screener_from_store
    from moneytrail.trade.lists import lists_from_sources, lists_from_store

    with progress_bar("indexing lists", progress_on) as progress:
        if lists:
            return lists_from_sources(lists, progress)
        with open_store(ctx) as store:
            return lists_from_store(store, screener_from_store(store))


def _affiliates(ownership: Path | None, lists: TradeLists) -> Affiliates | None:
    if ownership is None:
        return None
    from moneytrail.engines import DuckDBEngine
    from moneytrail.trade.affiliates import find_affiliates

    engine = DuckDBEngine()
    try:
        found = find_affiliates(ownership, lists, engine=engine)
    finally:
        engine.close()
    stderr.print(
        f"{ownership}: {len(found.records):,} entities owned 50% or more by Entity List / "
        "MEU parties (bis-affiliates)",
        highlight=False,
    )
    return found
