"""``moneytrail lists``: what is loaded, load lists, compare two versions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from moneytrail.cli.context import cli_actor, open_store, progress_bar, state, stderr, stdout
from moneytrail.cli.output import open_output
from moneytrail.cli.portfolio import show_update
from moneytrail.screening.defaults import DEFAULT_THRESHOLD

if TYPE_CHECKING:
    from moneytrail.store import ListDiff, ListInfo

ALLOW_OLDER = typer.Option(
    "--allow-older",
    help="Load even if the list is older than the loaded version, or undated over dated.",
)

app = typer.Typer(
    help="Sanctions lists: show what is loaded, load new versions, compare versions.",
    invoke_without_command=True,
)


def _lists_table(infos: list[ListInfo], stale_days: int) -> Table:
    from moneytrail.store.versions import describe, freshness

    table = Table(title="Loaded lists", title_justify="left")
    for col in ("dataset", "title", "current version (why)", "published, age"):
        table.add_column(col)
    for col in ("entries", "aliases", "addresses"):
        table.add_column(col, justify="right")
    table.add_column("files (version of each)")
    for info in infos:
        files = "\n".join(f"{name} ({version})" for name, _role, version in info.files)
        fresh = freshness(info, stale_days)
        table.add_row(
            info.dataset,
            info.title,
            describe(info.version, info.version_basis),
            f"{fresh.published or 'unknown'}, {fresh.text()}",
            f"{info.entries:,}",
            f"{info.aliases:,}",
            f"{info.addresses:,}",
            files,
        )
    return table


@app.callback()
def show(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="JSONL, one list a line.")] = False,
) -> None:
    """Show the loaded lists: current version and why, publication date and age, counts, files.

    A list published more than MONEYTRAIL_STALE_DAYS (default 90) days ago is marked
    STALE; an undated list's age counts from its load."""
    if ctx.invoked_subcommand is not None:
        return
    stale_days = state(ctx).settings.stale_days
    with open_store(ctx) as store:
        infos = store.lists()
    if as_json:
        for info in infos:
            typer.echo(json.dumps(_info_record(info, stale_days), ensure_ascii=False))
        return
    stdout.print(_lists_table(infos, stale_days))
    for info in infos:
        for note in info.notes:
            stdout.print(f"[bold]{info.dataset}[/bold]: {note}", highlight=False)


def _info_record(info: ListInfo, stale_days: int) -> dict[str, object]:
    from moneytrail.store.versions import freshness

    fresh = freshness(info, stale_days)
    return {
        "dataset": info.dataset,
        "title": info.title,
        "version": info.version,
        "version_basis": info.version_basis,
        "published": fresh.published,
        "age_days": fresh.age_days,
        "stale": fresh.stale,
        "format": info.source_format,
        "loaded_at": info.loaded_at,
        "entries": info.entries,
        "aliases": info.aliases,
        "addresses": info.addresses,
        "files": [{"file": f, "role": r, "version": v} for f, r, v in info.files],
        "notes": list(info.notes),
    }


@app.command("load")
def load(
    ctx: typer.Context,
    sources: Annotated[
        list[Path] | None,
        typer.Argument(help="List files or folders, any supported format (auto-detected)."),
    ] = None,
    bundled: Annotated[
        bool, typer.Option("--bundled", help="Load the lists shipped with moneytrail.")
    ] = False,
    version: Annotated[
        str | None,
        typer.Option(help="Version date (YYYY-MM-DD) when the files do not carry one."),
    ] = None,
    allow_older: Annotated[bool, ALLOW_OLDER] = False,
    dataset: Annotated[
        str | None,
        typer.Option(
            help="Store SOURCES under this dataset (e.g. us_ofac_cons) instead of the one "
            "detected from their content."
        ),
    ] = None,
) -> None:
    """Load list versions into the store, each in one all-or-nothing transaction.

    A list older than the loaded version of its dataset, or an undated one over a
    dated one, is refused (exit 2) unless --allow-older."""
    from moneytrail.alerts.factory import open_repository
    from moneytrail.services.lists import parse_bundled
    from moneytrail.services.updates import update_lists
    from moneytrail.sources import parse_lists

    settings = state(ctx).settings
    if not sources and not bundled:
        raise typer.BadParameter("give SOURCE paths or --bundled")
    with (
        open_store(ctx, bundled=False) as store,
        progress_bar("parsing and loading", settings.progress) as progress,
    ):
        parsed = parse_bundled(progress) if bundled else []
        for path in sources or []:
            parsed.extend(parse_lists(path, version=version, progress=progress, dataset=dataset))
        for p in parsed:
            p.settle_basis(version)
        label = ", ".join([*(["bundled"] if bundled else []), *map(str, sources or [])])
        repo = open_repository(settings)
        try:
            update = update_lists(
                store,
                repo,
                parsed,
                actor=cli_actor(),
                source=label,
                allow_older=allow_older,
                progress=progress,
                action="lists.load",
            )
        finally:
            repo.close()
    results = update.loads
    if update.alerts:
        stderr.print(f"re-screened the portfolio: {len(update.alerts):,} new alerts")
    for r in results:
        stderr.print(
            f"loaded {r.dataset} {r.version}: {r.entries:,} entries, {r.aliases:,} aliases, "
            f"{r.addresses:,} addresses ({r.added:,} added, {r.removed:,} removed, "
            f"{r.changed:,} changed)",
            highlight=False,
        )


