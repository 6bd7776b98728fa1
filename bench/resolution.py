"""Deduplicate generated person records and score the clusters against the truth.

    python bench/resolution.py [--records 100000] [--seed 7]

Target (issue 4): 100,000 records, pair F1 >= 0.98, <= 60 s on 2 cores. Timed: the
comparable fields (moneytrail.names on every name), training (u by sampling, m by EM),
prediction, explanations of every link and clustering; not timed: generating the
records. Pair-level scores count every pair of records put in one cluster (so a chain
A-B, B-C also claims A-C). Two baselines run on the same records in the same run so the
figures read as ratios: exact name as written (case-folded), and exact name plus date.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from resolution_generator import generate

from moneytrail.resolution import LinkConfig, resolve_records
from moneytrail.resolution.records import entity_records


def pairs(n: int) -> int:
    return n * (n - 1) // 2


def scores(predicted: dict[str, str], truth: dict[str, str]) -> tuple[int, float, float, float]:
    """(pairs predicted, precision, recall, F1) over pairs of records."""
    joint = Counter((predicted[r], truth[r]) for r in truth)
    claimed = sum(pairs(n) for n in Counter(predicted[r] for r in truth).values())
    real = sum(pairs(n) for n in Counter(truth.values()).values())
    hits = sum(pairs(n) for n in joint.values())
    precision = hits / claimed if claimed else 1.0
    recall = hits / real if real else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return claimed, precision, recall, f1


def baseline(records: Iterable[dict[str, object]], with_date: bool) -> dict[str, str]:
    out = {}
    for rec in records:
        props = rec["properties"]
        assert isinstance(props, dict)
        key = props["name"][0].casefold()
        if with_date:
            key += "|" + (props.get("birthDate") or [str(rec["id"])])[0]
        out[str(rec["id"])] = key
    return out


def report(label: str, seconds: float, figures: tuple[int, float, float, float]) -> None:
    claimed, precision, recall, f1 = figures
    print(
        f"{label:<34} {seconds:8.1f} s  pairs {claimed:>9,}  precision {precision:.4f}  "
        f"recall {recall:.4f}  F1 {f1:.4f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--threshold", type=float, default=None)
    args = parser.parse_args()
    data = list(generate(args.records, args.seed))
    truth = {str(r["id"]): str(r["cluster"]) for r in data}
    print(f"records {len(data):,}  true clusters {len(set(truth.values())):,}  "
          f"true pairs {sum(pairs(n) for n in Counter(truth.values()).values()):,}  "
          f"cores {os.cpu_count()}")  # fmt: skip
    config = LinkConfig() if args.threshold is None else LinkConfig(threshold=args.threshold)
    start = time.perf_counter()
    records = entity_records(data)
    prepared = time.perf_counter()
    clusters, trained = resolve_records(records, config, [], {})
    seconds = time.perf_counter() - start
    predicted = {m: c.canonical_id for c in clusters for m in c.members}
    links = sum(len(c.links) for c in clusters)
    print(f"fields {prepared - start:.1f} s, linkage+clusters {seconds - prepared + start:.1f} s, "
          f"trained {trained}, threshold {config.threshold}, links {links:,}")  # fmt: skip
    report("resolve-v1 (Splink on DuckDB)", seconds, scores(predicted, truth))
    for label, with_date in (
        ("baseline: exact name", False),
        ("baseline: exact name + date", True),
    ):
        start = time.perf_counter()
        keys = baseline(data, with_date)
        report(label, time.perf_counter() - start, scores(keys, truth))


if __name__ == "__main__":
    main()
