"""Start-up figures: ``--help`` of every command, and one-off screening of one name.

    python bench/startup.py [--runs 5]

Prints the median wall and CPU time of each, with the issue's targets beside them
(``--help`` <= 0.3 s; one name screened from the command line <= 1 s, start-up
included), and the one-off screen again without the index cache saved with the list
snapshot, as the baseline. Each run is a fresh process, as a user or a script would
start it.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HELP = [[], ["screen"], ["lists", "load"], ["detect"], ["serve"], ["trade", "screen"]]
QUERY = {"id": "q1", "schema": "Person", "properties": {"name": ["Kassim Tajideen"]}}


def _run(args: list[str], stdin: str | None = None) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "moneytrail", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"moneytrail {' '.join(args)} failed: {proc.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _median(args: list[str], runs: int, stdin: str | None = None) -> tuple[float, float]:
    times = [_run(args, stdin) for _ in range(runs)]
    return statistics.median(t[0] for t in times), statistics.median(t[1] for t in times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    print(f"{'command':<40} {'wall s':>8} {'cpu s':>8}  target")
    for args in HELP:
        wall, cpu = _median([*args, "--help"], runs)
        label = " ".join(["moneytrail", *args, "--help"])
        print(f"{label:<40} {wall:>8.2f} {cpu:>8.2f}  <= 0.3 s")
    with tempfile.TemporaryDirectory() as tmp:
        store = str(Path(tmp) / "store.duckdb")
        _run(["--quiet", "--store", store, "lists", "load", "--bundled"])
        line = json.dumps(QUERY) + "\n"
        one_off = ["--quiet", "--store", store, "screen", "-"]
        wall, cpu = _median(one_off, max(1, runs // 2), line)
        print(f"{'echo {...} | moneytrail screen -':<40} {wall:>8.2f} {cpu:>8.2f}  <= 1 s")
        # The baseline in the same run: the same command with the index cache removed
        # before each run, i.e. every listed name analysed again (what it cost before).
        uncached = []
        for _ in range(max(1, runs // 2)):
            for index in (Path(tmp) / "store.duckdb.lists").glob("*.index"):
                index.unlink()
            uncached.append(_run(one_off, line))
        wall_u = statistics.median(t[0] for t in uncached)
        cpu_u = statistics.median(t[1] for t in uncached)
        label = "  same, without the index cache"
        print(f"{label:<40} {wall_u:>8.2f} {cpu_u:>8.2f}  ({wall_u / wall:.1f}x the cached)")


if __name__ == "__main__":
    main()