def _diff_table(diff: ListDiff, limit: int) -> Table:
    table = Table(
        title=f"{diff.dataset}: {diff.old_version} -> {diff.new_version}", title_justify="left"
    )
    for col in ("change", "id", "schema", "caption", "what changed"):
        table.add_column(col)
    for c in diff.changes[:limit]:
        props = sorted(set(c.added) | set(c.removed)) if c.change == "changed" else []
        table.add_row(c.change, c.entity_id, c.schema, c.caption, ", ".join(props))
    return table


@app.command("diff")
def diff(
    ctx: typer.Context,
    old: Annotated[Path, typer.Argument(help="The older list file or folder.")],
    new: Annotated[Path, typer.Argument(help="The newer list file or folder.")],
    fmt: Annotated[str, typer.Option("--format", help="table or jsonl.")] = "table",
    output: Annotated[
        str, typer.Option("--output", "-o", help="Write here instead of stdout ('-').")
    ] = "-",
    limit: Annotated[int, typer.Option(help="Rows shown in the table.")] = 50,
) -> None:
    """Report entries added, removed and changed between two versions of a list."""
    from moneytrail.sources import parse_list
    from moneytrail.store import diff_lists

    settings = state(ctx).settings
    if fmt not in {"table", "jsonl"}:
        raise typer.BadParameter("--format must be table or jsonl")
    with progress_bar("parsing", settings.progress) as progress:
        result = diff_lists(parse_list(old, progress=progress), parse_list(new, progress=progress))
    summary = (
        f"{result.count('added'):,} added, {result.count('removed'):,} removed, "
        f"{result.count('changed'):,} changed; compared files: "
        f"{', '.join(result.compared_files)}"
        + (f"; not in both: {', '.join(result.ignored_files)}" if result.ignored_files else "")
    )
    if fmt == "jsonl":
        with open_output(output) as out:
            for change in result.changes:
                out.write(json.dumps(change.as_record(), ensure_ascii=False) + "\n")
        stderr.print(summary, highlight=False)
        return
    stdout.print(_diff_table(result, limit))
    stdout.print(summary, highlight=False)


@app.command("update")
def update(
    ctx: typer.Context,
    source: Annotated[
        str | None,
        typer.Option(
            "--from",
            help="An http(s) URL, or a list file or folder. Default: the bundled lists.",
            show_default=False,
        ),
    ] = None,
    sha256: Annotated[
        str | None,
        typer.Option(help="Expected SHA-256 of the download (default: read <URL>.sha256)."),
    ] = None,
    version: Annotated[
        str | None,
        typer.Option(help="Version date (YYYY-MM-DD) when the files do not carry one."),
    ] = None,
    threshold: Annotated[
        float, typer.Option(help="Alert at or above this score.", min=0.0, max=1.0)
    ] = DEFAULT_THRESHOLD,
    allow_older: Annotated[bool, ALLOW_OLDER] = False,
) -> None:
    """Load a new list version, re-screen the portfolio on what changed, raise alerts.

    A failed, partial or tampered download changes nothing and says why."""
    from moneytrail.alerts.factory import open_repository
    from moneytrail.services.updates import run_update

    settings = state(ctx).settings
    with (
        open_store(ctx, bundled=False) as store,
        progress_bar("updating", settings.progress) as bar,
    ):
        repo = open_repository(settings)
        try:
            result = run_update(
                store,
                repo,
                source,
                actor=cli_actor(),
                sha256=sha256,
                version=version,
                threshold=threshold,
                allow_older=allow_older,
                progress=bar,
            )
        finally:
            repo.close()
    show_update(result)
