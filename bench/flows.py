"""Money-flow benchmark: load, trace and typology scan on the labelled generator.

Targets (2 cores, embedded engine, 10 M transactions): load <= 60 s, trace from 100
seeds over 6 hops <= 30 s, full typology scan <= 5 min, peak memory <= 8 GB. The
recall table is the project's own generator's and says nothing about anyone else's
data (its background is random one-off payments, in which the v2 typologies see no
unusual relationship): typology quality is measured by bench/typologies.py.
A straightforward pure-Python baseline (csv module, dict-of-lists BFS, dict grouping)
runs in the same process on ``--baseline`` transactions (default: at most 200,000) and
ratios are printed. The ranker's default features and scores are timed too.

    python bench/flows.py --transactions 100000
"""

from __future__ import annotations

import argparse
import csv
import resource
import sys
import tempfile
import time
from collections import defaultdict
from datetime import datetime
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from flows_generator import TYPOLOGIES, generate, write

from moneytrail.engines import DuckDBEngine
from moneytrail.flows import build_graph, load_transactions, parse_map, read_transactions, trace
from moneytrail.typologies import REGISTRY, record, resolve, run

MAP = "id=tran_id,source=orig_acct,target=bene_acct,amount=base_amt,date=tran_timestamp"


def rss_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024


def timed(label: str, n: int, fn, *args):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    out = fn(*args)
    took = time.perf_counter() - start
    print(f"  {label:<34} {took:8.2f} s  {n / took:>14,.0f} tx/s", flush=True)
    return out, took


def quality(alerts: list[dict], labels: list[dict]) -> None:
    planted_any = {a for lab in labels for a in lab["accounts"]}
    print(f"\n  {'typology':<16}{'instances':>10}{'recall':>8}{'alerts':>8}"
          f"{'precision':>11}{'(strict)':>10}")  # fmt: skip
    for typ in TYPOLOGIES:
        name = next(n for n in REGISTRY if n.startswith(typ + "-v"))
        mine = [a for a in alerts if a["typology"] == name]
        inst = [lab for lab in labels if lab["typology"] == typ]
        sets = [set(a["accounts"]) for a in mine]
        found = sum(
            any(len(s & set(lab["accounts"])) * 2 >= len(lab["accounts"]) for s in sets)
            for lab in inst
        )
        flagged = set().union(*sets) if sets else set()
        own = {a for lab in inst for a in lab["accounts"]}
        prec = len(flagged & planted_any) / len(flagged) if flagged else 1.0
        strict = len(flagged & own) / len(flagged) if flagged else 1.0
        print(f"  {typ:<16}{len(inst):>10}{found / len(inst):>8.2f}{len(mine):>8}"
              f"{prec:>11.2f}{strict:>10.2f}")  # fmt: skip


