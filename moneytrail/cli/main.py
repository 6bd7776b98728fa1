"""``moneytrail``: the command-line entry point and its one error handler."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from moneytrail.cli import entity, lists
from moneytrail.cli.context import AppState, stderr
from moneytrail.errors import MoneytrailError
from moneytrail.settings import Settings

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
app.command(name="entity")(entity.show_entity)
#SCREEN


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
) -> None:
    """Global options shared by every command."""
    ctx.obj = AppState(Settings.from_env(store=store, progress=False if quiet else None))


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
    except (typer.Exit, SystemExit) as exc:
        code = exc.exit_code if isinstance(exc, typer.Exit) else exc.code
        sys.exit(code if isinstance(code, int) else 0)
    except Exception as exc:  # click usage errors arrive here in non-standalone mode
        import click

        if isinstance(exc, click.ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        raise
