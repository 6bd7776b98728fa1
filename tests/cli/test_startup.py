"""``moneytrail --help`` and every subcommand's help load no heavy library.

Start-up time is measured in bench/startup.py (machines here are noisy); what keeps it
short is tested here: the command-line modules import the analyses only inside the
commands, so showing help never loads followthemoney, DuckDB, Arrow or scikit-learn.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT

HEAVY = (
    "followthemoney",
    "duckdb",
    "pyarrow",
    "numpy",
    "scipy",
    "sklearn",
    "splink",
    "fastapi",
    "weasyprint",
    "rustworkx",
    "rapidfuzz",
    "pyspark",
)
PROBE = """
import sys
from moneytrail.cli.main import app
from typer.testing import CliRunner
result = CliRunner().invoke(app, {args!r})
assert result.exit_code == 0, result.output
print(",".join(sorted({{m.split(".")[0] for m in sys.modules}} & set({heavy!r}))))
"""


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["screen", "--help"],
        ["lists", "load", "--help"],
        ["detect", "--help"],
        ["exposure", "--help"],
        ["serve", "--help"],
        ["report", "--help"],
        ["audit", "verify", "--help"],
        ["trade", "screen", "--help"],
        ["validate", "--help"],
    ],
)
def test_help_loads_no_heavy_library(args: list[str]) -> None:
    code = PROBE.format(args=args, heavy=HEAVY)
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == ""
