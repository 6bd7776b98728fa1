"""Screening results as a table a person reads: each hit with why it scored as it did."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.table import Table
from rich.text import Text


def _why(explanation: dict[str, Any]) -> Text:
    name = explanation["name"]
    pairs = ", ".join(f"{q}~{c} {s:.2f}" for q, c, s in name["pairs"])
    text = Text(f"{name['query']!r} ~ {name['list']!r} ({name['list_prop']}) ")
    text.append(f"name {name['contribution']:+.2f}", style="bold")
    if pairs:
        text.append(f" [{pairs}]", style="dim")
    for feature, detail in explanation["features"].items():
        style = "green" if detail["contribution"] > 0 else "red"
        text.append(f"\n{feature} {detail['contribution']:+.2f} ", style=style)
        text.append(f"{detail['detail']} ({detail['query']} / {detail['list']})", style="dim")
    return text


def hits_table(results: Iterable[dict[str, Any]], threshold: float) -> Table:
    """One row per match at or above the cutoff; records without matches are listed too."""
    table = Table(title=f"Screening results (match at score >= {threshold})", title_justify="left")
    for col in ("record", "list entry", "score", "why"):
        table.add_column(col, overflow="fold")
    for result in results:
        if not result["matches"]:
            table.add_row(result["id"], Text("no match", style="dim"), "", "")
            continue
        for m in result["matches"]:
            score = Text(f"{m['score']:.2f}", style="bold red" if m["match"] else "yellow")
            entry = f"{m['caption']}\n{m['id']} ({m['schema']}, {', '.join(m['datasets'])})"
            table.add_row(result["id"], entry, score, _why(m["explanation"]))
    return table
