"""The validation pack as files: one HTML page (the source of the PDF), the review form as
CSV, and the variations as JSONL (each line's ``query`` is a screening record, so
``jq -c .query variations.jsonl | moneytrail screen -`` screens them again).

Every file is written beside its final name and renamed, so a crash never leaves a
half-written pack that looks whole.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import os
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from moneytrail.errors import EngineUnavailable
from moneytrail.validation.pack import KIND_TEXT
from moneytrail.validation.quality import MAX_LISTED
from moneytrail.validation.run import Validation
from moneytrail.validation.sweep import BELOW_MARGIN, PackResult, SweepRow

TEMPLATES = Path(__file__).parent / "templates"
REVIEW_COLUMNS = ("reviewer", "decision (match / no match / unsure)", "reason", "reviewed on")
FILES = ("validation.html", "validation.pdf", "below_the_line.csv", "variations.jsonl")


@cache
def environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(v: Validation) -> str:
    return (
        environment()
        .get_template("validation.html")
        .render(
            v=v,
            kind_text=KIND_TEXT,
            review_columns=REVIEW_COLUMNS,
            margin=BELOW_MARGIN,
            misses=_misses(v),
            max_listed=MAX_LISTED,
            chart=Markup(sweep_svg(v.rows, v.threshold)),  # numbers only: nothing to escape
        )
    )


def _misses(v: Validation, per_kind: int = 3) -> dict[str, list[PackResult]]:
    """A few missed variations of each kind, to show what the misses look like."""
    out: dict[str, list[PackResult]] = {}
    for r in v.results:
        shown = out.setdefault(r.variation.kind, [])
        if not r.found(v.threshold) and len(shown) < per_kind:
            shown.append(r)
    return out


def html_to_pdf(html: str) -> bytes:
    """PDF bytes, printed by weasyprint as reports/pdf.py prints case reports."""
    try:
        from weasyprint import HTML  # type: ignore[import-untyped]
    except (ImportError, OSError) as exc:
        raise EngineUnavailable(
            f"PDF needs weasyprint and the Pango libraries ({exc}); "
            "install weasyprint and Debian's libpango-1.0-0 libpangoft2-1.0-0"
        ) from exc
    for name in ("weasyprint", "fontTools"):
        logging.getLogger(name).setLevel(logging.ERROR)
    data: bytes = HTML(string=html).write_pdf()
    return data


def below_csv(v: Validation) -> str:
    """The review form: one row per pair under the line, the review columns left empty."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["origin", "query_id", "query_name", "list_id", "list_name", "score", *REVIEW_COLUMNS]
    )
    for b in v.below:
        row = [b.origin, b.query_id, b.query_name, b.entry_id, b.list_name, f"{b.score:.4f}"]
        writer.writerow([*row, *("" for _ in REVIEW_COLUMNS)])
    return out.getvalue()


def variations_jsonl(v: Validation) -> str:
    """Each variation with its expected entry and the score it got."""
    lines = []
    for r in v.results:
        line = {**r.variation.as_json(), "score": r.score, "found": r.found(v.threshold)}
        lines.append(json.dumps(line, ensure_ascii=False))
    return "\n".join(lines) + "\n"


def write_pack(v: Validation, directory: Path) -> dict[str, Path]:
    """The four files in ``directory`` (created if missing); name -> path."""
    directory.mkdir(parents=True, exist_ok=True)
    html = render_html(v)
    contents: dict[str, bytes] = {
        "validation.html": html.encode(),
        "validation.pdf": html_to_pdf(html),
        "below_the_line.csv": below_csv(v).encode(),
        "variations.jsonl": variations_jsonl(v).encode(),
    }
    paths = {}
    for name in FILES:
        path = directory / name
        part = path.with_name(f".{name}.part")
        part.write_bytes(contents[name])
        os.replace(part, path)
        paths[name] = path
    return paths


def sweep_svg(rows: list[SweepRow], threshold: float, width: int = 520, height: int = 220) -> str:
    """Recall and alerts per 10,000 against the threshold, as inline SVG (no JavaScript,
    so the PDF shows it too). Alerts use the right-hand scale."""
    if not rows:
        return ""
    left, right, top, bottom = 50, width - 60, 15, height - 35
    lo, hi = rows[0].threshold, rows[-1].threshold
    top_alerts = max(max(r.alerts_per_10k for r in rows), 1.0)

    def x(t: float) -> float:
        return left + (right - left) * ((t - lo) / (hi - lo) if hi > lo else 0.5)

    def y(share: float) -> float:
        return bottom - (bottom - top) * share

    recall_pts = " ".join(f"{x(r.threshold):.1f},{y(r.recall):.1f}" for r in rows)
    alert_pts = " ".join(
        f"{x(r.threshold):.1f},{y(r.alerts_per_10k / top_alerts):.1f}" for r in rows
    )
    ticks = "".join(
        f'<text x="{x(r.threshold):.1f}" y="{bottom + 15}" font-size="9" '
        f'text-anchor="middle">{r.threshold:.2f}</text>'
        for r in rows
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        'role="img" aria-label="threshold sweep">'
        f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="#999"/>'
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{bottom}" stroke="#999"/>'
        f'<line x1="{right}" y1="{top}" x2="{right}" y2="{bottom}" stroke="#999"/>'
        f'<line x1="{x(threshold):.1f}" y1="{top}" x2="{x(threshold):.1f}" y2="{bottom}" '
        'stroke="#c00" stroke-dasharray="4 3"/>'
        f'<polyline fill="none" stroke="#1f5fa8" stroke-width="2" points="{recall_pts}"/>'
        f'<polyline fill="none" stroke="#d08000" stroke-width="2" points="{alert_pts}"/>'
        f'<text x="{left - 5}" y="{top + 4}" font-size="9" text-anchor="end">100%</text>'
        f'<text x="{left - 5}" y="{bottom}" font-size="9" text-anchor="end">0%</text>'
        f'<text x="{right + 5}" y="{top + 4}" font-size="9">{top_alerts:,.0f}</text>'
        f'<text x="{right + 5}" y="{bottom}" font-size="9">0</text>'
        f"{ticks}"
        f'<text x="{left}" y="{height - 3}" font-size="10" fill="#1f5fa8">recall (left)</text>'
        f'<text x="{left + 110}" y="{height - 3}" font-size="10" fill="#d08000">'
        "alerts per 10,000 customers (right)</text>"
        f'<text x="{left + 330}" y="{height - 3}" font-size="10" fill="#c00">threshold</text>'
        "</svg>"
    )
