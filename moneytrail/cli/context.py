"""What every command shares: settings, the store, stderr console and progress bars.

Data goes to stdout alone; everything a person reads while waiting (progress, notes)
goes to stderr, so ``moneytrail ... | jq`` always works.
"""

from __future__ import annotations

import getpass
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text

from moneytrail.settings import Settings

if TYPE_CHECKING:
    from moneytrail.sources.base import Progress as ProgressFn
    from moneytrail.store import Store

# soft_wrap: a message (an error naming a long path, a warning) stays one line however
# narrow the terminal or however it is piped; tools grep these lines. Progress bars
# are live renderables and keep fitting the width.
stderr = Console(stderr=True, soft_wrap=True)
# Piped output is read by people in wide terminals and pagers: do not squeeze it to 80.
stdout = Console(width=None if sys.stdout.isatty() else 140)


def cli_actor() -> str:
    """Who did it, for the audit log: the operating-system account at the terminal."""
    return f"cli:{getpass.getuser()}"


@dataclass
class AppState:
    settings: Settings


def state(ctx: typer.Context) -> AppState:
    obj = ctx.find_root().obj
    assert isinstance(obj, AppState), "the root callback sets the state"
    return obj


@contextmanager
def progress_bar(description: str, enabled: bool) -> Iterator[ProgressFn]:
    """A rich progress bar on stderr, fed by a (done, total) callback."""
    if not enabled:
        yield lambda done, total: None
        return
    columns = (
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=stderr, transient=True) as bar:
        task = bar.add_task(description, total=None)

        def update(done: int, total: int | None) -> None:
            bar.update(task, completed=done, total=total)

        yield update


class Warnings:
    """``warning: ...`` lines for stderr, held until the input has passed validation.

    Held, not printed at once: an input refused later keeps its one ``error:`` line.
    ``close`` prints the first ``shown`` of them, then one count of the rest.
    """

    def __init__(self, shown: int = 20) -> None:
        self.shown = shown
        self.held: list[str] = []
        self.count = 0

    def __call__(self, message: str) -> None:
        self.count += 1
        if self.count <= self.shown:
            self.held.append(message)

    def close(self) -> None:
        for message in self.held:
            stderr.print(Text.assemble(("warning: ", "yellow"), message), highlight=False)
        if self.count > self.shown:
            more = self.count - self.shown
            stderr.print(f"warning: {more:,} more warnings not shown", highlight=False)
        self.held.clear()


@contextmanager
def open_store(ctx: typer.Context, *, bundled: bool = True) -> Iterator[Store]:
    """The store of this invocation; an empty one first receives the bundled lists.

    That load says so on stderr and goes through the same audited door as
    ``lists load`` (``services.updates.update_lists``, action "lists.load")."""
    from moneytrail.store import Store

    settings = state(ctx).settings
    with Store(settings.store) as store:
        if bundled and store.is_empty():
            stderr.print(
                f"note: {settings.store} holds no lists: loading the bundled lists "
                "(moneytrail lists load to choose others)",
                highlight=False,
            )
            with progress_bar("loading bundled lists", settings.progress) as progress:
                load_bundled_audited(store, settings, progress)
        yield store


def load_bundled_audited(store: Store, settings: Settings, progress: ProgressFn) -> None:
    """The bundled lists into an empty store, audited like any other load."""
    from moneytrail.alerts.factory import open_repository
    from moneytrail.services.lists import parse_bundled
    from moneytrail.services.updates import update_lists

    repo = open_repository(settings)
    try:
        update_lists(
            store,
            repo,
            parse_bundled(progress),
            actor=cli_actor(),
            source="bundled (empty store)",
            action="lists.load",
        )
    finally:
        repo.close()
