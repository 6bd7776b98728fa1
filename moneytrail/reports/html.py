"""The case report as one self-contained HTML page (also the source of the PDF).

Self-contained because a case file is opened years later, offline: the network
picture is embedded as a data URI and the flow picture as inline SVG.
"""

from __future__ import annotations

import base64
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from moneytrail.reports.model import CaseReport

TEMPLATES = Path(__file__).parent / "templates"


@cache
def environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(report: CaseReport) -> str:
    picture = base64.b64encode(report.network_png).decode() if report.network_png else ""
    return environment().get_template("report.html").render(r=report, network_b64=picture)
