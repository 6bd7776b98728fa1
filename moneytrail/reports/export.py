"""One entry point from a report to the bytes of a format, shared by the CLI and the web."""

from __future__ import annotations

from dataclasses import dataclass

from moneytrail.reports.formats import ReportFormat as ReportFormat
from moneytrail.reports.ftm import render_ftm
from moneytrail.reports.goaml import render_goaml
from moneytrail.reports.html import render_html
from moneytrail.reports.model import CaseReport
from moneytrail.store import Store


@dataclass(frozen=True, slots=True)
class Exported:
    data: bytes
    media_type: str
    suffix: str


def export(store: Store, report: CaseReport, fmt: ReportFormat) -> Exported:
    """The report in ``fmt``; PDF imports weasyprint only when asked for."""
    if fmt is ReportFormat.PDF:
        from moneytrail.reports.pdf import render_pdf

        return Exported(render_pdf(report), "application/pdf", ".pdf")
    if fmt is ReportFormat.FTM:
        return Exported(render_ftm(store, report).encode(), "application/x-ndjson", ".ftm.jsonl")
    if fmt is ReportFormat.GOAML:
        return Exported(render_goaml(report).encode(), "application/xml", ".goaml.xml")
    return Exported(render_html(report).encode(), "text/html; charset=utf-8", ".html")
