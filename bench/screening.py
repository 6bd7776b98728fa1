"""Screening benchmark: moneytrail against nomenklatura's logic-v2 and ofac, same lists, same cases.

Reads the evaluation set written by ``bench/screening_eval.py`` (generated first if it
is missing), indexes the bundled lists less the held-out names, and prints per
algorithm: recall at its default threshold (the headline counts every held-out alias,
partial and unrelated ones included; the per-kind table beside it), the
best recall at <= 1% and <= 5% false-positive rate (a negative is a false positive
when any match scores >= t), the alert rate on innocent people per country of origin
at the default threshold (with max/min), the alert rate on listed names with a birth
date 20 years off, the alert rate on innocent companies (real companies not on the lists:
the S&P 500 constituents, tests/fixtures/sp500_companies, and the GLEIF sample's legal
entities, tests/fixtures/gleif_lei_samples, each with its country), and queries per second.

moneytrail runs on the whole set through ``screen_batch`` on 2 workers. The peers have
no index of their own, so each of their queries gets moneytrail's candidates (the
first ``--peer-candidates`` of ``Screener.candidates``) as followthemoney entities;
they are slow, so they run on a stratified sample (``--peer-sample``), on which
moneytrail is measured again for a like-for-like comparison. Results go to
bench/out/screening.json, failing cases to bench/out/screening_diagnosis.json.

Usage: ``python bench/screening.py [--peer-sample 300] [--no-peers] [--diagnose 20]``.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import resource
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import screening_eval as ev

from moneytrail.model.statement import STATEMENT_COLUMNS
from moneytrail.screening import DEFAULT_THRESHOLD, Query, ScreenConfig, Screener, screen_lines
from moneytrail.screening.index import ListIndex
from moneytrail.store.digest import entry_digests

EVAL_LIMIT = 10  # matches kept per query: room for an entry listed twice under other ids
EVAL_CUTOFF = 0.2  # keep low scores too, for the threshold sweep
FPR_TARGETS = (0.01, 0.05)


@dataclass(slots=True)
class Case:
    """One query with its label and the outcome of one algorithm."""

    id: str
    kind: str
    expected: str | None
    country: str | None
    record: dict[str, Any]
    also: tuple[str, ...] = ()
    entity: str | None = None
    expected_score: float = 0.0  # positives: the expected entry's score (0 if not returned)
    max_score: float = 0.0  # the best score of any match
    entity_score: float = 0.0  # the score of the listed entry the case derives from
    top: list[tuple[str, float]] = field(default_factory=list)

    @property
    def positive(self) -> bool:
        return self.expected is not None


@dataclass(slots=True)
class Run:
    """The outcome of one algorithm on a list of cases."""

    algorithm: str
    threshold: float
    cases: list[Case]
    seconds: float
    workers: int
    candidate_recall: float | None = None
    cpu_seconds: float | None = None  # user+sys of this process and its workers


def cpu_seconds() -> float:
    """CPU time of this process and of its reaped children (the batch workers).

    Wall-clock rates suffer when other work shares the 2 cores; CPU time does not, so
    the benchmark also reports queries per CPU-second times the number of workers.
    """
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


# --------------------------------------------------------------------------- loading


def load_cases(directory: Path) -> list[Case]:
    queries = directory / ev.QUERIES_FILE
    if not queries.exists():
        print("evaluation set missing: generating it", file=sys.stderr)
        ev.main(["--out", str(directory)])
    labels = [json.loads(line) for line in (directory / ev.LABELS_FILE).open()]
    records = [json.loads(line) for line in queries.open()]
    return [
        Case(
            lab["id"],
            lab["kind"],
            lab["expected"],
            lab["country"],
            rec,
            tuple(lab.get("also", ())),
            lab.get("entity"),
        )
        for lab, rec in zip(labels, records, strict=True)
    ]


ROOT = Path(__file__).resolve().parent.parent
COMPANY_SOURCES = (ROOT / "tests/fixtures/sp500_companies/names.txt",)
GLEIF_FILES = tuple((ROOT / "tests/fixtures/gleif_lei_samples").glob("lei-*.xml"))
_LEI_RECORD = re.compile(
    r"<lei:LegalName[^>]*>([^<]+)</lei:LegalName>.*?<lei:LegalJurisdiction>([A-Z]{2})",
    re.DOTALL,
)
INNOCENT_COMPANY = "innocent_company"
_SHARE_CLASS = re.compile(r"\s*\((?:Class|Series) [A-Z]\)")


def innocent_companies(listed: set[str]) -> list[Case]:
    """Real companies that are not on the lists: S&P 500 constituents (US) and the GLEIF
    sample's legal entities (their jurisdictions), each screened with its country as a
    bank would hold it. Names equal to a listed name (after case folding) are dropped."""
    found: list[tuple[str, str]] = []
    for path in COMPANY_SOURCES:
        # "Alphabet (Class A)": the share class is the index's, not the company's name.
        found.extend(
            (_SHARE_CLASS.sub("", line).strip(), "US") for line in path.open() if line.strip()
        )
    for path in GLEIF_FILES:
        found.extend(
            (m.group(1).strip(), m.group(2)) for m in _LEI_RECORD.finditer(path.read_text())
        )
    cases = []
    for k, (name, cc) in enumerate(dict.fromkeys(found)):
        if name.casefold() in listed:
            continue
        record = {
            "id": f"company-{k:05d}",
            "schema": "Company",
            "properties": {"name": [name], "jurisdiction": [cc.lower()]},
        }
        cases.append(Case(str(record["id"]), INNOCENT_COMPANY, None, cc, record))
    return cases


def build_screener(directory: Path) -> tuple[Screener, list[Any], float]:
    """The index over the bundled lists less the held-out statements, and its build time."""
    statements = ev.index_statements(directory / ev.HOLDOUT_FILE)
    start = time.perf_counter()
    table = pa.Table.from_pylist(
        [st.as_row() for st in statements],
        schema=pa.schema([(c, pa.string()) for c in STATEMENT_COLUMNS]),
    )
    digests = {k: d.digest for k, d in entry_digests(statements).items()}
    screener = Screener(ListIndex.from_statements(table, digests))
    return screener, statements, time.perf_counter() - start


# --------------------------------------------------------------------------- running


def candidate_positions(screener: Screener, record: dict[str, Any]) -> list[int]:
    """Entry positions from moneytrail's candidate index, best first."""
    return list(screener.candidates(Query.from_record(record)))


