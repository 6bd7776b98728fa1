"""Evaluation for ``bench/typologies.py``: loaders, the split, the metrics, the table.

Everything is kept in the graph's own terms: accounts as integer codes, transactions
as time-ordered edge positions (``Alert.accounts`` and ``Alert.rows``), so the sets
are boolean masks and a metric is a few numpy operations.

Truth per data set:

- ``amlsim_dev``: a transaction is positive when ``is_sar``; an account is positive
  when it is a member of an alert (alert_accounts.csv) and transacts at all, or an end
  of a labelled transaction of a ``random`` alert (AMLSim's random walk leaves the
  member list). Each alert is a *case*: it is caught when one output alert holds at
  least half of the case's accounts, namely its members that appear in its own
  labelled transactions (for ``random``: the accounts of those transactions). The 4
  random alerts that sent nothing have no such account and are left out of the
  denominator.
- ``amlsim_ibm_sample_20K``: accounts with ``isFraud`` (that transact); a transaction
  is positive when both ends are. No alert ids, so no cases.
- the project's own generator (``bench/flows_generator.py``): its planted instances.

The split. Rule parameters are tuned on amlsim_dev alerts with an even alert_id
(``tune``); odd ids are ``held-out``. The figures of one split leave out the other
split's positive accounts and labelled transactions from both the flagged and the
truth sets, and its alerts from the caught denominator. An account or transaction
positive in both splits stays in both.
"""

from __future__ import annotations

import csv
import gzip
import json
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from moneytrail.flows import FlowGraph, build_graph, parse_map, read_transactions
from moneytrail.typologies import Alert

DEV_MAP = "id=tran_id,source=orig_acct,target=bene_acct,amount=base_amt,date=tran_timestamp"
IBM_MAP = "source=sourceNodeId,target=targetNodeId,amount=value,date=time"
SPLITS = ("held-out", "tune")


@dataclass
class Case:
    """One labelled laundering instance; ``accounts`` are the codes that count for caught."""

    key: str
    typology: str
    accounts: np.ndarray
    split: str = "all"


@dataclass
class Truth:
    """A data set with its labels as masks over the graph's accounts and edges."""

    name: str
    title: str
    graph: FlowGraph
    accounts: np.ndarray
    edges: np.ndarray
    cases: list[Case]
    split_accounts: dict[str, np.ndarray] = field(default_factory=dict)
    split_edges: dict[str, np.ndarray] = field(default_factory=dict)


@dataclass
class Scope:
    """What one set of figures counts: kept accounts, kept edges, cases in the denominator."""

    name: str
    title: str
    keep_accounts: np.ndarray
    keep_edges: np.ndarray
    cases: list[Case]


def base_name(typology: str) -> str:
    """ "fan_in-v2" / "fan_in-baseline" -> "fan_in"."""
    return typology.rsplit("-", 1)[0]


def _positions(graph: FlowGraph, ids: Iterable[str]) -> np.ndarray:
    """Transaction ids -> time-ordered edge positions (ids not in the graph dropped)."""
    ordered = graph.ids.take(pa.array(graph.row))
    index = pc.index_in(pa.array(list(ids), pa.string()), value_set=ordered)
    out = np.asarray(pc.fill_null(index, -1), dtype=np.int64)
    return out[out >= 0]


def _mask(n: int, where: np.ndarray) -> np.ndarray:
    out = np.zeros(n, dtype=bool)
    out[where[where >= 0]] = True
    return out


def load_dev(folder: Path) -> Truth:
    """amlsim_dev through moneytrail's reader, with alerts, split by alert_id parity."""
    graph = build_graph(read_transactions(folder / "transactions.csv.gz", parse_map(DEV_MAP)))
    members: dict[int, list[str]] = {}
    kinds: dict[int, str] = {}
    with (folder / "alert_accounts.csv").open(newline="") as fh:
        for row in csv.DictReader(fh):
            members.setdefault(int(row["alert_id"]), []).append(row["acct_id"])
            kinds[int(row["alert_id"])] = row["alert_type"]
    labelled: dict[int, list[tuple[str, str, str]]] = {a: [] for a in members}
    with (folder / "alert_transactions.csv").open(newline="") as fh:
        for row in csv.DictReader(fh):
            labelled[int(row["alert_id"])].append(
                (row["tran_id"], row["orig_acct"], row["bene_acct"])
            )
    with gzip.open(folder / "transactions.csv.gz", "rt", newline="") as gz:
        sar = [r["tran_id"] for r in csv.DictReader(gz) if r["is_sar"] == "True"]
    n_acc, n_edge = graph.n_accounts, graph.n_edges
    truth = Truth(
        "dev",
        "amlsim_dev",
        graph,
        np.zeros(n_acc, bool),
        _mask(n_edge, _positions(graph, sar)),
        [],
    )
    for split in SPLITS:
        truth.split_accounts[split] = np.zeros(n_acc, bool)
        truth.split_edges[split] = np.zeros(n_edge, bool)
    for alert_id in sorted(members):
        split = "tune" if alert_id % 2 == 0 else "held-out"
        txs = labelled[alert_id]
        ends = {a for _, s, d in txs for a in (s, d)}
        own = ends if kinds[alert_id] == "random" else ends & set(members[alert_id])
        positive = graph.codes(sorted(own | set(members[alert_id])))
        truth.accounts[positive[positive >= 0]] = True
        truth.split_accounts[split][positive[positive >= 0]] = True
        truth.split_edges[split][_positions(graph, [t for t, _, _ in txs])] = True
        counted = graph.codes(sorted(own))
        if len(counted[counted >= 0]):
            truth.cases.append(Case(str(alert_id), kinds[alert_id], counted[counted >= 0], split))
    return truth


