"""``moneytrail validate``: the screening validation pack for a customer file and the lists.

The screening and validation modules are imported inside the command, so that
``moneytrail --help`` and other commands do not pay for them at start-up.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from moneytrail.cli.context import open_store, progress_bar, state, stderr

if TYPE_CHECKING:
    from moneytrail.screening import Screener
    from moneytrail.store.store import ListInfo
    from moneytrail.validation.lists import ListState
    from moneytrail.validation.run import Validation


def validate(
    ctx: typer.Context,
    customers: Annotated[
        str,
        typer.Argument(
            metavar="CUSTOMERS",
            help="The customer file, read as `screen` reads it: JSONL, CSV (with --map) or "
            "Parquet; '-' reads JSONL from stdin.",
        ),
    ],
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            help="Folder for validation.html, validation.pdf, below_the_line.csv and "
            "variations.jsonl (created if missing).",
        ),
    ],
    mapping: Annotated[
        str | None,
        typer.Option("--map", help="KEY=COLUMN,... for CSV/Parquet, as for `screen`."),
    ] = None,
    schema: Annotated[
        str, typer.Option(help="Schema of CSV/Parquet rows without a schema column.")
    ] = "Person",
    lists: Annotated[
        list[Path] | None,
        typer.Option(
            "--list",
            help="A list file or folder; repeatable. Default: the store's lists.",
        ),
    ] = None,
    seed: Annotated[
        int,
        typer.Option(help="Seed of the variation pack and review sample: same seed, same pack."),
    ] = 1,
    sample: Annotated[
        int,
        typer.Option(help="List entries drawn for each kind of variation (seeded).", min=1),
    ] = 100,
    threshold: Annotated[
        float | None,
        typer.Option(help="The threshold to justify (default: screen's).", min=0.0, max=1.0),
    ] = None,
    workers: Annotated[
        int | None, typer.Option(help="Processes to use (default: all cores).")
    ] = None,
) -> None:
    """Validate screening on your customers and lists: variation pack, threshold sweep,
    below-the-line review form, data quality, list versions and model documentation."""
    from moneytrail.screening import DEFAULT_THRESHOLD
    from moneytrail.screening.inputs import parse_map, spool_stdin
    from moneytrail.services.batch_screening import check_limits
    from moneytrail.validation.quality import assess
    from moneytrail.validation.render import write_pack
    from moneytrail.validation.run import validate as run_validation

    settings = state(ctx).settings

    def note(text: str) -> None:
        """A phase of the run on stderr (not with --quiet)."""
        if settings.progress:
            stderr.print(text, highlight=False)

    chosen = DEFAULT_THRESHOLD if threshold is None else threshold
    source, spooled = spool_stdin(customers)
    try:
        columns = parse_map(mapping)
        check_limits(source, columns, schema, "<stdin>" if spooled else None, settings.limits)
        quality, queries = assess(source, columns, schema)
        note(f"read {quality.records:,} customer record(s)")
        screener, states = _screener(ctx, lists)
        with progress_bar("screening", settings.progress) as progress:
            result = run_validation(
                screener,
                queries,
                quality,
                states,
                seed=seed,
                per_kind=sample,
                threshold=chosen,
                workers=workers,
                progress=progress,
                note=note,
            )
    finally:
        if spooled is not None:
            spooled.unlink(missing_ok=True)
    written = write_pack(result, output)
    _audit(ctx, result, customers, output, written)
    stderr.print(
        f"validation pack in {output}: recall {result.recall:.1%} on {len(result.results):,} "
        f"variations at threshold {chosen}, "
        f"{result.at_threshold.alerts_per_10k:,.0f} alerts per 10,000 customers",
        highlight=False,
    )


def _screener(ctx: typer.Context, lists: list[Path] | None) -> tuple[Screener, list[ListState]]:
    """The screener over --list files or the store's lists, and the versions it holds."""
    from moneytrail.screening import screener_from_sources, screener_from_store
    from moneytrail.validation.lists import list_states, store_lists

    settings = state(ctx).settings
    infos: list[ListInfo] = []
    files: dict[tuple[str, str], list[tuple[str, str]]] = {}  # none without a store
    with progress_bar("indexing lists", settings.progress) as progress:
        if lists:
            screener = screener_from_sources(lists, progress)
        else:
            with open_store(ctx) as store:
                screener = screener_from_store(store)
                infos, files = store_lists(store)
    return screener, list_states(screener.index, infos, files, settings.stale_days)


def _audit(
    ctx: typer.Context, result: Validation, customers: str, output: Path, written: dict[str, Path]
) -> None:
    """One audit line: who made which pack, from what, with the files' digests."""
    from moneytrail.alerts.audit import AuditLog
    from moneytrail.alerts.factory import open_repository
    from moneytrail.cli.context import cli_actor
    from moneytrail.validation.run import audit_payload

    repo = open_repository(state(ctx).settings)
    try:
        payload = audit_payload(result, customers, written)
        AuditLog(repo).append(cli_actor(), "screening.validate", str(output), payload)
    finally:
        repo.close()
