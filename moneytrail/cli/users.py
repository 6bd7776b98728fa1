"""``moneytrail users``: accounts of the HTTP API and their keys."""

from __future__ import annotations

from typing import Annotated

import typer

from moneytrail.cli.context import cli_actor, state, stderr, stdout

app = typer.Typer(
    help="Accounts of the HTTP API (analyst or admin) and their keys.", no_args_is_help=True
)

NAME = typer.Argument(help="The account's name.")
EXPIRES = typer.Option(
    "--expires",
    help="The key stops working this many days from now (default: never).",
    min=1,
    show_default=False,
)


def _expiry_note(expires_at: str | None) -> str:
    return f", expires {expires_at[:16].replace('T', ' ')} UTC" if expires_at else ""


@app.command("add")
def add(
    ctx: typer.Context,
    name: Annotated[str, NAME],
    role: Annotated[str, typer.Option(help="analyst, reviewer or admin.")] = "analyst",
    expires: Annotated[int | None, EXPIRES] = None,
) -> None:
    """Create an account and print its API key (shown this once, stored hashed)."""
    from moneytrail.alerts import AuditLog, Role, add_user
    from moneytrail.alerts.factory import open_repository

    parsed = Role.parse(role)
    repo = open_repository(state(ctx).settings)
    try:
        user, key = add_user(repo, AuditLog(repo), name, parsed, cli_actor(), expires_days=expires)
    finally:
        repo.close()
    stdout.print(key, highlight=False, soft_wrap=True)
    stderr.print(
        f"created {user.role.value} {user.name!r}{_expiry_note(user.expires_at)}; "
        "keep the key, it is not shown again",
        highlight=False,
    )


@app.command("rotate-key")
def rotate(
    ctx: typer.Context,
    name: Annotated[str, NAME],
    expires: Annotated[int | None, EXPIRES] = None,
) -> None:
    """Give the account a new API key (printed this once); the old key stops working."""
    from moneytrail.alerts import AuditLog, rotate_key
    from moneytrail.alerts.factory import open_repository

    repo = open_repository(state(ctx).settings)
    try:
        user, key = rotate_key(repo, AuditLog(repo), name, cli_actor(), expires_days=expires)
    finally:
        repo.close()
    stdout.print(key, highlight=False, soft_wrap=True)
    stderr.print(
        f"new key for {user.name!r}{_expiry_note(user.expires_at)}; the old key no longer "
        "works; keep this one, it is not shown again",
        highlight=False,
    )


@app.command("disable")
def disable(ctx: typer.Context, name: Annotated[str, NAME]) -> None:
    """Refuse the account's API key from now on (the account stays, for the record)."""
    from moneytrail.alerts import AuditLog, disable_user
    from moneytrail.alerts.factory import open_repository

    repo = open_repository(state(ctx).settings)
    try:
        user = disable_user(repo, AuditLog(repo), name, cli_actor())
    finally:
        repo.close()
    stderr.print(f"disabled {user.name!r}: its key is refused", highlight=False)


@app.command("remove")
def remove(ctx: typer.Context, name: Annotated[str, NAME]) -> None:
    """Delete the account and its key; the audit log keeps what it did."""
    from moneytrail.alerts import AuditLog, remove_user
    from moneytrail.alerts.factory import open_repository

    repo = open_repository(state(ctx).settings)
    try:
        user = remove_user(repo, AuditLog(repo), name, cli_actor())
    finally:
        repo.close()
    stderr.print(f"removed {user.name!r}", highlight=False)


def _status(expires_at: str | None, disabled_at: str | None) -> str:
    if disabled_at:
        return f"disabled {disabled_at[:10]}"
    return f"expires {expires_at[:10]}" if expires_at else "active"


@app.command("list")
def list_users(ctx: typer.Context) -> None:
    """Accounts with their role, key id and key status (never the key)."""
    from moneytrail.alerts.factory import open_repository

    repo = open_repository(state(ctx).settings)
    try:
        for user in repo.users():
            status = _status(user.expires_at, user.disabled_at)
            stdout.print(
                f"{user.name}\t{user.role.value}\t{user.key_id}\t{user.created_at}\t{status}",
                highlight=False,
            )
    finally:
        repo.close()
