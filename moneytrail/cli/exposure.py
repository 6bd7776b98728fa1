"""``moneytrail exposure``: customers who received designated parties' money, or sent them some."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from moneytrail.cli.context import open_store, progress_bar, state, stderr
from moneytrail.cli.flows import (
    EngineOption,
    Mapping,
    MaxDate,
    MinDate,
    Output,
    Rates,
    Rejects,
    Transactions,
    notify,
)
from moneytrail.cli.output import check_target, json_line, open_output
from moneytrail.engines.factory import EngineName
from moneytrail.flows.kinds import Method, Reach
from moneytrail.screening.defaults import DEFAULT_THRESHOLD
from moneytrail.services.transactions import TransactionSource

if TYPE_CHECKING:
    from moneytrail.flows.exposure import ExposureResult

_WHY = {"id": "holder id", "wallet": "listed wallet", "account-id": "listed address"}


class Format(StrEnum):
    JSONL = "jsonl"
    HTML = "html"
    TABLE = "table"


def exposure_command(
    ctx: typer.Context,
    transactions: Transactions,
    accounts: Annotated[
        Path,
        typer.Option(help="Account holders: CSV, Parquet or JSONL, one row per account."),
    ],
    output: Output,
    mapping: Mapping = None,
    accounts_map: Annotated[
        str | None,
        typer.Option(
            help="KEY=COLUMN,... for keys account, id (holder id), schema, publicKey and "
            "currencySymbol (a crypto address and its currency) and followthemoney properties "
            "(name, birthDate, nationality, ...). Columns named like a key need none."
        ),
    ] = None,
    lists: Annotated[
        list[Path] | None,
        typer.Option(
            "--list",
            help="A list file or folder; repeatable. Default: the store's lists.",
        ),
    ] = None,
    hops: Annotated[int, typer.Option(help="At most this many hops.", min=1, max=50)] = 6,
    threshold: Annotated[
        float,
        typer.Option(help="A holder screening at or above this is designated.", min=0.0, max=1.0),
    ] = DEFAULT_THRESHOLD,
    direction: Annotated[
        Reach,
        typer.Option(help="forward: who received their money; backward: who sent them money."),
    ] = Reach.FORWARD,
    attribution: Annotated[
        Method, typer.Option(help="How amounts are attributed (see docs/flows.md).")
    ] = Method.PROPORTIONAL,
    min_amount: Annotated[
        float,
        typer.Option(help="Leave out accounts attributed less than this amount.", min=0.0),
    ] = 0.0,
    fmt: Annotated[
        Format, typer.Option("--format", help="jsonl (one exposed account a line), html, table.")
    ] = Format.JSONL,
    decisions: Annotated[
        Path | None,
        typer.Option(help="JSONL of decided false positives: they designate nobody."),
    ] = None,
    rates: Rates = None,
    rejects: Rejects = None,
    min_date: MinDate = None,
    max_date: MaxDate = None,
    engine: EngineOption = EngineName.DUCKDB,
) -> None:
    """Which accounts received money from designated parties' accounts, and the reverse."""
    from moneytrail.flows.exposure import render_html
    from moneytrail.services.money_flows import ExposureRequest, expose

    check_target(output)
    request = ExposureRequest(
        transactions=TransactionSource(transactions, mapping, rates, rejects, min_date, max_date),
        accounts=accounts, accounts_map=accounts_map, lists=tuple(lists or ()), hops=hops,
        threshold=threshold, direction=direction, method=attribution, min_amount=min_amount,
        decisions=decisions, engine=engine,
    )  # fmt: skip
    settings = state(ctx).settings
    run = expose(
        request,
        settings,
        open_store=lambda: open_store(ctx),
        progress=lambda what: progress_bar(what, settings.progress),
        notify=notify,
    )
    result = run.result
    with open_output(output) as out:
        if fmt is Format.HTML:
            out.write(render_html(result))
        elif fmt is Format.TABLE:
            _tables(result, out)
        else:
            for rec in result.records():
                out.write(json_line(rec) + "\n")
    counts = ", ".join(
        f"{sum(e.direction is d for e in result.exposures):,} {d}" for d in result.traces
    )
    stderr.print(
        f"{len(result.designated):,} designated accounts of {run.holders:,}; "
        f"exposed accounts: {counts or 'none'}",
        highlight=False,
    )


def _tables(result: ExposureResult, out: TextIO) -> None:
    """Two tables a person reads: designated accounts with why, then exposed accounts."""
    console = Console(file=out, width=160, force_terminal=False)
    table = Table(title="Designated accounts", title_justify="left")
    for col in ("account", "holder", "list entry", "why"):
        table.add_column(col, overflow="fold")
    for d in result.designated.values():
        for g in d.designations:
            why = _WHY.get(g.basis) or f"screening {g.score:.2f}"
            entry = f"{g.caption} ({g.entity_id}, {', '.join(g.datasets)})"
            table.add_row(d.account, d.holder.name, entry, why)
    console.print(table)
    exposed = Table(
        title=f"Exposed accounts (within {result.hops} hops, time order)", title_justify="left"
    )
    for col in ("direction", "account", "holder", "hops", "first date", "amount", "designated"):
        exposed.add_column(col, overflow="fold", justify="right" if col == "amount" else "left")
    for e in result.exposures:
        holder = Text(e.holder.name) if e.holder else Text("(unknown)", style="dim")
        via = ", ".join(dict.fromkeys(d.holder.name for d in e.designated))
        exposed.add_row(
            str(e.direction), e.account, holder, str(e.hops), str(e.first_date),
            f"{e.amount:,.2f}", via,
        )  # fmt: skip
    console.print(exposed)
