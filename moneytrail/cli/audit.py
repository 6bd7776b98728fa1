"""``moneytrail audit``: check the log (chain, tables, checkpoints), export it, checkpoint it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from moneytrail.cli.context import state, stderr, stdout
from moneytrail.cli.output import open_output
from moneytrail.errors import MoneytrailError

app = typer.Typer(help="The tamper-evident audit log.", no_args_is_help=True)

UNSIGNED = (
    "note: checkpoint {} is not signed (no MONEYTRAIL_AUDIT_KEY when it was written): "
    "it catches damage, not someone who can rewrite it"
)


@app.command("verify")
def verify_command(
    ctx: typer.Context,
    checkpoint: Annotated[
        list[Path] | None,
        typer.Option(
            "--checkpoint",
            help="A checkpoint written by `audit export --checkpoint`; the log must still "
            "hold its line with the same hash. Repeatable.",
        ),
    ] = None,
) -> None:
    """Check the chain, the tables against the log, and the log against checkpoints.

    Names each edited, inserted or deleted line; each user, alert or decision
    whose row differs from what the log recorded (what the log says, what the
    table says); and a log cut short or rewritten since a checkpoint (files
    given here, and the MONEYTRAIL_AUDIT_ANCHOR file, which a pass appends to).
    Exits 0 when all agree, 1 when not (docs/audit.md)."""
    from moneytrail.alerts.audit_checkpoint import verify_anchored
    from moneytrail.alerts.factory import open_for_reading

    settings = state(ctx).settings
    repo = open_for_reading(settings)  # a read-only store can be verified
    try:
        report, points = verify_anchored(
            repo, checkpoint or [], settings.audit_key, settings.audit_anchor
        )
    finally:
        repo.close()
    for p in report.problems:
        stdout.print(f"line {p.seq}: {p.kind}: {p.detail}", highlight=False)
    for m in report.mismatches:
        stdout.print(m.line(), highlight=False, markup=False)
    for point in points:
        if not point.signed:
            stderr.print(UNSIGNED.format(point.source), highlight=False, markup=False)
    if not report.ok:  # exit code 1, the root error's, like any failed check
        n = len(report.problems) + len(report.mismatches)
        raise MoneytrailError(f"audit log NOT intact: {n} problem(s)")
    stdout.print(f"ok: {report.lines} lines, head {report.head}", highlight=False)
    if report.counts is not None:
        c = report.counts
        stdout.print(
            f"tables agree with the log: {c.users} users, {c.alerts} alerts, "
            f"{c.decisions} decisions; {len(points)} checkpoint(s) hold",
            highlight=False,
        )


@app.command("export")
def export_command(
    ctx: typer.Context,
    output: Annotated[
        str | None,
        typer.Option(
            "--output", "-o", help="JSONL file; '-' is stdout (the default without --checkpoint)."
        ),
    ] = None,
    checkpoint: Annotated[
        str | None,
        typer.Option(
            "--checkpoint",
            help="Also write a checkpoint (line count, head hash, time), signed with "
            "MONEYTRAIL_AUDIT_KEY, to keep outside the store; refused if verify fails.",
        ),
    ] = None,
) -> None:
    """Every line as JSONL with its hashes, and/or a signed checkpoint of the log."""
    from moneytrail.alerts import export
    from moneytrail.alerts.audit_checkpoint import make_checkpoint, render
    from moneytrail.alerts.factory import open_repository

    settings = state(ctx).settings
    repo = open_repository(settings)
    try:
        if checkpoint is not None:
            record = make_checkpoint(repo, settings.audit_key, settings.audit_anchor)
            with open_output(checkpoint) as out:
                out.write(render(record))
            signed = "signed" if settings.audit_key else "UNSIGNED (no MONEYTRAIL_AUDIT_KEY)"
            stderr.print(
                f"checkpoint: {record['lines']} lines, head {record['head']}, {signed}",
                highlight=False,
            )
        if output is not None or checkpoint is None:
            with open_output(output or "-") as out:
                n = export(repo, out)
            stderr.print(f"exported {n} audit lines", highlight=False)
    finally:
        repo.close()
