"""The case report as PDF: the HTML page printed by weasyprint (no browser needed).

Imported lazily by callers because weasyprint needs the system's Pango libraries;
a machine without them can still produce HTML, FtM and goAML.
"""

from __future__ import annotations

import logging

from moneytrail.errors import EngineUnavailable
from moneytrail.reports.html import render_html
from moneytrail.reports.model import CaseReport


def render_pdf(report: CaseReport) -> bytes:
    """PDF bytes; EngineUnavailable when weasyprint or Pango is missing."""
    try:
        from weasyprint import HTML  # type: ignore[import-untyped]
    except (ImportError, OSError) as exc:
        raise EngineUnavailable(
            f"PDF needs weasyprint and the Pango libraries ({exc}); "
            "install weasyprint and Debian's libpango-1.0-0 libpangoft2-1.0-0"
        ) from exc
    for name in ("weasyprint", "fontTools"):  # page-by-page chatter is not ours to print
        logging.getLogger(name).setLevel(logging.ERROR)
    data: bytes = HTML(string=render_html(report)).write_pdf()
    return data
