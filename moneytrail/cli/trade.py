"""``moneytrail trade``: shipments screened party by party, with red flags (docs/trade.md).

The screening machinery is imported inside the command: ``moneytrail --help`` and the
other commands must not pay for it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from moneytrail.cli.context import cli_actor, open_store, progress_bar, state, stderr
from moneytrail.cli.output import open_output

if TYPE_CHECKING:
    from moneytrail.services.shipments import ShipmentScreenResult

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
    from moneytrail.screening.inputs import parse_map
    from moneytrail.services.shipments import ShipmentScreenRequest, screen_shipment_file

    settings = state(ctx).settings
    cut = threshold if threshold is not None else DEFAULT_THRESHOLD
    request = ShipmentScreenRequest(
        input_path=shipments,
        config=ScreenConfig(limit=limit, cutoff=min(DEFAULT_CUTOFF, cut), threshold=cut),
        mapping=parse_map(mapping),
        lists=tuple(lists or ()),
        ownership=ownership,
        workers=workers,
        keep_flagged=raise_alerts,
    )
    with open_output(output) as out:
        result = screen_shipment_file(
            request,
            open_store=lambda: open_store(ctx),
            progress=lambda what: progress_bar(what, settings.progress),
            notify=lambda message: stderr.print(message, highlight=False),
            sink=lambda record: out.write(json.dumps(record, ensure_ascii=False) + "\n"),
        )
    stderr.print(
        f"screened {len(result.shipments):,} shipments: {result.with_hits:,} with a listed "
        f"party or vessel, {result.with_flags:,} with a red flag",
        highlight=False,
    )
    if raise_alerts:
        _raise(ctx, result, from_store=not lists)


def _raise(ctx: typer.Context, result: ShipmentScreenResult, *, from_store: bool) -> None:
    """The hits and flags as alerts in the case store (audited), with the count on stderr."""
    from moneytrail.alerts.factory import open_repository
    from moneytrail.services.shipments import raise_shipment_alerts

    repo = open_repository(state(ctx).settings)
    try:
        made = raise_shipment_alerts(
            repo, result, cli_actor(), open_store=(lambda: open_store(ctx)) if from_store else None
        )
    finally:
        repo.close()
    stderr.print(
        f"raised {len(made):,} trade alerts ({len(result.flagged_records):,} shipments with a "
        "hit or flag; unchanged ones raised before are not raised again)",
        highlight=False,
    )