def _record_outcome(case: Case, matches: Sequence[tuple[str, float]]) -> Case:
    out = Case(case.id, case.kind, case.expected, case.country, case.record, case.also, case.entity)
    out.top = list(matches[:3])
    out.max_score = max((s for _, s in matches), default=0.0)
    if case.entity is not None:
        out.entity_score = max((s for i, s in matches if i == case.entity), default=0.0)
    if case.expected is not None:
        hits = {case.expected, *case.also}
        out.expected_score = max((s for i, s in matches if i in hits), default=0.0)
    return out


def run_moneytrail(
    cases: list[Case], screener: Screener, config: ScreenConfig, workers: int
) -> Run:
    queries = [Query.from_record(c.record) for c in cases]
    # Timed: what `moneytrail screen` does (workers screen and encode the JSONL lines).
    start, cpu = time.perf_counter(), cpu_seconds()
    lines = [line for line, _ in screen_lines(queries, screener, config, workers=workers)]
    seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu
    results = [json.loads(line) for line in lines]
    scored = [
        _record_outcome(case, [(m["id"], float(m["score"])) for m in res["matches"]])
        for case, res in zip(cases, results, strict=True)
    ]
    return Run("moneytrail", config.threshold, scored, seconds, workers, None, cpu)


def run_peer(
    name: str,
    cases: list[Case],
    screener: Screener,
    proxies: dict[str, Any],
    n_candidates: int,
) -> Run:
    import peers

    peer = peers.Peer(name)
    entries = screener.index.entries
    # Candidate lookup is moneytrail's work, not the peer's: done before the clock starts.
    candidates = []
    for case in cases:
        positions = candidate_positions(screener, case.record)[:n_candidates]
        ids = [entries[p].id for p in positions]
        candidates.append([proxies[i] for i in ids if i in proxies])
    found = sum(
        1
        for case, cands in zip(cases, candidates, strict=True)
        if case.positive and any(c.id == case.expected for c in cands)
    )
    n_pos = sum(1 for c in cases if c.positive)
    start, cpu = time.perf_counter(), cpu_seconds()
    scored = []
    for i, (case, cands) in enumerate(zip(cases, candidates, strict=True)):
        matches = peer.screen(peers.query_proxy(case.record), cands)
        scored.append(_record_outcome(case, [(m.entity_id, m.score) for m in matches]))
        if i % 500 == 499:
            print(f"  {name}: {i + 1}/{len(cases)}", file=sys.stderr)
    seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu
    recall = found / n_pos if n_pos else None
    return Run(name, peer.threshold, scored, seconds, 1, recall, cpu)


