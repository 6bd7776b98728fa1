"""``moneytrail validate``: the screening validation pack for a customer file and the lists.

The screening and validation modules are imported inside the command, so that
``moneytrail --help`` and other commands do not pay for them at start-up.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from moneytrail.cli.context import cli_actor, open_store, progress_bar, state, stderr


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
    from moneytrail.screening.inputs import parse_map
    from moneytrail.services.validation_pack import ValidationRequest, make_validation_pack

    settings = state(ctx).settings

    def note(text: str) -> None:
        """A phase of the run on stderr (not with --quiet)."""
        if settings.progress:
            stderr.print(text, highlight=False)

    chosen = DEFAULT_THRESHOLD if threshold is None else threshold
    request = ValidationRequest(
        customers=customers, output=output, threshold=chosen, mapping=parse_map(mapping),
        schema=schema, lists=tuple(lists or ()), seed=seed, sample=sample, workers=workers,
    )  # fmt: skip
    run = make_validation_pack(
        request,
        settings,
        open_store=lambda: open_store(ctx),
        progress=lambda what: progress_bar(what, settings.progress),
        notify=note,
        actor=cli_actor(),
    )
    result = run.result
    stderr.print(
        f"validation pack in {output}: recall {result.recall:.1%} on {len(result.results):,} "
        f"variations at threshold {chosen}, "
        f"{result.at_threshold.alerts_per_10k:,.0f} alerts per 10,000 customers",
        highlight=False,
    )