def load_ibm(folder: Path) -> Truth:
    """IBM's 20K sample: account labels only; a transaction is positive when both ends are."""
    graph = build_graph(read_transactions(folder / "transactions.csv", parse_map(IBM_MAP)))
    with (folder / "nodes.csv").open(newline="") as fh:
        fraud = [r["nodeid"] for r in csv.DictReader(fh) if r["isFraud"] == "1"]
    accounts = _mask(graph.n_accounts, graph.codes(fraud))
    edges = accounts[graph.src] & accounts[graph.dst]
    return Truth("ibm20k", "amlsim_ibm_sample_20K", graph, accounts, edges, [])


def load_own(rows: int, workdir: Path) -> Truth:
    """The project's own generator at ``rows`` transactions (for scale and sanity only)."""
    from flows_generator import generate, write

    table, labels = generate(rows)
    path = workdir / "own.csv"
    write(table, labels, path)
    graph = build_graph(read_transactions(path, parse_map(DEV_MAP)))
    accounts = np.zeros(graph.n_accounts, bool)
    edges = np.zeros(graph.n_edges, bool)
    cases = []
    for number, label in enumerate(labels):
        codes = graph.codes([str(a) for a in label["accounts"]])  # type: ignore[attr-defined]
        rows_ = _positions(graph, [str(t) for t in label["transactions"]])  # type: ignore[attr-defined]
        accounts[codes[codes >= 0]] = True
        edges[rows_] = True
        ends = np.union1d(graph.src[rows_], graph.dst[rows_])
        counted = np.intersect1d(codes[codes >= 0], ends)
        cases.append(Case(str(number), str(label["typology"]), counted))
    title = f"project's own generator, {rows:,} rows"
    return Truth("own", title, graph, accounts, edges, cases)


def scopes(truth: Truth) -> list[Scope]:
    """held-out then tune for a split data set, else one scope over everything."""
    if not truth.split_accounts:
        every_a = np.ones(truth.graph.n_accounts, bool)
        every_e = np.ones(truth.graph.n_edges, bool)
        return [Scope("all", "fully held out", every_a, every_e, truth.cases)]
    out = []
    for split in SPLITS:
        other = SPLITS[1 - SPLITS.index(split)]
        drop_a = truth.split_accounts[other] & ~truth.split_accounts[split]
        drop_e = truth.split_edges[other] & ~truth.split_edges[split]
        title = (
            "HELD-OUT split (odd alert_id): headline"
            if split == "held-out"
            else "tune split (even alert_id): parameters were tuned here"
        )
        cases = [c for c in truth.cases if c.split == split]
        out.append(Scope(split, title, ~drop_a, ~drop_e, cases))
    return out


def prf(flagged: np.ndarray, positive: np.ndarray) -> dict[str, float]:
    """Precision, recall, F1 and the counts behind them (empty flagged: precision 0)."""
    hit = int((flagged & positive).sum())
    n_flag, n_pos = int(flagged.sum()), int(positive.sum())
    p = hit / n_flag if n_flag else 0.0
    r = hit / n_pos if n_pos else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f, "flagged": n_flag, "positive": n_pos, "hit": hit}


def _overlap(alerts: list[Alert], n_accounts: int) -> tuple[np.ndarray, np.ndarray]:
    """account -> alert index, as (alert ids sorted by account, start offsets per account)."""
    acc = [np.unique(np.asarray(a.accounts, np.int64)) for a in alerts]
    owner = np.repeat(np.arange(len(alerts)), [len(x) for x in acc])
    flat = np.concatenate(acc) if acc else np.zeros(0, np.int64)
    order = np.argsort(flat, kind="stable")
    starts = np.searchsorted(flat[order], np.arange(n_accounts + 1))
    return owner[order], starts


def caught(alerts: list[Alert], cases: list[Case], n_accounts: int) -> dict[str, dict[str, bool]]:
    """Per case: caught by any alert, and by an alert of the rule with the case's name."""
    owners, starts = _overlap(alerts, n_accounts)
    names = np.array([base_name(a.typology) for a in alerts] or [""], dtype=object)
    out = {}
    for case in cases:
        hits = np.concatenate([owners[starts[a] : starts[a + 1]] for a in case.accounts])
        ids, counts = np.unique(hits, return_counts=True)
        ok = counts * 2 >= len(case.accounts)
        same = ok & (names[ids] == case.typology) if len(ids) else ok
        out[case.key] = {"any": bool(ok.any()), "same": bool(same.any())}
    return out


