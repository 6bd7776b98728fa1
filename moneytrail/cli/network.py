"""``moneytrail network``: an entity's neighbourhood, its paths to designated parties, fronts.

``moneytrail network ENTITY [--hops N] [--format text|json|html|png] [--output FILE]``
shows one entity; ``moneytrail network --fronts`` lists every company of the store
with a front-company indicator. The command parses, calls one service and renders.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from moneytrail.cli.context import open_store
from moneytrail.cli.output import open_output
from moneytrail.errors import InvalidInput
from moneytrail.graph.defaults import DEFAULT_MAX_PATH, DEFAULT_NODE_LIMIT

if TYPE_CHECKING:
    from moneytrail.graph.indicators import Front
    from moneytrail.graph.paths import NetworkReport


class Format(StrEnum):
    text = "text"
    json = "json"
    html = "html"
    png = "png"


def network(
    ctx: typer.Context,
    entity: Annotated[
        str | None, typer.Argument(metavar="ENTITY", help="An entity id, e.g. ofac-11494.")
    ] = None,
    hops: Annotated[int, typer.Option("--hops", min=0, help="Neighbourhood radius.")] = 2,
    fmt: Annotated[
        Format,
        typer.Option("--format", help="text (read it), json, html (interactive page) or png."),
    ] = Format.text,
    output: Annotated[
        str, typer.Option("--output", "-o", help="Output file; '-' is stdout.")
    ] = "-",
    max_path: Annotated[
        int, typer.Option("--max-path", min=1, help="Longest path to a designated party.")
    ] = DEFAULT_MAX_PATH,
    limit: Annotated[
        int, typer.Option("--limit", min=1, help="Most entities in the neighbourhood.")
    ] = DEFAULT_NODE_LIMIT,
    fronts: Annotated[
        bool,
        typer.Option("--fronts", help="List every company with a front-company indicator."),
    ] = False,
) -> None:
    """Show how an entity is tied to designated parties, or list suspected front companies."""
    from moneytrail.graph.indicators import find_fronts
    from moneytrail.graph.paths import network_report as build_report
    from moneytrail.graph.render import render_html, render_png

    if fronts:
        if fmt not in (Format.text, Format.json):
            raise InvalidInput("--fronts writes text or json (JSON lines)", field="--format")
        with open_store(ctx) as store:
            found = find_fronts(store)
        _write_fronts(found, fmt, output)
        return
    if entity is None:
        raise InvalidInput("give an ENTITY id, or --fronts", field="ENTITY")
    with open_store(ctx) as store:
        report = build_report(store, entity, hops, max_path, limit)
    if fmt is Format.png:
        _write_bytes(output, render_png(report))
        return
    with open_output(output) as out:
        if fmt is Format.json:
            out.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2) + "\n")
        elif fmt is Format.html:
            out.write(render_html(report))
        else:
            out.write(_text(report))


def _write_bytes(target: str, data: bytes) -> None:
    """Binary output, renamed into place like ``open_output`` does for text."""
    if target == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    path = Path(target)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp's 0600 would hide the picture from a team
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _caption(report: NetworkReport, node_id: str) -> str:
    return f"{report.nodes[node_id]['caption']} ({node_id})"


def _text(report: NetworkReport) -> str:
    center = report.nodes[report.center]
    lines = [
        f"{_caption(report, report.center)}  {center['schema']}"
        + ("  DESIGNATED" if center["designated"] else ""),
        f"{sum(1 for n in report.nodes.values() if n['distance'] <= report.hops)} entities "
        f"within {report.hops} hops, {len(report.edges)} ties"
        + (" (truncated)" if report.truncated else ""),
        "",
        f"Paths to designated parties ({len(report.paths)}):",
    ]
    for path in report.paths:
        lines.append(f"  {path.length} steps to {_caption(report, path.target)}")
        for step in path.steps:
            ties = "; ".join(e.label for e in step.edges)
            lines.append(f"    {_caption(report, step.source)} -> {_caption(report, step.target)}")
            lines.append(f"      [{ties}]")
    lines += ["", f"Front-company indicators nearby ({len(report.indicators)}):"]
    for ind in report.indicators:
        lines.append(f"  {_caption(report, ind.entity)} {ind.code}: {ind.explanation}")
        lines.append(f"      statements: {', '.join(ind.statements)}")
    return "\n".join(lines) + "\n"


def _write_fronts(found: list[Front], fmt: Format, output: str) -> None:
    with open_output(output) as out:
        for front in found:
            if fmt is Format.json:
                out.write(json.dumps(front.as_dict(), ensure_ascii=False) + "\n")
                continue
            level = ("weak", "moderate", "strong")[front.strength - 1]
            out.write(f"{front.caption} ({front.entity}) [{level}]: {', '.join(front.codes)}\n")
            for ind in front.indicators:
                out.write(f"  - {ind.explanation}  (cites {len(ind.statements)})\n")
