"""``moneytrail portfolio``: the customers re-screened on every list update."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from moneytrail.cli.context import (
    Warnings,
    cli_actor,
    open_store,
    progress_bar,
    state,
    stderr,
    stdout,
)
from moneytrail.screening.defaults import DEFAULT_THRESHOLD

if TYPE_CHECKING:
    from moneytrail.alerts.models import Alert
    from moneytrail.services.updates import UpdateResult

app = typer.Typer(
    help="Customers under monitoring: screened when added and on every list update.",
    no_args_is_help=True,
)


@app.command("add")
def add(
    ctx: typer.Context,
    input_path: Annotated[
        str,
        typer.Argument(
            metavar="FILE", help="JSONL, CSV (with --map) or Parquet; '-' reads JSONL from stdin."
        ),
    ],
    mapping: Annotated[
        str | None,
        typer.Option(
            "--map", help="KEY=COLUMN,... for CSV/Parquet: id, schema and properties (as screen)."
        ),
    ] = None,
    schema: Annotated[
        str, typer.Option(help="Schema of CSV/Parquet rows without a schema column.")
    ] = "Person",
    threshold: Annotated[
        float, typer.Option(help="Alert at or above this score.", min=0.0, max=1.0)
    ] = DEFAULT_THRESHOLD,
) -> None:
    """Add (or replace) customers, screen them against the current lists, raise alerts."""
    from moneytrail.alerts.factory import open_repository
    from moneytrail.screening.inputs import parse_map
    from moneytrail.services.portfolio import add_portfolio

    settings = state(ctx).settings
    warnings = Warnings()
    with open_store(ctx) as store, progress_bar("screening", settings.progress) as progress:
        repo = open_repository(settings)
        try:
            result = add_portfolio(
                store,
                repo,
                input_path,
                parse_map(mapping),
                schema=schema,
                actor=cli_actor(),
                threshold=threshold,
                progress=progress,
                warn=warnings,
            )
        finally:
            repo.close()
    warnings.close()
    for alert in result.alerts:
        typer.echo(json.dumps(alert_line(alert), ensure_ascii=False))
    stderr.print(
        f"portfolio: {result.added:,} added, {result.updated:,} updated, "
        f"{result.unchanged:,} unchanged; screened against {result.entries:,} list entries: "
        f"{len(result.alerts):,} new alerts"
        + (
            f" (and screened {result.resumed:,} left pending by an interrupted add)"
            if result.resumed
            else ""
        ),
        highlight=False,
    )


def alert_line(alert: Alert) -> dict[str, object]:
    """What stdout shows of a new alert (the queue has the rest): one JSON line each."""
    record = alert.as_record()
    keys = ("id", "query_id", "entity_id", "caption", "score", "datasets", "entry_digest")
    return {k: record[k] for k in keys}


def show_update(result: UpdateResult) -> None:
    """New alerts on stdout (JSON lines), what changed on stderr (``lists update``)."""
    for alert in result.alerts:
        typer.echo(json.dumps(alert_line(alert), ensure_ascii=False))
    for r in result.loads:
        before = result.versions_before.get(r.dataset, "none")
        stderr.print(
            f"updated {r.dataset} {before} -> {r.version}: {r.added:,} added, "
            f"{r.changed:,} changed, {r.removed:,} removed",
            highlight=False,
        )
    stderr.print(
        f"re-screened {result.customers:,} customers against {len(result.delta):,} new or "
        f"changed entries: {len(result.alerts):,} new alerts",
        highlight=False,
    )


@app.command("list")
def list_customers(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="JSONL, one customer a line.")] = False,
) -> None:
    """The monitored customers."""
    from moneytrail.alerts.factory import open_repository
    from moneytrail.services.portfolio import customers

    repo = open_repository(state(ctx).settings)
    try:
        found = customers(repo)
    finally:
        repo.close()
    if as_json:
        for customer in found:
            typer.echo(json.dumps(customer.as_record(), ensure_ascii=False))
        return
    table = Table(title=f"Portfolio: {len(found):,} customers", title_justify="left")
    for col in ("id", "schema", "name", "added", "updated"):
        table.add_column(col)
    for c in found:
        names = c.record.get("properties", {}).get("name", [""])
        name = names[0] if isinstance(names, list) and names else str(names)
        table.add_row(c.id, c.schema, str(name), c.added_at[:19], c.updated_at[:19])
    stdout.print(table)
