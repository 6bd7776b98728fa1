"""``moneytrail screen``: screen records against sanctions lists (a contract: see README)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from moneytrail.cli.context import Warnings, open_store, progress_bar, state, stderr, stdout
from moneytrail.cli.hits import hits_table
from moneytrail.cli.output import check_target, json_line, open_output
from moneytrail.engines.factory import EngineName
from moneytrail.screening.defaults import DEFAULT_CUTOFF, DEFAULT_THRESHOLD

if TYPE_CHECKING:
    from moneytrail.limits import WorkLimits
    from moneytrail.screening import Decisions, ScreenConfig, Screener
    from moneytrail.screening.query import Query


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
    from moneytrail.screening import Decisions, ScreenConfig, screen_batch, screen_lines
    from moneytrail.screening.inputs import iter_queries, parse_map, spool_stdin, validate_queries

    settings = state(ctx).settings
    if fmt not in {"jsonl", "table"}:
        raise typer.BadParameter("--format must be jsonl or table")
    check_target(output)  # a missing folder fails before the work, not after it
    source, spooled = spool_stdin(input_path)
    try:
        label = "<stdin>" if spooled is not None else None
        columns = parse_map(mapping)
        check_limits(source, columns, schema, label, settings.limits)
        warnings = Warnings()
        total = validate_queries(source, columns, schema, label, warn=warnings)
        warnings.close()
        decided = Decisions.from_file(decisions) if decisions else Decisions.empty()
        screener = _screener(ctx, lists, settings.progress)
        config = ScreenConfig(limit=limit, cutoff=cutoff, threshold=threshold)
        queries = iter_queries(source, columns, schema, label)
        with progress_bar("screening", settings.progress) as progress:
            run = (queries, screener, config, decided)
            if engine is EngineName.DUCKDB and fmt == "jsonl":
                lines = screen_lines(*run, workers=workers, progress=progress, total=total)
                flagged = _write_lines(lines, output)
            else:
                records: Iterable[dict[str, Any]] = (
                    screen_batch(*run, workers=workers, progress=progress, total=total)
                    if engine is EngineName.DUCKDB
                    else _on_spark(list(queries), screener, config, decided)
                )
                flagged = _write(records, output, fmt, threshold)
    finally:
        if spooled is not None:
            spooled.unlink(missing_ok=True)
    stderr.print(
        f"screened {total:,} records against {len(screener.index):,} list entries: "
        f"{flagged:,} with a match at threshold {threshold}",
        highlight=False,
    )


def check_limits(
    source: str, columns: dict[str, str], schema: str, label: str | None, limits: WorkLimits
) -> None:
    """Every record within the work limits (LimitExceeded names file, line, field, limit).

    Checked on the raw records, before any name is analysed: one over-long name would
    otherwise cost more than the rest of the file (moneytrail.limits says why).
    """
    from moneytrail.screening.inputs import raw_records

    name = label or source
    for line, record in raw_records(source, columns, schema, label):
        limits.check_record(record, file=name, line=line)


def _screener(ctx: typer.Context, lists: list[Path] | None, progress_on: bool) -> Screener:
    from moneytrail.screening import screener_from_sources, screener_from_store

    with progress_bar("indexing lists", progress_on) as progress:
        if lists:
            return screener_from_sources(lists, progress)
        with open_store(ctx) as store:
            return screener_from_store(store)


def _write_lines(lines: Iterable[tuple[str, bool]], output: str) -> int:
    """JSONL encoded by the workers, written as it arrives; flagged count."""
    flagged = 0
    with open_output(output) as out:
        for line, flag in lines:
            flagged += flag
            out.write(line + "\n")
    return flagged


def _write(records: Iterable[dict[str, Any]], output: str, fmt: str, threshold: float) -> int:
    """JSONL to the output as results arrive (or one table at the end); flagged count."""
    flagged = 0
    results = []
    with open_output(output) as out:
        for record in records:
            flagged += any(m["match"] for m in record["matches"])
            if fmt == "table":
                results.append(record)
            else:
                out.write(json_line(record) + "\n")
    if fmt == "table":
        stdout.print(hits_table(results, threshold))
    return flagged


def _on_spark(
    queries: Sequence[Query], screener: Screener, config: ScreenConfig, decided: Decisions
) -> Iterator[dict[str, Any]]:
    """Screen on Spark executors; the session ends when the last record is read."""
    from moneytrail.engines.spark import SparkEngine
    from moneytrail.screening.batch import screen_distributed

    backend = SparkEngine()
    try:
        yield from screen_distributed(queries, screener, config, backend, decided)
    finally:
        backend.close()
