"""``moneytrail report``: a case report on chosen alerts and entities, in one of four formats."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from moneytrail.cli.context import open_store, state, stderr
from moneytrail.cli.network import _write_bytes
from moneytrail.errors import InvalidInput
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
    title: Annotated[
        str | None,
        typer.Option(help="The report's title. Default: the case's title, or 'Case report'."),
    ] = None,
    author: Annotated[str, typer.Option(help="Who prepares the report.")] = "moneytrail",
    case_id: Annotated[
        str | None,
        typer.Option(
            "--case",
            help="A case id: its alerts, title, narrative and conclusion (with any --alert "
            "and --entity given too).",
        ),
    ] = None,
    narrative: Annotated[
        str | None,
        typer.Option(
            help="The analyst's narrative (text, or @FILE to read it from a file); "
            "replaces the case's."
        ),
    ] = None,
    conclusion: Annotated[
        str | None,
        typer.Option(help="The conclusion (text, or @FILE); replaces the case's."),
    ] = None,
) -> None:
    """Write a case report: summary, cited evidence, network and flow pictures, decisions."""
    from moneytrail.alerts.cases import read_case
    from moneytrail.alerts.factory import open_repository
    from moneytrail.reports import build_case, export
    from moneytrail.reports.build import report_record

    narrative, conclusion = _text(narrative, "--narrative"), _text(conclusion, "--conclusion")
    with open_store(ctx) as store:
        repo = open_repository(state(ctx).settings)
        try:
            alerts = list(alert or [])
            if case_id is not None:
                found = read_case(repo, case_id)  # NotFound: one line, exit 2
                alerts = [*found.alert_ids, *(a for a in alerts if a not in found.alert_ids)]
                title = title or found.title
                narrative = narrative if narrative is not None else found.narrative or None
                conclusion = conclusion if conclusion is not None else found.conclusion or None
            case = build_case(
                store, repo, alerts, entity or [], author=author,
                title=title or "Case report", case_id=case_id,
                narrative=narrative, conclusion=conclusion,
            )  # fmt: skip
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


def _text(value: str | None, option: str) -> str | None:
    """``value``, or the contents of the file ``@PATH`` names."""
    if value is None or not value.startswith("@"):
        return value
    path = Path(value[1:])
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"cannot read {option} file: {exc}", file=str(path)) from None
