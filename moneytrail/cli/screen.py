"""``moneytrail screen``: screen records against sanctions lists (a contract: see README)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from moneytrail.cli.context import open_store, progress_bar, state, stderr, stdout
from moneytrail.cli.hits import hits_table
from moneytrail.cli.output import open_output
from moneytrail.screening import (
    DEFAULT_CUTOFF,
    DEFAULT_THRESHOLD,
    Decisions,
    ScreenConfig,
    screen_batch,
    screener_from_sources,
    screener_from_store,
)
from moneytrail.screening.inputs import parse_map, read_queries


def screen(
    ctx: typer.Context,
    input_path: Annotated[
        str,
        typer.Argument(
            metavar="INPUT", help="JSONL, CSV (with --map) or Parquet; '-' reads JSONL from stdin."
        ),
    ],
    lists: Annotated[
        list[Path] | None,
        typer.Option(
            "--list",
            help=(
                "A list file or folder (any supported format); repeatable. "
                "Default: the store's lists (the bundled ones in a new store)."
            ),
        ),
    ] = None,
    output: Annotated[
        str, typer.Option("--output", "-o", help="JSONL output file; '-' is stdout.")
    ] = "-",
    limit: Annotated[int, typer.Option(help="At most this many matches per record.", min=1)] = 5,
    cutoff: Annotated[
        float, typer.Option(help="Leave out matches scoring below this.", min=0.0, max=1.0)
    ] = DEFAULT_CUTOFF,
    threshold: Annotated[
        float,
        typer.Option(
            help="A match is flagged ('match': true) at or above this score.", min=0.0, max=1.0
        ),
    ] = DEFAULT_THRESHOLD,
    mapping: Annotated[
        str | None,
        typer.Option(
            "--map",
            help=(
                "KEY=COLUMN,... for CSV/Parquet: id, schema and followthemoney "
                "properties (name, birthDate, nationality, ...)."
            ),
        ),
    ] = None,
    schema: Annotated[
        str, typer.Option(help="Schema of CSV/Parquet rows without a schema column.")
    ] = "Person",
    decisions: Annotated[
        Path | None,
        typer.Option(
            help="JSONL of decided false positives to suppress (until the list entry changes)."
        ),
    ] = None,
    fmt: Annotated[
        str,
        typer.Option("--format", help="jsonl (the contract) or table (for reading)."),
    ] = "jsonl",
    workers: Annotated[
        int | None, typer.Option(help="Processes to use (default: all cores).")
    ] = None,
) -> None:
    """Screen people, companies and vessels against sanctions lists, with explained scores."""
    settings = state(ctx).settings
    queries = read_queries(input_path, parse_map(mapping), schema)
    decided = Decisions.from_file(decisions) if decisions else Decisions.empty()
    with progress_bar("indexing lists", settings.progress) as progress:
        if lists:
            screener = screener_from_sources(lists, progress)
        else:
            with open_store(ctx) as store:
                screener = screener_from_store(store)
    if fmt not in {"jsonl", "table"}:
        raise typer.BadParameter("--format must be jsonl or table")
    config = ScreenConfig(limit=limit, cutoff=cutoff, threshold=threshold)
    flagged = 0
    results = []
    with progress_bar("screening", settings.progress) as progress, open_output(output) as out:
        for record in screen_batch(
            queries, screener, config, decided, workers=workers, progress=progress
        ):
            flagged += any(m["match"] for m in record["matches"])
            if fmt == "table":
                results.append(record)
            else:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    if fmt == "table":
        stdout.print(hits_table(results, threshold))
    stderr.print(
        f"screened {len(queries):,} records against {len(screener.index):,} list entries: "
        f"{flagged:,} with a match at threshold {threshold}",
        highlight=False,
    )
