"""Typology detection on data the project did not make, beside a plain rule baseline.

Data (``--data``, default ``../shared/data`` from the repository root; each folder's
README says how it was made):

- ``amlsim_dev``: an AMLSim run, 125,893 transactions, 8 typologies x 20 alerts.
  Rule parameters are tuned on its alerts with an EVEN alert_id only; the headline
  figures are the HELD-OUT split (odd alert_id). See ``typologies_eval`` for how each
  split leaves the other out.
- ``amlsim_ibm_sample_20K``: IBM's shipped AMLSim sample (200 cycles, 200 fan-ins),
  account labels only; fully held out.
- ``own``: ``bench/flows_generator.py`` at ``--own-rows`` rows, printed apart and
  labelled "project's own generator": scale and sanity only, never a headline.

Detectors, in the same run:

1. moneytrail's rules with their defaults (whatever ``moneytrail.typologies.REGISTRY``
   holds; ``--typology`` and ``--config`` narrow or change them), timed.
2. The baseline, "what an analyst writes in an afternoon", on fixed 30-day tumbling
   windows (``floor(t / 30 days)``), every rule exact and without amounts:
   - ``fan_in-baseline``: an account paid by >= 5 distinct accounts in one window;
     alert = the account + those payers, with those payments.
   - ``fan_out-baseline``: the same with >= 5 distinct payees.
   - ``cycle-baseline``: every directed simple cycle of 3 to 6 accounts whose edges all
     fall in one window (a depth-bounded search inside each strongly connected
     component); alert = the cycle's accounts and every payment along its edges in
     that window. The search stops at 20,000 cycles per window (the output says
     where): the own generator's dense windows hold about a million each.
   - ``bipartite-baseline``: a payer paying the same payee >= 3 times in a window, with
     >= 2 such payees in that window; alert = payer + those payees.
3. The learned ranker (``moneytrail.typologies.ranker``), trained on one AMLSim set and
   scored on the OTHER, never on its own training data: precision in the top 1% and 5%
   of accounts, transaction precision/recall/F1 at the model's threshold.

Metrics (``typologies_eval``): share of AMLSim alerts caught (one output alert holds at
least half of the alert's transacting accounts), account and transaction
precision/recall/F1, alerts, run time, throughput. Results: stdout and
``bench/out/typologies.json``.

    python bench/typologies.py
    python bench/typologies.py --datasets dev --no-ranker --typology cycle
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import rustworkx as rx

sys.path.insert(0, str(Path(__file__).resolve().parent))

import typologies_eval as ev

from moneytrail.engines import DuckDBEngine
from moneytrail.engines.base import Engine
from moneytrail.engines.factory import get_engine
from moneytrail.flows import FlowGraph
from moneytrail.typologies import REGISTRY, Alert, Typology, resolve, run

ROOT = Path(__file__).resolve().parent.parent
WINDOW = 30 * 86_400
MAX_CYCLE = 6
MAX_CYCLES = 20_000  # per window; the search stops there (the count is reported)
ORDER = ["fan_in", "fan_out", "cycle", "scatter_gather", "gather_scatter", "bipartite", "stack"]
ORDER += ["random", "pass_through", "structuring"]
BASELINE = ["fan_in-baseline", "fan_out-baseline", "cycle-baseline", "bipartite-baseline"]


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ---- the baseline ---------------------------------------------------------------------

FAN_SQL = """
WITH w AS (SELECT row, src, dst, CAST(floor(t / {w}) AS BIGINT) AS win FROM tx),
hub AS (SELECT {hub} AS acct, win FROM w GROUP BY {hub}, win
        HAVING count(DISTINCT {party}) >= 5)
SELECT hub.acct, list(DISTINCT w.{party}) AS parties, list(w.row) AS rows
FROM hub JOIN w ON w.{hub} = hub.acct AND w.win = hub.win GROUP BY hub.acct, hub.win"""

BIPARTITE_SQL = """
WITH w AS (SELECT row, src, dst, CAST(floor(t / {w}) AS BIGINT) AS win FROM tx),
rep AS (SELECT src, dst, win, list(row) AS rows FROM w GROUP BY src, dst, win
        HAVING count(*) >= 3)
