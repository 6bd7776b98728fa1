"""``moneytrail report``: a case report on chosen alerts and entities, in one of four formats."""

from __future__ import annotations

from typing import Annotated

import typer

from moneytrail.cli.context import open_store, state, stderr
from moneytrail.cli.network import _write_bytes
from moneytrail.reports.formats import ReportFormat


def report(
    ctx: typer.Context,
    output: Annotated[str, typer.Option("--output", "-o", help="Output file; '-' is stdout.")],
    alert: Annotated[
        list[str] | None, typer.Option("--alert", help="An alert id (repeatable).")
    ] = None,
    entity: Annotated[
        list[str] | None, typer.Option("--entity", help="An entity id (repeatable).")
    ] = None,
    fmt: Annotated[
        ReportFormat,
        typer.Option(
            "--format",
            help="html, pdf (weasyprint), ftm (FollowTheMoney JSONL) or goaml "
            "(STR, UNODC goAML 4.0 generic schema).",
        ),
    ] = ReportFormat.HTML,
    title: Annotated[str, typer.Option(help="The report's title.")] = "Case report",
    author: Annotated[str, typer.Option(help="Who prepares the report.")] = "moneytrail",
) -> None:
    """Write a case report: summary, cited evidence, network and flow pictures, decisions."""
    from moneytrail.alerts.repository import DuckDBRepository
    from moneytrail.reports import build_case, export
    from moneytrail.reports.build import report_record

    with open_store(ctx) as store:
        repo = DuckDBRepository(state(ctx).settings.store)
        try:
            case = build_case(store, repo, alert or [], entity or [], author=author, title=title)
        finally:
            repo.close()
        exported = export(store, case, fmt)
    _write_bytes(output, exported.data)
    counts = report_record(case)
    stderr.print(
        f"{counts['claims']} claims citing {counts['statements']} statements, "
        f"{counts['transactions']} transactions: {output}",
        highlight=False,
    )
