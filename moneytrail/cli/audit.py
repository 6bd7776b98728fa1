"""``moneytrail audit``: check the hash chain, export the log."""

from __future__ import annotations

from typing import Annotated

import typer

from moneytrail.alerts import export, verify
from moneytrail.alerts.factory import open_repository
from moneytrail.cli.context import state, stderr, stdout
from moneytrail.cli.output import open_output
from moneytrail.errors import MoneytrailError

app = typer.Typer(help="The tamper-evident audit log.", no_args_is_help=True)


@app.command("verify")
def verify_command(ctx: typer.Context) -> None:
    """Check every line's hash and the chain; name each edited, inserted or deleted line.

    Exits 0 when intact (and prints the head hash: keep it elsewhere to compare
    later), 1 when not."""
    repo = open_repository(state(ctx).settings)
    try:
        report = verify(repo)
    finally:
        repo.close()
    for p in report.problems:
        stdout.print(f"line {p.seq}: {p.kind}: {p.detail}", highlight=False)
    if not report.ok:  # exit code 1, the root error's, like any failed check
        raise MoneytrailError(f"audit log NOT intact: {len(report.problems)} problem(s)")
    stdout.print(f"ok: {report.lines} lines, head {report.head}", highlight=False)


@app.command("export")
def export_command(
    ctx: typer.Context,
    output: Annotated[str, typer.Option("--output", "-o", help="JSONL file; '-' is stdout.")] = "-",
) -> None:
    """Every line as JSONL with its hashes, for archiving or checking elsewhere."""
    repo = open_repository(state(ctx).settings)
    try:
        with open_output(output) as out:
            n = export(repo, out)
    finally:
        repo.close()
    stderr.print(f"exported {n} audit lines", highlight=False)
