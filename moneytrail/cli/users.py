"""``moneytrail users``: accounts of the HTTP API."""

from __future__ import annotations

import getpass
from typing import Annotated

import typer

from moneytrail.alerts import AuditLog, Role, add_user
from moneytrail.alerts.factory import open_repository
from moneytrail.cli.context import state, stderr, stdout

app = typer.Typer(help="Accounts of the HTTP API (analyst or admin).", no_args_is_help=True)


def cli_actor() -> str:
    """Who did it, for the audit log: the operating-system account at the terminal."""
    return f"cli:{getpass.getuser()}"


@app.command("add")
def add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The account's name.")],
    role: Annotated[str, typer.Option(help="analyst or admin.")] = "analyst",
) -> None:
    """Create an account and print its API key (shown this once, stored hashed)."""
    parsed = Role.parse(role)
    repo = open_repository(state(ctx).settings)
    try:
        user, key = add_user(repo, AuditLog(repo), name, parsed, cli_actor())
    finally:
        repo.close()
    stdout.print(key, highlight=False, soft_wrap=True)
    stderr.print(f"created {user.role.value} {user.name!r}; keep the key, it is not shown again")


@app.command("list")
def list_users(ctx: typer.Context) -> None:
    """Accounts with their role and key id (never the key)."""
    repo = open_repository(state(ctx).settings)
    try:
        for user in repo.users():
            stdout.print(f"{user.name}\t{user.role.value}\t{user.key_id}\t{user.created_at}")
    finally:
        repo.close()