# --------------------------------------------------------------------------- metrics


def recall_at_fpr(pos: list[float], neg: list[float], fpr: float) -> tuple[float, float]:
    """Best recall with at most ``fpr`` of negatives alerting, and the threshold giving it."""
    ordered = sorted(neg, reverse=True)
    allowed = math.floor(fpr * len(ordered))
    if allowed >= len(ordered):
        return (sum(1 for s in pos if s > 0) / len(pos) if pos else 0.0), 0.0
    bar = ordered[allowed]  # the threshold must lie above this negative's score
    recall = sum(1 for s in pos if s > bar) / len(pos) if pos else 0.0
    return recall, bar


def highest_vs_lowest_p(counts: dict[str, tuple[int, int]]) -> float | None:
    """Fisher's exact test, highest-rate country against lowest: the chance of a gap at
    least this wide if both had the same alert rate. With a few alerts in thousands, a
    max/min ratio is mostly noise (and undefined at zero); this says whether the gap is
    real. None without scipy (it comes with the bench extra's scikit-learn)."""
    try:
        from scipy.stats import fisher_exact
    except ImportError:
        return None
    if len(counts) < 2:
        return None
    ranked = sorted(counts.values(), key=lambda kn: kn[0] / kn[1])
    (k_lo, n_lo), (k_hi, n_hi) = ranked[0], ranked[-1]
    return float(fisher_exact([[k_hi, n_hi - k_hi], [k_lo, n_lo - k_lo]])[1])