SELECT src AS acct, list(dst) AS parties, flatten(list(rows)) AS rows
FROM rep GROUP BY src, win HAVING count(*) >= 2"""


def _sql_alerts(engine: Engine, name: str, sql: str) -> list[Alert]:
    return [
        Alert(name, [r["acct"], *r["parties"]], sorted(r["rows"]), 1.0, f"{name} rule")
        for r in engine.query(sql).to_pylist()
    ]


def _cycles_in(edges: dict[tuple[int, int], list[int]]) -> Iterator[list[int]]:
    """Simple cycles of 3..MAX_CYCLE accounts, each once (from its smallest account)."""
    out: dict[int, list[int]] = {}
    into: dict[int, list[int]] = {}
    for u, v in edges:
        out.setdefault(u, []).append(v)
        into.setdefault(v, []).append(u)
    nodes = sorted(set(out) | set(into))
    graph = rx.PyDiGraph()
    graph.add_nodes_from(nodes)
    at = {u: i for i, u in enumerate(nodes)}
    graph.add_edges_from_no_data([(at[u], at[v]) for u, v in edges])
    for component in rx.strongly_connected_components(graph):
        if len(component) < 3:
            continue
        for s in sorted(nodes[i] for i in component):
            back = {s: 0}  # accounts > s that reach s in <= MAX_CYCLE - 1 steps
            frontier = [s]
            for depth in range(1, MAX_CYCLE):
                frontier = [u for v in frontier for u in into.get(v, ()) if u > s]
                frontier = [u for u in dict.fromkeys(frontier) if u not in back]
                back.update(dict.fromkeys(frontier, depth))
            yield from _walk(s, [s], out, back)


def _walk(
    s: int, path: list[int], out: dict[int, list[int]], back: dict[int, int]
) -> Iterator[list[int]]:
    for v in out.get(path[-1], ()):
        if v == s and len(path) >= 3:
            yield list(path)
        elif v in back and v != s and v not in path and len(path) + back[v] <= MAX_CYCLE:
            path.append(v)
            yield from _walk(s, path, out, back)
            path.pop()


def _cycle_alerts(graph: FlowGraph) -> tuple[list[Alert], int]:
    """Cycle alerts, and the number of windows whose search stopped at MAX_CYCLES."""
    win = graph.t // WINDOW
    alerts: list[Alert] = []
    capped = 0
    for w in np.unique(win):
        idx = np.flatnonzero(win == w)
        edges: dict[tuple[int, int], list[int]] = {}
        for row, u, v in zip(
            idx.tolist(), graph.src[idx].tolist(), graph.dst[idx].tolist(), strict=True
        ):
            if u != v:
                edges.setdefault((u, v), []).append(row)
        for n, cycle in enumerate(_cycles_in(edges), start=1):
            rows = [
                r for a, b in zip(cycle, cycle[1:] + cycle[:1], strict=True) for r in edges[(a, b)]
            ]
            alerts.append(Alert("cycle-baseline", cycle, sorted(rows), 1.0, "cycle rule"))
            if n >= MAX_CYCLES:
                capped += 1
                break
    return alerts, capped


def baseline(graph: FlowGraph, only: set[str] | None) -> tuple[list[Alert], int]:
    """The four afternoon rules (see the module docstring); ``only`` = base names.

    Also counts the windows where the cycle search stopped at ``MAX_CYCLES``.
    """
    engine = DuckDBEngine()
    engine.register("tx", graph.arrow())
    want = {ev.base_name(n) for n in BASELINE} & (only or {ev.base_name(n) for n in BASELINE})
    alerts: list[Alert] = []
    if "fan_in" in want:
        sql = FAN_SQL.format(w=WINDOW, hub="dst", party="src")
        alerts += _sql_alerts(engine, "fan_in-baseline", sql)
    if "fan_out" in want:
        sql = FAN_SQL.format(w=WINDOW, hub="src", party="dst")
        alerts += _sql_alerts(engine, "fan_out-baseline", sql)
    if "bipartite" in want:
        alerts += _sql_alerts(engine, "bipartite-baseline", BIPARTITE_SQL.format(w=WINDOW))
    capped = 0
    if "cycle" in want:
        cycles, capped = _cycle_alerts(graph)
        alerts += cycles
    engine.close()
    return alerts, capped


# ---- the ranker -----------------------------------------------------------------------


LABEL_FILES = {  # what a bank would hand over: the file, its column map, what the ids name
    "dev": ("amlsim_dev/transactions.csv.gz", "id=tran_id,label=is_sar", "transaction"),
    "ibm20k": ("amlsim_ibm_sample_20K/nodes.csv", "id=nodeid,label=isFraud", "account"),
}


def _labels(ranker: Any, truth: ev.Truth, data: Path) -> Any:
    """The training labels, read from the data set's own label file through the package."""
    from moneytrail.typologies import labels

    read = getattr(ranker, "read_labels", labels.read_labels)
    path, spec, kind = LABEL_FILES[truth.name]
    mapping = labels.parse_labels_map(spec)
    return read(data / path, mapping, truth.graph, labels.LabelKind(kind))


