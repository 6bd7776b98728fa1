"""``moneytrail resolve``: records of the store -> canonical entities, with every link explained.

``moneytrail resolve [--threshold P] [--output OUT]`` writes one JSON line per cluster
of two or more records (its canonical id, members, links with explanations, links
overruled by a judgement) and stores the member -> canonical id mapping.
``moneytrail resolve judge ID1 ID2 same|different|unsure --reason TEXT`` records an
analyst's judgement, which the next run obeys.
"""

from __future__ import annotations

import json
from typing import Annotated

import typer

from moneytrail.cli.context import open_store, stderr
from moneytrail.cli.output import check_target, open_output
from moneytrail.resolution.defaults import DEFAULT_THRESHOLD, LIST_THRESHOLD

app = typer.Typer(
    help="Link records across sources into canonical entities; record analyst judgements.",
    no_args_is_help=False,
)


@app.callback(invoke_without_command=True)
def resolve(
    ctx: typer.Context,
    threshold: Annotated[
        float,
        typer.Option("--threshold", help="Match probability a pair needs to link (0..1)."),
    ] = DEFAULT_THRESHOLD,
    output: Annotated[
        str, typer.Option("--output", "-o", help="Clusters as JSON lines; '-' is stdout.")
    ] = "-",
    lists: Annotated[
        bool,
        typer.Option("--lists/--no-lists", help="Link records to list entries by screening."),
    ] = True,
    list_threshold: Annotated[
        float, typer.Option("--list-threshold", help="Screening score a list link needs.")
    ] = LIST_THRESHOLD,
) -> None:
    """Resolve every person and organisation of the store that is not a list entry."""
    from moneytrail.resolution.linker import LinkConfig
    from moneytrail.resolution.service import resolve_store

    if ctx.invoked_subcommand is not None:
        return
    check_target(output)  # a missing folder fails before the work, not after it
    config = LinkConfig(threshold=threshold)
    with open_store(ctx) as store:
        result = resolve_store(store, config, lists=lists, list_threshold=list_threshold)
    with open_output(output) as out:
        for cluster in result.merged():
            out.write(json.dumps(cluster.as_dict(), ensure_ascii=False) + "\n")
    summary = result.summary()
    stderr.print(
        f"[dim]{summary['records']} records -> {summary['clusters']} clusters of "
        f"{summary['merged_records']} records ({summary['links']} links, "
        f"{summary['overruled']} overruled by judgements; model "
        f"{'trained' if summary['trained'] else 'with its documented priors'})[/dim]",
        highlight=False,
    )


@app.command("judge")
def judge(
    ctx: typer.Context,
    first: Annotated[str, typer.Argument(metavar="ID1", help="An entity id of the store.")],
    second: Annotated[str, typer.Argument(metavar="ID2", help="Another entity id.")],
    verdict: Annotated[str, typer.Argument(metavar="same|different|unsure", help="The judgement.")],
    reason: Annotated[str, typer.Option("--reason", help="Why (kept in the audit trail).")],
    author: Annotated[str, typer.Option("--author", help="Who judged.")] = "analyst",
) -> None:
    """Record that two records are (or are not) the same entity; later runs obey it."""
    from moneytrail.resolution.judgements import record_judgement

    with open_store(ctx, bundled=False) as store:
        made = record_judgement(store, first, second, verdict, reason, author)
    typer.echo(json.dumps(made.as_dict(), ensure_ascii=False))
