"""Screening at scale: N synthetic customer records through ``screen_lines`` on 2 workers.

The records are innocent-style people (common names of twelve countries of origin, a
random birth date, that country's nationality), from the same name generator as the
evaluation set, screened against the full bundled lists. Prints the time to generate,
to index and to screen, records per second, the alerts, and the peak resident memory
of this process and of its worker processes (``resource.getrusage``), and the peak
of their summed proportional set size (PSS, from /proc: shared pages counted once).

Target (issue 3): 1,000,000 records in <= 10 minutes with <= 2 GB of memory.

Usage: ``python bench/screening_scale.py [--records 1000000] [--workers 2]``; try
``--records 20000`` first.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import screening_eval as ev

from moneytrail.screening import (
    ScreenConfig,
    screen_lines,
    screener_from_sources,
)
from moneytrail.screening.inputs import iter_queries
from moneytrail.sources.bundled import bundled_paths


def records(n: int, seed: int, cache_dir: Path) -> Iterator[dict[str, object]]:
    """``n`` customer records, round-robin over the countries of origin."""
    sampler = ev.NameSampler(ev.names_by_country(cache_dir), random.Random(seed))
    countries = list(ev.COUNTRIES)
    for i in range(n):
        cc = countries[i % len(countries)]
        yield {
            "id": f"c{i:07d}",
            "schema": "Person",
            "properties": {
                "name": [sampler.full_name(cc)],
                "birthDate": [sampler.birth_date()],
                "nationality": [cc.lower()],
            },
        }


def peak_rss_mb() -> tuple[float, float]:
    """Peak resident set size of this process and of its largest waited-for child, in MB.

    Linux reports ``ru_maxrss`` in kilobytes; RUSAGE_CHILDREN gives the largest child.
    """
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def _pss_kb(pid: int) -> int:
    """Proportional set size: shared copy-on-write pages split between their sharers."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as fh:
            return [int(p) for p in fh.read().split()]
    except OSError:
        return []


class MemorySampler(threading.Thread):
    """Samples the summed PSS of this process and its workers every ``interval`` seconds.

    Peak RSS counts the index (shared copy-on-write with the forked workers) once per
    process; the PSS sum counts every page once, so it is the machine's real footprint.
    """

    def __init__(self, interval: float = 1.0) -> None:
        super().__init__(daemon=True)
        self.interval = interval
        self.peak_kb = 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        me = os.getpid()
        while not self._stop_event.wait(self.interval):
            total = sum(_pss_kb(pid) for pid in [me, *_children(me)])
            self.peak_kb = max(self.peak_kb, total)

    def stop(self) -> None:
        self._stop_event.set()
        self.join()


def cpu_seconds() -> float:
    """User + system CPU of this process and its reaped children (the batch workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description="Screen N synthetic customers against the bundled lists on 2 workers.",
        epilog="Target: 1,000,000 records in <= 10 minutes with <= 2 GB of memory.",
    )
    parser.add_argument(
        "--records", type=int, default=1_000_000, help="records to screen (1,000,000)"
    )
    parser.add_argument("--workers", type=int, default=2, help="batch workers (2)")
    parser.add_argument("--seed", type=int, default=11, help="random seed (11)")
    parser.add_argument(
        "--cache", type=Path, default=ev.DEFAULT_OUT, help="folder of the names cache"
    )
    parser.add_argument("--output", type=Path, default=None, help="write results JSON here")
    args = parser.parse_args(argv)

    sampler = MemorySampler()
    sampler.start()
    start = time.perf_counter()
    # Records go to a JSONL file first and are streamed back, as `moneytrail screen`
    # does: holding a million Query objects would measure the bench, not the screen.
    spool = args.cache / f"scale-{args.records}-{args.seed}.jsonl"
    spool.parent.mkdir(parents=True, exist_ok=True)
    with spool.open("w", encoding="utf-8") as fh:
        for record in records(args.records, args.seed, args.cache):
            fh.write(json.dumps(record) + "\n")
    generated = time.perf_counter()
    screener = screener_from_sources(bundled_paths())
    indexed = time.perf_counter()
    config = ScreenConfig()
    cpu_before = cpu_seconds()
    alerts = hits = 0
    last = indexed
    queries = iter_queries(str(spool), {})
    # As `moneytrail screen` does: the workers encode the JSONL lines, this process
    # writes them (to the null device: the disk is not what is measured).
    lines = screen_lines(queries, screener, config, workers=args.workers, total=args.records)
    with open(os.devnull, "w", encoding="utf-8") as sink:
        for done, (line, flagged) in enumerate(lines, start=1):
            sink.write(line + "\n")
            hits += '"matches": []' not in line
            alerts += flagged
            if time.perf_counter() - last > 30:
                last = time.perf_counter()
                rate = done / (last - indexed)
                print(f"  {done:,} screened, {rate:,.0f}/s", file=sys.stderr)
    screened = time.perf_counter()
    cpu = cpu_seconds() - cpu_before
    sampler.stop()

    own, children = peak_rss_mb()
    seconds = screened - indexed
    out = {
        "records": args.records,
        "workers": args.workers,
        "generate_seconds": round(generated - start, 1),
        "index_seconds": round(indexed - generated, 1),
        "screen_seconds": round(seconds, 1),
        "total_seconds": round(screened - start, 1),
        "records_per_second": round(args.records / seconds, 1),
        "screen_cpu_seconds": round(cpu, 1),
        "records_per_cpu_second_x_workers": round(args.records / cpu * args.workers, 1),
        "records_with_matches": hits,
        "alerts": alerts,
        "alert_rate": alerts / args.records,
        "peak_rss_mb_parent": round(own, 1),
        "peak_rss_mb_largest_child": round(children, 1),
        "peak_rss_mb_sum_estimate": round(own + args.workers * children, 1),
        "peak_pss_mb_total": round(sampler.peak_kb / 1024, 1),
    }
    print(f"records            {args.records:>12,}")
    print(f"workers            {args.workers:>12}")
    print(f"generate           {out['generate_seconds']:>12,.1f} s")
    print(f"index              {out['index_seconds']:>12,.1f} s")
    print(f"screen             {out['screen_seconds']:>12,.1f} s")
    print(f"total elapsed      {out['total_seconds']:>12,.1f} s")
    print(f"records/s          {out['records_per_second']:>12,.1f}")
    print(f"screen CPU         {cpu:>12,.1f} s (parent + workers)")
    print(
        f"records/CPU-s x {args.workers}  {out['records_per_cpu_second_x_workers']:>12,.1f} "
        "(the rate with the cores to itself)"
    )
    print(f"alerts             {alerts:>12,} ({out['alert_rate']:.2%})")
    print(f"peak RSS parent    {own:>12,.0f} MB")
    print(f"peak RSS child     {children:>12,.0f} MB (largest worker)")
    print(
        f"peak RSS, sum      {out['peak_rss_mb_sum_estimate']:>12,.0f} MB "
        "(parent + workers x largest; shared copy-on-write pages counted in each)"
    )
    print(
        f"peak PSS, total    {out['peak_pss_mb_total']:>12,.0f} MB "
        "(parent + workers, shared pages counted once; sampled every second)"
    )
    if args.output:
        args.output.write_text(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