def ranker_speed(graph, engine, n: int) -> None:  # type: ignore[no-untyped-def]
    """Scoring with a ranker on its default features (the rules' verdicts): the features
    and the predictions, timed (the trees are fitted on 200,000 rows: speed only)."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    from moneytrail.typologies.ranker_features import FeatureSet, matrix

    features, _ = timed("ranker features (rules-v2)", n, matrix, FeatureSet.RULES, graph,
                        engine, [])  # fmt: skip
    fit_rows = min(200_000, len(features))
    labels = np.zeros(fit_rows, dtype=bool)
    labels[::97] = True
    trees = HistGradientBoostingClassifier(max_iter=150).fit(features[:fit_rows], labels)
    timed("ranker scores", n, trees.predict_proba, features)


def baseline(path: Path, n_seeds: int, hops: int) -> dict[str, float]:
    """The obvious pure-Python way, for comparison (seeds drawn from its own data)."""
    t0 = time.perf_counter()
    rows = []
    with path.open(newline="") as fh:
        for r in csv.DictReader(fh):
            ts = datetime.fromisoformat(r["tran_timestamp"]).timestamp()
            rows.append((r["tran_id"], r["orig_acct"], r["bene_acct"], float(r["base_amt"]), ts))
    seeds = sorted({r[1] for r in rows})[:: max(1, len(rows) // (n_seeds * 10))][:n_seeds]
    t1 = time.perf_counter()
    out = defaultdict(list)
    for row in rows:
        out[row[1]].append(row)
    best = {s: float("-inf") for s in seeds}
    frontier = dict(best)
    for _ in range(hops):
        nxt: dict[str, float] = {}
        for acct, arrived in frontier.items():
            for _id, _s, dst, _a, ts in out.get(acct, ()):
                if (
                    ts >= arrived
                    and ts < best.get(dst, float("inf"))
                    and ts < nxt.get(dst, float("inf"))
                ):
                    nxt[dst] = ts
        best.update(nxt)
        frontier = nxt
    t2 = time.perf_counter()
    groups: dict[tuple[str, int], list[float]] = defaultdict(list)
    for _id, src, dst, amt, ts in rows:
        groups[(dst, int(ts // (7 * 86400)))].append(amt)
        if 9000 <= amt < 10000:
            groups[(src, -1 - int(ts // (30 * 86400)))].append(amt)
    hits = 0
    for amounts in groups.values():
        if len(amounts) >= 8:
            med = sorted(amounts)[len(amounts) // 2]
            hits += sum(abs(a - med) <= 0.1 * med for a in amounts) >= 8
    t3 = time.perf_counter()
    return {"load": t1 - t0, "trace": t2 - t1, "scan": t3 - t2, "n": len(rows)}


def main() -> None:
    parser = argparse.ArgumentParser(description="money-flow benchmark")
    parser.add_argument("--transactions", type=int, default=10_000_000)
    parser.add_argument("--baseline", type=int, default=200_000)
    parser.add_argument("--seeds", type=int, default=100)
    parser.add_argument("--hops", type=int, default=6)
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="mt-bench-"))
    n = args.transactions
    print(f"moneytrail flows bench: {n:,} transactions, workdir {work}", flush=True)
    (table, labels), _ = timed("generate", n, generate, n)
    path = work / "tx.csv"
    timed("write CSV", n, write, table, labels, path)
    del table
    mapping = parse_map(MAP)
    txs, load_s = timed("load: read + validate", n, read_transactions, path, mapping)
    graph, enc_s = timed("load: encode + sort", n, build_graph, txs)
    engine = DuckDBEngine(work / "store.duckdb")
    _, store_s = timed("load: into store (DuckDB)", n, load_transactions, engine, txs)
    rng = np.random.default_rng(1)
    seeds = graph.accounts.take(rng.choice(graph.n_accounts, args.seeds, replace=False)).to_pylist()
    result, trace_s = timed(f"trace {args.seeds} seeds, {args.hops} hops", n, trace, graph, seeds)
    print(f"    reached {len(result.accounts):,} accounts", flush=True)
    scan_engine = DuckDBEngine()
    alerts: list[dict] = []
    scan_total = 0.0
    for typology in resolve(None):
        found, took = timed(
            f"scan {typology.NAME}", n, lambda t=typology: list(run(graph, scan_engine, [t]))
        )
        scan_total += took
        alerts += [record(a, graph) for a in found]
    print(f"  {'full typology scan':<34} {scan_total:8.2f} s  {n / scan_total:>14,.0f} tx/s")
    ranker_speed(graph, scan_engine, n)
    quality(alerts, labels)
    load_total = load_s + enc_s
    print(f"\n  peak memory {rss_gb():.2f} GB; load {load_total:.1f} s (+ store {store_s:.1f} s)")
    small = min(args.baseline, n)
    bt, bl = generate(small)
    bpath = work / "baseline.csv"
    write(bt, bl, bpath)
    base = baseline(bpath, args.seeds, args.hops)
    print(
        f"\n  pure-Python baseline on {base['n']:,} transactions"
        " (tx/s; ratio = moneytrail / baseline):"
    )
    for label, ours in (("load", load_total), ("trace", trace_s), ("scan", scan_total)):
        theirs = base["n"] / base[label]
        mine = n / ours
        print(
            f"    {label:<6} baseline {theirs:>12,.0f} tx/s   moneytrail {mine:>12,.0f} tx/s"
            f"   x{mine / theirs:.1f}"
        )


if __name__ == "__main__":
    main()