def metrics(run: Run) -> dict[str, Any]:
    t = run.threshold
    every_pos = [c for c in run.cases if c.positive]
    pos = [c for c in every_pos if c.kind not in ev.UNSCORABLE_KINDS]
    neg = [c for c in run.cases if not c.positive]
    by_kind: dict[str, list[Case]] = defaultdict(list)
    for c in run.cases:
        by_kind[c.kind].append(c)
    recall_kind = {
        k: sum(c.expected_score >= t for c in v) / len(v)
        for k, v in by_kind.items()
        if v[0].positive
    }
    innocents: dict[str, list[Case]] = defaultdict(list)
    for c in by_kind.get("innocent", []):
        innocents[c.country or "?"].append(c)
    alert = {cc: sum(c.max_score >= t for c in v) / len(v) for cc, v in sorted(innocents.items())}
    hi, lo = (max(alert.values()), min(alert.values())) if alert else (0.0, 0.0)
    counts = {cc: (sum(c.max_score >= t for c in v), len(v)) for cc, v in innocents.items()}
    pos_scores = [c.expected_score for c in pos]
    neg_scores = [c.max_score for c in neg]
    at_fpr = {}
    for target in FPR_TARGETS:
        recall, bar = recall_at_fpr(pos_scores, neg_scores, target)
        at_fpr[f"{target:.0%}"] = {"recall": recall, "threshold_above": bar}
    dob = by_kind.get("dob_shift", [])
    companies = by_kind.get(INNOCENT_COMPANY, [])
    company_alert = {
        cc: sum(c.max_score >= t for c in companies if c.country == cc)
        / sum(c.country == cc for c in companies)
        for cc in sorted({c.country or "?" for c in companies})
    }
    return {
        "innocent_company_alert_rate": (
            sum(c.max_score >= t for c in companies) / len(companies) if companies else None
        ),
        "innocent_companies": len(companies),
        "innocent_company_alert_by_country": company_alert,
        "innocent_company_alerts": [
            [c.record["properties"]["name"][0], c.top[:1]] for c in companies if c.max_score >= t
        ],
        "algorithm": run.algorithm,
        "threshold": t,
        "queries": len(run.cases),
        "positives": len(pos),
        "negatives": len(neg),
        # Headline: every held-out alias counts, partial and unrelated ones included (an
        # alias no name screen can find is still a miss the bank would suffer).
        "recall": (
            sum(c.expected_score >= t for c in every_pos) / len(every_pos) if every_pos else None
        ),
        "recall_excl_unscorable_aliases": sum(s >= t for s in pos_scores) / len(pos)
        if pos
        else None,
        "recall_by_kind": recall_kind,
        "fpr": sum(s >= t for s in neg_scores) / len(neg) if neg else None,
        "recall_at_fpr": at_fpr,
        "innocent_alert_rate": sum(c.max_score >= t for v in innocents.values() for c in v)
        / max(1, sum(len(v) for v in innocents.values())),
        "innocent_alert_by_country": alert,
        "innocent_alert_max_min_ratio": (hi / lo) if lo > 0 else None,
        "innocent_alert_highest_vs_lowest_p": highest_vs_lowest_p(counts),
        "dob_shift_alert_rate": sum(c.max_score >= t for c in dob) / len(dob) if dob else None,
        "dob_shift_alert_rate_same_entry": (
            sum(c.entity_score >= t for c in dob) / len(dob) if dob else None
        ),
        "seconds": run.seconds,
        "workers": run.workers,
        "queries_per_second": len(run.cases) / run.seconds if run.seconds else None,
        "cpu_seconds": run.cpu_seconds,
        "queries_per_cpu_second_x_workers": (
            len(run.cases) / run.cpu_seconds * run.workers if run.cpu_seconds else None
        ),
        "candidate_recall": run.candidate_recall,
    }


# --------------------------------------------------------------------------- printing


def _fmt(value: Any, pct: bool = True) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:.1%}" if pct else f"{value:,.1f}"
    return str(value)


def _getter(table: str, key: str) -> Callable[[dict[str, Any]], Any]:
    def get(m: dict[str, Any]) -> Any:
        return m[table].get(key)

    return get


ROWS: list[tuple[str, Callable[[dict[str, Any]], Any], bool]] = [
    ("queries", lambda m: m["queries"], False),
    ("default threshold", lambda m: f"{m['threshold']:.2f}", False),
    ("recall @ default (all)", lambda m: m["recall"], True),
    ("  excl. partial/unrel.", lambda m: m["recall_excl_unscorable_aliases"], True),
    *[(f"  {k}", _getter("recall_by_kind", k), True) for k in ev.POSITIVE_KINDS],
    ("FPR @ default", lambda m: m["fpr"], True),
    ("best recall, FPR<=1%", lambda m: m["recall_at_fpr"]["1%"]["recall"], True),
    (
        "  threshold (just above)",
        lambda m: f"{m['recall_at_fpr']['1%']['threshold_above']:.3f}",
        False,
    ),
    ("best recall, FPR<=5%", lambda m: m["recall_at_fpr"]["5%"]["recall"], True),
    (
        "  threshold (just above)",
        lambda m: f"{m['recall_at_fpr']['5%']['threshold_above']:.3f}",
        False,
    ),
    ("innocent alert rate", lambda m: m["innocent_alert_rate"], True),
    *[
        (f"  {cc} {name}", _getter("innocent_alert_by_country", cc), True)
        for cc, name in ev.COUNTRIES.items()
    ],
    (
        "  max/min ratio",
        lambda m: (
            f"{m['innocent_alert_max_min_ratio']:.2f}"
            if m["innocent_alert_max_min_ratio"]
            else "n/a (min 0)"
        ),
        False,
    ),
    (
        "  highest vs lowest, Fisher p",
        lambda m: (
            f"{m['innocent_alert_highest_vs_lowest_p']:.3f}"
            if m.get("innocent_alert_highest_vs_lowest_p") is not None
            else "n/a"
        ),
        False,
    ),
    ("innocent companies", lambda m: m["innocent_companies"], False),
    ("  alert rate", lambda m: m["innocent_company_alert_rate"], True),
    ("dob+20y alert rate", lambda m: m["dob_shift_alert_rate"], True),
    ("  on the same entry", lambda m: m["dob_shift_alert_rate_same_entry"], True),
    ("candidate recall", lambda m: m["candidate_recall"], True),
    ("queries/s (wall)", lambda m: m["queries_per_second"], False),
    ("queries/CPU-s x workers", lambda m: m["queries_per_cpu_second_x_workers"], False),
    ("workers", lambda m: m["workers"], False),
]


