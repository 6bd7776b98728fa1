"""docs/cli.md, generated from the commands' own ``--help``, so the reference cannot drift.

``python -m moneytrail.cli.reference > docs/cli.md`` rewrites it; a test compares the
file with a fresh rendering and fails when a command's help changed without it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

import typer
import typer.rich_utils
from typer.testing import CliRunner

WIDTH = 100
HEADER = """# Command-line reference

Generated from each command's `--help` by `python -m moneytrail.cli.reference > docs/cli.md`
(`make docs`); `tests/cli/test_reference.py` fails when this file and the help disagree.
"""


def _paths(command: object, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """Every command's path, depth first; groups are whatever has sub-``commands``."""
    yield path
    children: dict[str, object] = getattr(command, "commands", None) or {}
    for name in sorted(children):
        yield from _paths(children[name], (*path, name))


def _help(app: typer.Typer, path: tuple[str, ...]) -> str:
    result = CliRunner().invoke(app, [*path, "--help"], prog_name="moneytrail")
    if result.exit_code != 0:
        raise RuntimeError(f"moneytrail {' '.join(path)} --help failed: {result.output}")
    return "\n".join(line.rstrip() for line in result.output.strip("\n").splitlines())


def render(app: typer.Typer) -> str:
    """The whole reference as Markdown: one section per command, its help verbatim."""
    typer.rich_utils.MAX_WIDTH = WIDTH  # the same line breaks on every machine
    typer.rich_utils.FORCE_TERMINAL = False
    parts = [HEADER]
    for path in _paths(typer.main.get_command(app)):
        title = " ".join(("moneytrail", *path))
        parts.append(f"## `{title}`\n\n```text\n{_help(app, path)}\n```\n")
    return "\n".join(parts)


def main() -> None:
    from moneytrail.cli.main import app

    sys.stdout.write(render(app))


if __name__ == "__main__":
    main()
