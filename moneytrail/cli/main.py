"""``moneytrail``: the command-line entry point and its one error handler."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from moneytrail import logs
from moneytrail.cli import audit as audit_cli
from moneytrail.cli import entity, lists, network, ownership, portfolio, screen
from moneytrail.cli import report as report_cli
from moneytrail.cli import resolve as resolve_cli
from moneytrail.cli import users as users_cli
from moneytrail.cli.context import AppState, stderr
from moneytrail.cli.exposure import exposure_command
from moneytrail.cli.flows import detect_command, trace_command
from moneytrail.cli.serve import serve as serve_command
from moneytrail.errors import MoneytrailError
from moneytrail.settings import Settings
from moneytrail.sources.compressed import limits_from, set_limits

app = typer.Typer(
    name="moneytrail",
    help=(
        "Sanctions screening and counter-terrorist-financing investigations: official "
        "lists with provenance, screening, networks and money flows."
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(lists.app, name="lists")
app.add_typer(resolve_cli.app, name="resolve")
app.command(name="entity")(entity.show_entity)
app.command(name="ownership")(ownership.ownership)
app.command(name="network")(network.network)
app.command(name="screen")(screen.screen)
from moneytrail.cli import validate as validate_cli  # noqa: E402

app.command(name="validate")(validate_cli.validate)
app.command(name="trace")(trace_command)
app.command(name="detect")(detect_command)
app.command(name="exposure")(exposure_command)
app.command(name="serve")(serve_command)
app.command(name="report")(report_cli.report)
app.add_typer(users_cli.app, name="users")
app.add_typer(audit_cli.app, name="audit")
app.add_typer(portfolio.app, name="portfolio")
from moneytrail.cli import trade as trade_cli  # noqa: E402

app.add_typer(trade_cli.app, name="trade")


@app.callback()
def main(
    ctx: typer.Context,
    store: Annotated[
        Path | None,
        typer.Option(
            "--store",
            help="The store file (DuckDB). Default: $MONEYTRAIL_STORE or ./moneytrail.duckdb.",
            show_default=False,
        ),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bars or notes on stderr.")
    ] = False,
    verbose: Annotated[
        bool,
        typer.Option("--verbose", "-v", help="Also log what the library does (info) on stderr."),
    ] = False,
) -> None:
    """Global options shared by every command."""
    logs.for_cli(verbose)
    settings = Settings.from_env(store=store, progress=False if quiet else None)
    set_limits(limits_from(settings))  # caps on compressed and line-oriented input
    ctx.obj = AppState(settings)


def run() -> None:
    """Console-script entry: one readable line and a documented exit code per error."""
    try:
        app(standalone_mode=False)
    except MoneytrailError as exc:
        stderr.print(Text.assemble(("error: ", "bold red"), str(exc)), highlight=False)
        sys.exit(exc.exit_code)
    except typer.Abort:
        stderr.print("aborted")
        sys.exit(130)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.TyperException as exc:  # usage errors: bad option values, missing arguments
        show = getattr(exc, "show", None)
        if callable(show):
            show()
        else:
            stderr.print(f"error: {exc}", highlight=False)
        code = getattr(exc, "exit_code", 2)
        sys.exit(code if isinstance(code, int) else 2)