def print_table(title: str, results: list[dict[str, Any]]) -> None:
    width = 14
    print(f"\n{title}")
    print(f"{'':<28}" + "".join(f"{m['algorithm']:>{width}}" for m in results))
    for label, get, pct in ROWS:
        cells = []
        for m in results:
            value = get(m)
            cells.append(_fmt(value, pct) if not isinstance(value, str) else value)
        if all(c == "n/a" for c in cells):
            continue
        print(f"{label:<28}" + "".join(f"{c:>{width}}" for c in cells))


def ratios(ours: dict[str, Any], peer: dict[str, Any]) -> dict[str, float | None]:
    def ratio(a: float | None, b: float | None) -> float | None:
        return a / b if a is not None and b else None

    return {
        "recall": ratio(ours["recall"], peer["recall"]),
        "recall_at_fpr_1%": ratio(
            ours["recall_at_fpr"]["1%"]["recall"], peer["recall_at_fpr"]["1%"]["recall"]
        ),
        "recall_at_fpr_5%": ratio(
            ours["recall_at_fpr"]["5%"]["recall"], peer["recall_at_fpr"]["5%"]["recall"]
        ),
        "innocent_alert_rate": ratio(ours["innocent_alert_rate"], peer["innocent_alert_rate"]),
        "dob_shift_alert_rate": ratio(ours["dob_shift_alert_rate"], peer["dob_shift_alert_rate"]),
        "queries_per_second": ratio(ours["queries_per_second"], peer["queries_per_second"]),
    }


# --------------------------------------------------------------------------- diagnosis


def diagnose(run: Run, screener: Screener, n: int) -> dict[str, Any]:
    """Missed positives (spread over kinds) and alerting negatives, with explanations."""
    t = run.threshold
    rng = random.Random(0)
    missed = [
        c
        for c in run.cases
        if c.positive and c.kind not in ev.UNSCORABLE_KINDS and c.expected_score < t
    ]
    by_kind: dict[str, list[Case]] = defaultdict(list)
    for c in missed:
        by_kind[c.kind].append(c)
    picked: list[Case] = []
    pools = {k: rng.sample(v, len(v)) for k, v in sorted(by_kind.items())}
    while len(picked) < n and any(pools.values()):
        for pool in pools.values():
            if pool and len(picked) < n:
                picked.append(pool.pop())
    config = ScreenConfig(limit=3, cutoff=0.0, threshold=t)
    entries = screener.index.entries

    def explain(case: Case) -> dict[str, Any]:
        query = Query.from_record(case.record)
        positions = candidate_positions(screener, case.record)
        in_candidates = any(entries[p].id in {case.expected, *case.also} for p in positions)
        matches = screener.screen(query, config)
        expected_entry = next((e for e in entries if e.id == case.expected), None)
        return {
            "id": case.id,
            "kind": case.kind,
            "query": case.record["properties"],
            "expected": case.expected,
            "expected_caption": expected_entry.caption if expected_entry else None,
            "expected_score": case.expected_score,
            "expected_in_candidates": in_candidates if case.positive else None,
            "best": [
                {
                    "id": m.entry.id,
                    "caption": m.entry.caption,
                    "score": round(m.score, 4),
                    "name": m.explanation.as_dict().get("name"),
                    "features": m.explanation.as_dict().get("features"),
                }
                for m in matches[:2]
            ],
        }

    alerts: dict[str, list[dict[str, Any]]] = {}
    innocent_alerts = [c for c in run.cases if c.kind == "innocent" and c.max_score >= t]
    for cc in ev.COUNTRIES:
        rows = [c for c in innocent_alerts if c.country == cc]
        alerts[cc] = [explain(c) for c in sorted(rows, key=lambda c: -c.max_score)[:50]]
    dob_alerts = sorted(
        (c for c in run.cases if c.kind == "dob_shift" and c.max_score >= t),
        key=lambda c: (c.entity_score < t, c.id),  # those on the entry itself first
    )
    return {
        "missed_by_kind": {k: len(v) for k, v in sorted(by_kind.items())},
        "missed_not_in_candidates": sum(
            1
            for c in missed
            if not any(
                entries[p].id in {c.expected, *c.also}
                for p in candidate_positions(screener, c.record)
            )
        ),
        "missed": [explain(c) for c in picked],
        "innocent_alerts": alerts,
        "innocent_alert_tokens": Counter(
            tok
            for c in innocent_alerts
            for tok in c.record["properties"]["name"][0].lower().split()
        ).most_common(25),
        "dob_shift_alerts": [explain(c) for c in dob_alerts[:10]],
    }