def ranker_figures(
    sets: dict[str, ev.Truth],
    engine: Engine,
    data: Path,
    folds: int = 5,
    feature_sets: tuple[str, ...] = ("rules",),
) -> list[dict[str, Any]]:
    """Train on one AMLSim set, score the other; [] (and a line) when unavailable."""
    try:
        from moneytrail.typologies import ranker
    except ImportError:
        print("\nranker: not available (moneytrail.typologies.ranker is missing)")
        return []
    if not {"dev", "ibm20k"} <= set(sets):
        print("\nranker: needs both dev and ibm20k (--datasets)")
        return []
    from moneytrail.typologies.ranker_features import FeatureSet

    out = []
    for features, (train_on, score_on) in (
        (f, pair) for f in feature_sets for pair in (("dev", "ibm20k"), ("ibm20k", "dev"))
    ):
        train, test = sets[train_on], sets[score_on]
        log(f"ranker ({features} features): train on {train_on}, score {score_on}")
        try:
            start = time.perf_counter()
            model = ranker.train(
                train.graph,
                engine,
                _labels(ranker, train, data),
                folds=folds,
                seed=0,
                feature_set=FeatureSet(features),
            )
            trained = time.perf_counter() - start
            start = time.perf_counter()
            acc = np.asarray(model.score_accounts(test.graph, engine), dtype=np.float64)
            txs = np.asarray(model.score_transactions(test.graph, engine), dtype=np.float64)
            scored = time.perf_counter() - start
        except Exception as exc:  # the rules' figures still count; say why, go on
            traceback.print_exc()
            print(f"\nranker: failed, trained on {train_on} ({exc!r})")
            continue
        for scope in ev.scopes(test):
            keep_a, keep_e = scope.keep_accounts, scope.keep_edges
            # As `moneytrail detect --model` flags: above the threshold, within the share.
            flagged = (txs >= model.cut(txs)) & keep_e
            out.append(
                {
                    "features": features,
                    "train": train.title,
                    "score": test.title,
                    "scope": scope.name,
                    "threshold": float(model.threshold),
                    "top1": ev.top_precision(acc, test.accounts, keep_a, 0.01),
                    "top5": ev.top_precision(acc, test.accounts, keep_a, 0.05),
                    "base_rate": float(test.accounts[keep_a].mean()),
                    "transactions": ev.prf(flagged, test.edges & keep_e),
                    "train_s": trained,
                    "score_s": scored,
                }
            )
    return out


