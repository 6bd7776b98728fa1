"""Benchmark: OFAC's 50% rule to its fixed point on a synthetic registry.

Target (issue 4): 1,000,000 companies and 2,000,000 ownership edges in <= 30 s on
2 cores. Each company has two owners (people or other companies, chosen at random,
so cross-ownership cycles abound) whose shares sum to 100; 1% of the people and
0.1% of the companies are designated. The same rule also runs as a straightforward
pure-Python loop on a smaller registry, to give a ratio and to check that both find
exactly the same blocked set.

    .venv/bin/python bench/ownership.py [--companies N] [--baseline-companies N]
"""

from __future__ import annotations

import argparse
import random
import resource
import time
import tracemalloc
from collections import defaultdict

import pyarrow as pa

from moneytrail.engines import DuckDBEngine
from moneytrail.graph.ownership import RULES, fixed_point
from moneytrail.graph.percent import UNIT

# First owner's share; the second holds the rest. Weighted towards the threshold.
SHARES = [50.0, 51.0, 60.0, 75.0, 90.0, 25.0, 30.0, 40.0, 49.0, 10.0, 33.333333]


def registry(companies: int, dense: bool = False, seed: int = 42) -> tuple[pa.Table, pa.Table]:
    """Nodes (companies then people) and two ownership edges per company.

    ``dense`` designates ten times more (1% of companies, 10% of people): a cascade
    reaching a large part of the registry, the worst case for the fixed point.
    """
    rng = random.Random(seed)
    people = companies // 10
    total = companies + people
    scale = 10 if dense else 1
    designated = [rng.random() < 0.001 * scale for _ in range(companies)]
    designated += [rng.random() < 0.01 * scale for _ in range(people)]
    owners, assets, lows = [], [], []
    for asset in range(companies):
        first = int(rng.choice(SHARES) * UNIT)
        for share in (first, 100 * UNIT - first):
            pick = (
                rng.randrange(companies, total) if rng.random() < 0.2 else rng.randrange(companies)
            )
            owners.append(pick)
            assets.append(asset)
            lows.append(share)
    nodes = pa.table(
        {"idx": pa.array(range(total), pa.int32()), "designated": pa.array(designated)}
    )
    edges = pa.table(
        {
            "owner": pa.array(owners, pa.int32()),
            "asset": pa.array(assets, pa.int32()),
            "low": pa.array(lows, pa.int64()),
            "strict": pa.array([False] * len(owners)),
            "control": pa.array([False] * len(owners)),
        }
    )
    return nodes, edges


def baseline(nodes: pa.Table, edges: pa.Table) -> tuple[set[int], int]:
    """The rule as a plain loop: re-sum every asset's blocked shares until nothing changes."""
    blocked = {i for i, d in enumerate(nodes.column("designated").to_pylist()) if d}
    rows = list(
        zip(
            edges.column("owner").to_pylist(),
            edges.column("asset").to_pylist(),
            edges.column("low").to_pylist(),
            strict=True,
        )
    )
    rounds = 0
    while True:
        held: dict[int, int] = defaultdict(int)
        for owner, asset, low in rows:
            if owner in blocked:
                held[asset] += low
        new = {a for a, v in held.items() if v >= 50 * UNIT and a not in blocked}
        if not new:
            return blocked, rounds
        blocked |= new
        rounds += 1


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_engine(nodes: pa.Table, edges: pa.Table) -> tuple[set[int], int, float]:
    engine = DuckDBEngine()
    try:
        start = time.perf_counter()
        point = fixed_point(engine, nodes, edges, RULES["ofac"])
        elapsed = time.perf_counter() - start
    finally:
        engine.close()
    return set(point.blocked.column("node").to_pylist()), point.rounds, elapsed


def report(label: str, edges: int, designated: int, blocked: int, rounds: int, secs: float) -> None:
    print(
        f"{label}: {secs:.2f} s, {edges / secs:,.0f} edges/s, {rounds} rounds, "
        f"{designated:,} designated, {blocked - designated:,} blocked by ownership"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--companies", type=int, default=1_000_000)
    parser.add_argument("--baseline-companies", type=int, default=100_000)
    args = parser.parse_args()

    small_nodes, small_edges = registry(args.baseline_companies)
    designated = sum(small_nodes.column("designated").to_pylist())
    tracemalloc.start()
    start = time.perf_counter()
    expected, py_rounds = baseline(small_nodes, small_edges)
    py_secs = time.perf_counter() - start
    py_peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    got, rounds, secs = run_engine(small_nodes, small_edges)
    assert got == expected, "engine and baseline disagree"
    print(f"baseline size: {args.baseline_companies:,} companies, {small_edges.num_rows:,} edges")
    report("  pure Python", small_edges.num_rows, designated, len(expected), py_rounds, py_secs)
    print(f"    python heap peak {py_peak:,.0f} MB")
    report("  engine     ", small_edges.num_rows, designated, len(got), rounds, secs)
    print(f"  ratio (edges/s engine / pure Python): {py_secs / secs:.1f}x")

    for dense in (False, True):
        start = time.perf_counter()
        nodes, edges = registry(args.companies, dense=dense)
        print(
            f"\nfull size{' (dense designations)' if dense else ''}: {args.companies:,} "
            f"companies, {nodes.num_rows - args.companies:,} people, {edges.num_rows:,} edges "
            f"(generated in {time.perf_counter() - start:.1f} s)"
        )
        designated = sum(nodes.column("designated").to_pylist())
        blocked, rounds, secs = run_engine(nodes, edges)
        report("  engine     ", edges.num_rows, designated, len(blocked), rounds, secs)
        print(f"  target <= 30 s: {'met' if secs <= 30 else 'MISSED'}")
    print(f"peak RSS of the process: {peak_mb():,.0f} MB")


if __name__ == "__main__":
    main()