def print_diagnosis(diag: dict[str, Any]) -> None:
    print("\nmissed positives by kind:", diag["missed_by_kind"])
    print(
        "  of which the expected entry was not even a candidate:", diag["missed_not_in_candidates"]
    )
    for row in diag["missed"]:
        best = row["best"][0] if row["best"] else None
        name = best["name"] if best else {}
        print(
            f"  [{row['kind']}] {row['query']['name'][0]!r} -> expected {row['expected_caption']!r}"
            f" ({row['expected_score']:.2f}, candidate={row['expected_in_candidates']})"
        )
        if best:
            print(
                f"      best {best['caption']!r} {best['score']:.2f}: "
                f"{name.get('query')!r}~{name.get('list')!r} pairs={name.get('pairs')}"
                f" unmatched={name.get('unmatched_query')}/{name.get('unmatched_list')}"
                f" features={ {k: v['contribution'] for k, v in (best['features'] or {}).items()} }"
            )
    print("\ninnocent alerts (top per country):")
    for cc, rows in diag["innocent_alerts"].items():
        for row in rows[:3]:
            best = row["best"][0] if row["best"] else None
            if best is None:
                continue
            name = best["name"] or {}
            print(
                f"  {cc} {row['query']['name'][0]!r} {row['query'].get('birthDate')} -> "
                f"{best['caption']!r} {best['score']:.2f} pairs={name.get('pairs')} "
                f"features={ {k: v['contribution'] for k, v in (best['features'] or {}).items()} }"
            )
    print("  most frequent tokens in alerting innocent names:", diag["innocent_alert_tokens"][:15])
    print("\ndob+20y alerts:")
    for row in diag["dob_shift_alerts"][:5]:
        best = row["best"][0] if row["best"] else None
        if best:
            print(
                f"  {row['query']['name'][0]!r} {row['query'].get('birthDate')} -> "
                f"{best['caption']!r} {best['score']:.2f} features="
                f"{ {k: v['contribution'] for k, v in (best['features'] or {}).items()} }"
            )


# --------------------------------------------------------------------------- main