def evaluate(
    alerts: list[Alert], truth: Truth, scope: Scope, seconds: float, names: list[str]
) -> dict[str, Any]:
    """Every figure of one detector (rules ``names``) on one scope (see the module docstring)."""
    graph = truth.graph
    flag_a = np.zeros(graph.n_accounts, bool)
    flag_e = np.zeros(graph.n_edges, bool)
    by_rule: dict[str, list[Alert]] = {base_name(n): [] for n in names}
    for alert in alerts:
        flag_a[np.asarray(alert.accounts, np.int64)] = True
        flag_e[np.asarray(alert.rows, np.int64)] = True
        by_rule.setdefault(base_name(alert.typology), []).append(alert)
    keep_a, keep_e = scope.keep_accounts, scope.keep_edges
    result: dict[str, Any] = {
        "alerts": len(alerts),
        "seconds": seconds,
        "tx_per_s": graph.n_edges / seconds if seconds else None,
        "accounts": prf(flag_a & keep_a, truth.accounts & keep_a),
        "transactions": prf(flag_e & keep_e, truth.edges & keep_e),
    }
    if scope.cases:
        got = caught(alerts, scope.cases, graph.n_accounts)
        result["caught"] = {"cases": len(got), "any": sum(g["any"] for g in got.values())}
        per: dict[str, dict[str, Any]] = {}
        for case in scope.cases:
            row = per.setdefault(case.typology, {"cases": 0, "any": 0, "same": 0})
            row["cases"] += 1
            row["any"] += got[case.key]["any"]
            row["same"] += got[case.key]["same"]
        result["per_typology"] = per
    rules = {}
    for name, mine in sorted(by_rule.items()):
        flagged = np.zeros(graph.n_accounts, bool)
        for alert in mine:
            flagged[np.asarray(alert.accounts, np.int64)] = True
        rules[name] = {
            "alerts": len(mine),
            "accounts": prf(flagged & keep_a, truth.accounts & keep_a),
        }
    result["per_rule"] = rules
    return result


def top_precision(
    scores: np.ndarray, positive: np.ndarray, keep: np.ndarray, share: float
) -> float:
    """Share of positives among the top ``share`` of kept accounts by score."""
    idx = np.flatnonzero(keep)
    k = max(1, int(np.ceil(share * len(idx))))
    top = idx[np.argsort(-scores[idx], kind="stable")[:k]]
    return float(positive[top].mean())


def write_json(path: Path, payload: dict[str, Any]) -> None:
    """Write beside, then rename: a crash leaves the previous results intact."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    with os.fdopen(fd, "w") as fh:
        json.dump(payload, fh, indent=1, default=float)
    os.replace(tmp, path)


def _pct(x: float) -> str:
    return f"{100 * x:5.1f}%"


def _prf(m: dict[str, float]) -> str:
    return f"{_pct(m['precision'])} {_pct(m['recall'])} {_pct(m['f1'])}"


def table(figures: dict[str, dict[str, Any]], order: list[str]) -> list[str]:
    """The stdout table of one scope: one column per detector."""
    cols = list(figures)
    width = 24
    lines = ["".ljust(30) + "".join(c.rjust(width) for c in cols)]

    def line(label: str, cell: Any) -> None:
        lines.append(label.ljust(30) + "".join(str(cell(figures[c])).rjust(width) for c in cols))

    line("alerts", lambda f: f"{f['alerts']:,}")
    if "caught" in figures[cols[0]]:
        n = figures[cols[0]]["caught"]["cases"]
        line(
            f"alerts caught (of {n})",
            lambda f: f"{f['caught']['any']} {_pct(f['caught']['any'] / n)}",
        )
    line("account P / R / F1", lambda f: _prf(f["accounts"]))
    line("transaction P / R / F1", lambda f: _prf(f["transactions"]))
    line("run time (s)", lambda f: f"{f['seconds']:.2f}")
    line("throughput (tx/s)", lambda f: f"{f['tx_per_s']:,.0f}")
    if "per_typology" in figures[cols[0]]:
        lines.append("caught per typology: any alert / the rule of that name")
        names = [t for t in order if t in figures[cols[0]]["per_typology"]]
        names += sorted(set(figures[cols[0]]["per_typology"]) - set(names))
        for name in names:
            rows = {c: figures[c]["per_typology"][name] for c in cols}
            line(
                f"  {name} ({rows[cols[0]]['cases']})",
                lambda f, name=name: (
                    f"{f['per_typology'][name]['any']:>3} / {f['per_typology'][name]['same']:>3}"
                ),
            )
    lines.append("per rule: alerts, account precision")
    rules = sorted({r for c in cols for r in figures[c]["per_rule"]})
    for rule in rules:

        def cell(f: dict[str, Any], rule: str = rule) -> str:
            got = f["per_rule"].get(rule)
            if got is None:
                return "-"
            return f"{got['alerts']:,}  {_pct(got['accounts']['precision'])}"

        line(f"  {rule}", cell)
    return lines
