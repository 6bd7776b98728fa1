"""``moneytrail entity ID``: every fact about an entity, each with its provenance."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from moneytrail.cli.context import open_store, stdout

if TYPE_CHECKING:
    from moneytrail.model import Statement
    from moneytrail.store.entities import EntityView


def _facts_table(title: str, statements: tuple[Statement, ...]) -> Table:
    table = Table(title=title, title_justify="left", expand=False)
    table.add_column("property", no_wrap=True)
    table.add_column("value (as the list wrote it)", overflow="fold", ratio=3)
    table.add_column("source: list, version, record", overflow="fold", ratio=2)
    table.add_column("seen", no_wrap=True)
    for st in statements:
        value = Text(st.value)
        if st.original_value not in (None, st.value):
            value.append(f"\n{st.original_value}", style="dim")
        seen = (
            st.first_seen if st.first_seen == st.last_seen else f"{st.first_seen}..{st.last_seen}"
        )
        table.add_row(st.prop, value, f"{st.dataset} {st.list_version}\n{st.source_record}", seen)
    return table


def _render(view: EntityView) -> None:
    stdout.print(f"[bold]{view.caption}[/bold]  {view.id}  ({view.schema})", highlight=False)
    stdout.print(_facts_table("Facts", view.statements))
    for side_id, facts in view.sanctions:
        stdout.print(_facts_table(f"Sanction {side_id}", facts))
    if view.links:
        table = Table(title="Linked entities", title_justify="left")
        for col in ("relation", "id", "name", "schema", "via", "source record"):
            table.add_column(col, overflow="fold")
        for link in view.links:
            table.add_row(
                link.role,
                link.other_id,
                link.other_caption,
                link.other_schema,
                link.via_id,
                link.statements[0].source_record,
            )
        stdout.print(table)
    else:
        stdout.print("[dim]No linked entries in the loaded lists.[/dim]")


def _as_json(view: EntityView) -> dict[str, Any]:
    return {
        "id": view.id,
        "schema": view.schema,
        "caption": view.caption,
        "statements": [st.as_row() for st in view.statements],
        "sanctions": [
            {"id": sid, "statements": [st.as_row() for st in facts]}
            for sid, facts in view.sanctions
        ],
        "links": [
            {
                "relation": link.role,
                "id": link.other_id,
                "caption": link.other_caption,
                "schema": link.other_schema,
                "via": link.via_id,
                "statements": [st.as_row() for st in link.statements],
            }
            for link in view.links
        ],
    }


def show_entity(
    ctx: typer.Context,
    entity_id: Annotated[str, typer.Argument(metavar="ID", help="e.g. ofac-11494, unsc-6908555")],
    fmt: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
) -> None:
    """Print an entity with every fact's source, list version and dates, and its links."""
    with open_store(ctx) as store:
        from moneytrail.store.entities import describe_entity

        view = describe_entity(store, entity_id)
    if fmt == "json":
        typer.echo(json.dumps(_as_json(view), ensure_ascii=False, indent=2))
    else:
        _render(view)
