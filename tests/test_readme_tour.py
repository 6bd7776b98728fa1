"""The README's five-minute tour, run as written: every command in it must work.

The block is taken from README.md itself and run by bash with ``set -euo pipefail`` in a
fresh folder that holds only what a clone holds (the package, its data, the tests'
fixtures and the virtual environment), so a renamed option, a missing sample file or a
command that stopped working fails here before a reader finds it.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from tests.conftest import ROOT

TOUR = re.compile(r"## Five-minute tour\n+```sh\n(.*?)\n```", re.S)


def tour_script() -> str:
    found = TOUR.search((ROOT / "README.md").read_text(encoding="utf-8"))
    assert found, "README.md has no five-minute tour block"
    return found.group(1)


def test_the_tour_names_only_files_a_clone_has() -> None:
    script = tour_script()
    for path in re.findall(r"(?:moneytrail/data|tests/fixtures)/[\w./-]+", script):
        assert (ROOT / path).exists(), f"the tour names {path}, which does not exist"


def test_the_tour_runs_as_written(tmp_path: Path) -> None:
    for name in ("moneytrail", "tests", ".venv"):
        (tmp_path / name).symlink_to(ROOT / name)
    script = "set -euo pipefail\nset -m\n" + tour_script() + "\n"
    env = {**os.environ, "MONEYTRAIL_PROGRESS": "0", "COLUMNS": "200"}
    env.pop("MONEYTRAIL_STORE", None)
    env.pop("MONEYTRAIL_DATABASE_URL", None)
    proc = subprocess.run(
        ["bash", "-c", script],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert '"match": true' in proc.stdout  # the curl to /match found Kassim Tajideen
    for made in ("hits.jsonl", "traced.jsonl", "alerts.jsonl", "ranker.zip", "case.pdf"):
        assert (tmp_path / made).stat().st_size > 0, made
    assert (tmp_path / "validation" / "validation.html").exists()
    assert (tmp_path / "case.pdf").read_bytes().startswith(b"%PDF")
