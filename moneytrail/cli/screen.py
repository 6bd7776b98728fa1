"""``moneytrail screen``: screen records against sanctions lists (a contract: see README)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, TextIO

import typer

from moneytrail.cli.context import Warnings, open_store, progress_bar, state, stderr, stdout
from moneytrail.cli.hits import hits_table
from moneytrail.cli.output import check_target, json_line, open_output
from moneytrail.engines.factory import EngineName
from moneytrail.screening.defaults import DEFAULT_CUTOFF, DEFAULT_THRESHOLD


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
    engine: Annotated[
        EngineName,
        typer.Option(
            help="duckdb: this machine's cores. spark: the cluster's executors "
            "(pip install moneytrail\\[spark]; docs/spark.md)."
        ),
    ] = EngineName.DUCKDB,
) -> None:
    """Screen people, companies and vessels against sanctions lists, with explained scores."""
    from moneytrail.screening import ScreenConfig
    from moneytrail.screening.inputs import parse_map
    from moneytrail.services.batch_screening import ScreenFileRequest, screen_file

    settings = state(ctx).settings
    if fmt not in {"jsonl", "table"}:
        raise typer.BadParameter("--format must be jsonl or table")
    check_target(output)  # a missing folder fails before the work, not after it
    request = ScreenFileRequest(
        input_path=input_path,
        config=ScreenConfig(limit=limit, cutoff=cutoff, threshold=threshold),
        mapping=parse_map(mapping),
        schema=schema,
        lists=tuple(lists or ()),
        decisions=decisions,
        workers=workers,
        engine=engine,
        encoded=fmt == "jsonl",
    )
    table: list[dict[str, Any]] = []
    with open_output(output) as out:
        result = screen_file(
            request,
            open_store=lambda: open_store(ctx),
            limits=settings.limits,
            warnings=Warnings(),
            progress=lambda what: progress_bar(what, settings.progress),
            sink=_Sink(out, table if fmt == "table" else None),
        )
    if fmt == "table":
        stdout.print(hits_table(table, threshold))
    stderr.print(
        f"screened {result.records:,} records against {result.entries:,} list entries: "
        f"{result.flagged:,} with a match at threshold {threshold}",
        highlight=False,
    )


class _Sink:
    """JSON lines to the output as results arrive, or records kept for one table."""

    def __init__(self, out: TextIO, table: list[dict[str, Any]] | None) -> None:
        self.out = out
        self.table = table

    def line(self, text: str) -> None:
        self.out.write(text + "\n")

    def record(self, record: dict[str, Any]) -> None:
        if self.table is not None:
            self.table.append(record)
        else:
            self.out.write(json_line(record) + "\n")