def print_ranker(rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    print("\n== learned ranker, trained on one AMLSim set, scored on the other ==")
    print(f"{'train -> score (scope)':<52}{'top1%':>7}{'top5%':>7}{'base':>7}  tx P / R / F1 @ thr")
    for r in rows:
        label = f"[{r['features']}] {r['train']} -> {r['score']} ({r['scope']})"
        t = r["transactions"]
        print(
            f"{label:<52}{100 * r['top1']:>6.1f}%{100 * r['top5']:>6.1f}%"
            f"{100 * r['base_rate']:>6.1f}%  {100 * t['precision']:.1f} / {100 * t['recall']:.1f}"
            f" / {100 * t['f1']:.1f} @ {r['threshold']:.3f}"
        )


# ---- the run --------------------------------------------------------------------------


def rules(args: argparse.Namespace) -> list[Typology]:
    """The registry's typologies, narrowed by --typology, configured by --config."""
    names = args.typology or None
    if args.config is None:
        return resolve(names)
    from moneytrail.typologies.config import DETECT, load_config

    configs = load_config(args.config)
    return resolve(names or configs.get(DETECT), configs)


def measure(
    truth: ev.Truth, engine: Engine, chosen: list[Typology], only: set[str] | None
) -> dict[str, Any]:
    """Both detectors on one data set, every scope; prints the tables."""
    graph = truth.graph
    log(f"{truth.name}: moneytrail rules")
    start = time.perf_counter()
    mine = list(run(graph, engine, chosen))
    mine_s = time.perf_counter() - start
    log(f"{truth.name}: baseline")
    start = time.perf_counter()
    base, capped = baseline(graph, only)
    ran = [n for n in BASELINE if only is None or ev.base_name(n) in only]
    base_s = time.perf_counter() - start
    n_pos_a, n_pos_e = int(truth.accounts.sum()), int(truth.edges.sum())
    print(
        f"\n== {truth.title}: {graph.n_edges:,} transactions ({n_pos_e:,} positive), "
        f"{graph.n_accounts:,} accounts ({n_pos_a:,} positive) =="
    )
    result: dict[str, Any] = {"transactions": graph.n_edges, "accounts": graph.n_accounts}
    for scope in ev.scopes(truth):
        figures = {
            "moneytrail": ev.evaluate(mine, truth, scope, mine_s, [t.NAME for t in chosen]),
            "baseline": ev.evaluate(base, truth, scope, base_s, ran),
        }
        print(f"\n-- {scope.title} --")
        print("\n".join(ev.table(figures, ORDER)))
        if capped:
            print(f"(baseline cycle search stopped at {MAX_CYCLES:,} in {capped} windows)")
        result[scope.name] = figures
    result["baseline_cycle_windows_capped"] = capped
    return result


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    default_data = ROOT.parent / "shared" / "data"
    parser.add_argument("--data", type=Path, default=default_data, help="folder of the data sets")
    parser.add_argument("--datasets", default="dev,ibm20k,own", help="comma list of dev,ibm20k,own")
    parser.add_argument("--no-ranker", action="store_true", help="skip the learned ranker")
    parser.add_argument("--typology", action="append", help="a rule by name (repeatable)")
    parser.add_argument("--engine", choices=("duckdb", "spark"), default="duckdb")
    parser.add_argument("--config", type=Path, help="a TOML typology config")
    parser.add_argument("--folds", type=int, default=5, help="the ranker's training folds")
    parser.add_argument(
        "--ranker-features",
        default="rules,gfp",
        help="feature sets to compare, comma-separated (rules: the default; gfp: graph)",
    )
    parser.add_argument("--own-rows", type=int, default=200_000, help="own generator's size")
    parser.add_argument(
        "--output",
        type=Path,
        default=ROOT / "bench" / "out" / "typologies.json",
        help="JSON results",
    )
    args = parser.parse_args()
    args.wanted = [d.strip() for d in args.datasets.split(",") if d.strip()]
    unknown = set(args.wanted) - {"dev", "ibm20k", "own"}
    if unknown:
        parser.error(f"unknown data sets: {', '.join(sorted(unknown))}")
    return args


def main() -> None:
    args = parse_args()
    wanted = args.wanted
    engine = get_engine("spark", master="local[2]") if args.engine == "spark" else get_engine()
    chosen = rules(args)
    narrowed = len(chosen) < len(REGISTRY)  # the baseline runs the same selection
    only = {ev.base_name(t.NAME) for t in chosen} if narrowed else None
    names = [t.NAME for t in chosen]
    print(f"moneytrail typology bench; rules: {', '.join(names)}; engine {args.engine}")
    sets: dict[str, ev.Truth] = {}
    results: dict[str, Any] = {"rules": names, "engine": args.engine, "datasets": {}}
    for name, folder, load in (
        ("dev", "amlsim_dev", ev.load_dev),
        ("ibm20k", "amlsim_ibm_sample_20K", ev.load_ibm),
    ):
        if name in wanted:
            log(f"loading {folder}")
            sets[name] = load(args.data / folder)
            results["datasets"][name] = measure(sets[name], engine, chosen, only)
    if not args.no_ranker:
        feature_sets = tuple(f for f in args.ranker_features.split(",") if f)
        results["ranker"] = ranker_figures(sets, engine, args.data, args.folds, feature_sets)
        print_ranker(results["ranker"])
    if "own" in wanted:
        print(
            "\n\n#### project's own generator: for scale and sanity only, NOT a quality figure ####"
        )
        with tempfile.TemporaryDirectory(prefix="mt-bench-") as work:
            log(f"generating {args.own_rows:,} rows")
            own = ev.load_own(args.own_rows, Path(work))
            results["datasets"]["own"] = measure(own, engine, chosen, only)
    engine.close()
    ev.write_json(args.output, results)
    log(f"results -> {args.output}")


if __name__ == "__main__":
    main()