def stratified_sample(cases: list[Case], per_kind: int, seed: int) -> list[Case]:
    """``per_kind`` cases of each kind, and half as many innocents per country."""
    rng = random.Random(seed)
    groups: dict[tuple[str, str | None], list[Case]] = defaultdict(list)
    for c in cases:
        groups[(c.kind, c.country)].append(c)
    out = []
    for (kind, _), group in sorted(groups.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
        n = per_kind // 2 if kind == "innocent" else per_kind
        out.extend(rng.sample(group, min(n, len(group))))
    return out


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description="Benchmark moneytrail's screening against nomenklatura's logic-v2 and ofac.",
        epilog="Run bench/screening_eval.py first (or let this script run it).",
    )
    parser.add_argument("--data", type=Path, default=ev.DEFAULT_OUT, help="evaluation set folder")
    parser.add_argument("--workers", type=int, default=2, help="moneytrail batch workers (2)")
    parser.add_argument(
        "--peer-sample",
        type=int,
        default=300,
        help="peer cases per kind (half per innocent country); 0 = every case (slow)",
    )
    parser.add_argument(
        "--peer-candidates", type=int, default=10, help="candidates each peer scores (10)"
    )
    parser.add_argument("--no-peers", action="store_true", help="moneytrail only")
    parser.add_argument("--diagnose", type=int, default=20, help="missed positives to show (20)")
    parser.add_argument("--output", type=Path, default=None, help="JSON results path")
    args = parser.parse_args(argv)
    output = args.output or args.data / "screening.json"

    cases = load_cases(args.data)
    screener, statements, build_seconds = build_screener(args.data)
    listed = {n.text.casefold() for n in screener.index.names}
    cases.extend(innocent_companies(listed))
    print(
        f"index: {len(screener.index)} entries, {len(screener.index.names)} names, "
        f"built in {build_seconds:.1f} s; {len(cases)} cases"
    )

    eval_config = ScreenConfig(limit=EVAL_LIMIT, cutoff=EVAL_CUTOFF, threshold=DEFAULT_THRESHOLD)
    full = run_moneytrail(cases, screener, eval_config, args.workers)
    default_run = run_moneytrail(cases, screener, ScreenConfig(), args.workers)
    full_metrics = metrics(full)
    full_metrics["queries_per_second_default_config"] = len(cases) / default_run.seconds
    full_metrics["index_build_seconds"] = build_seconds
    print_table("moneytrail, whole evaluation set", [full_metrics])
    qps = full_metrics["queries_per_second_default_config"]
    print(f"{'queries/s (limit 5, cutoff 0.5)':<28}{qps:>14,.1f}")

    results: dict[str, Any] = {"full": {"moneytrail": full_metrics}}
    if not args.no_peers:
        sample = cases if args.peer_sample <= 0 else stratified_sample(cases, args.peer_sample, 1)
        proxies = __import__("peers").entity_proxies(statements)
        ours = run_moneytrail(sample, screener, eval_config, args.workers)
        ours_single = run_moneytrail(sample, screener, eval_config, 1)
        positions_found = 0
        for case in sample:
            if case.positive:
                positions = candidate_positions(screener, case.record)
                positions_found += any(
                    screener.index.entries[p].id == case.expected
                    for p in positions[: args.peer_candidates]
                )
        table = [metrics(ours)]
        table[0]["candidate_recall"] = positions_found / max(1, sum(c.positive for c in sample))
        table[0]["queries_per_second_1_worker"] = len(sample) / ours_single.seconds
        for name in ("logic-v2", "ofac"):
            print(f"running {name} on {len(sample)} cases...", file=sys.stderr)
            table.append(metrics(run_peer(name, sample, screener, proxies, args.peer_candidates)))
        print_table(
            f"same sample ({len(sample)} cases), peers given moneytrail's top "
            f"{args.peer_candidates} candidates",
            table,
        )
        print(f"{'moneytrail q/s, 1 worker':<28}{table[0]['queries_per_second_1_worker']:>14,.1f}")
        results["sample"] = {m["algorithm"]: m for m in table}
        results["ratios"] = {m["algorithm"]: ratios(table[0], m) for m in table[1:]}
        print("\nmoneytrail / peer (same sample):")
        for peer, r in results["ratios"].items():
            cells = ", ".join(f"{k} {v:.2f}x" if v else f"{k} n/a" for k, v in r.items())
            print(f"  vs {peer}: {cells}")

    if args.diagnose:
        diag = diagnose(full, screener, args.diagnose)
        print_diagnosis(diag)
        (args.data / "screening_diagnosis.json").write_text(
            json.dumps(diag, indent=1, ensure_ascii=False, default=str)
        )
    output.write_text(json.dumps(results, indent=1, default=str))
    print(f"\nresults: {output}")


if __name__ == "__main__":
    main()
