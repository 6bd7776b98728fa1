"""Time to parse and to load each bundled list (and any given list paths).

Usage: python bench/load_lists.py [PATH ...]

Prints, per list: parse seconds, load seconds, statements, entries and statements per
second; and the same parse done with a plain csv/ElementTree read as a baseline, so the
figures read as ratios on a noisy machine.
"""

from __future__ import annotations

import argparse
import csv
import tempfile
import time
import xml.etree.ElementTree as ET  # the baseline only: trusted bundled files
from pathlib import Path

from moneytrail.sources import parse_list
from moneytrail.sources.bundled import bundled_paths
from moneytrail.store import Store


def baseline_read(path: Path) -> int:
    """Read every record with the standard library only: the floor for parse time."""
    files = [p for p in path.iterdir()] if path.is_dir() else [path]
    n = 0
    for f in files:
        if f.suffix.lower() == ".csv":
            with f.open(encoding="latin-1", newline="") as fh:
                n += sum(1 for _ in csv.reader(fh))
        elif f.suffix.lower() == ".xml":
            n += sum(1 for _ in ET.parse(f).getroot().iter())
    return n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", type=Path, help="list files or folders")
    args = parser.parse_args()
    paths = args.paths or bundled_paths()
    header = (
        f"{'list':<40} {'parse s':>8} {'load s':>8} {'stmts':>9} {'stmts/s':>10} "
        f"{'vs csv/xml read':>16}"
    )
    print(header)
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "bench.duckdb") as store:
        for path in paths:
            t0 = time.perf_counter()
            baseline_read(path)
            t_base = time.perf_counter() - t0
            t0 = time.perf_counter()
            parsed = parse_list(path)
            t_parse = time.perf_counter() - t0
            t0 = time.perf_counter()
            result = store.load(parsed)
            t_load = time.perf_counter() - t0
            n = len(parsed.statements)
            rate = n / (t_parse + t_load)
            print(
                f"{parsed.dataset + ' ' + parsed.version:<40} {t_parse:>8.2f} {t_load:>8.2f} "
                f"{n:>9,} {rate:>10,.0f} {t_parse / max(t_base, 1e-9):>15.1f}x"
            )
            print(
                f"  entries {result.entries:,}, aliases {result.aliases:,}, "
                f"addresses {result.addresses:,}"
            )


if __name__ == "__main__":
    main()
