"""docs/cli.md is the commands' own help: a changed option without a regenerated file fails."""

from __future__ import annotations

from pathlib import Path

from moneytrail.cli.main import app
from moneytrail.cli.reference import render

DOC = Path(__file__).resolve().parents[2] / "docs" / "cli.md"


def test_docs_cli_md_is_the_current_help_of_every_command() -> None:
    fresh = render(app)
    assert DOC.read_text(encoding="utf-8") == fresh, (
        "docs/cli.md is out of date: run `make docs` (python -m moneytrail.cli.reference)"
    )


def test_every_command_and_subcommand_has_a_section() -> None:
    fresh = render(app)
    for path in ("moneytrail screen", "moneytrail lists load", "moneytrail users add"):
        assert f"## `{path}`" in fresh
    assert "Usage: moneytrail lists load" in fresh
