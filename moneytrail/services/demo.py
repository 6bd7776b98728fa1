"""The demo case: the synthetic Tajideen scenario turned into a queue of alerts of every kind.

A person opening the workbench for the first time should find work waiting: screening
hits of the sample customers, a front company blocked through ownership, companies
tied to designated parties, laundering patterns, traced flows and flagged shipments,
all from the files under ``moneytrail/data/demo``. Each step calls the same service the
CLI calls (``screen``, ``network --fronts``, ``detect``, ``exposure``, ``trade screen``),
then stores its results as alerts, so the demo exercises the real code paths.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from moneytrail.alerts import AuditLog, Role, add_user
from moneytrail.alerts.kinds import Kind
from moneytrail.alerts.repository import Repository
from moneytrail.engines import DuckDBEngine
from moneytrail.flows import build_graph, parse_map, read_transactions
from moneytrail.flows.accounts import Accounts, parse_accounts_map, read_accounts
from moneytrail.flows.exposure import Exposure, Reach, exposure
from moneytrail.flows.graph import FlowGraph
from moneytrail.flows.stored import load_flows
from moneytrail.graph.indicators import STRENGTH, Front, find_fronts
from moneytrail.screening import Query, ScreenConfig, Screener, screener_from_store
from moneytrail.services.findings import Finding, raise_findings, raise_screening_alerts
from moneytrail.services.lists import load_source
from moneytrail.services.trade import screen_and_raise
from moneytrail.sources.bundled import bundled_paths
from moneytrail.store import Store
from moneytrail.typologies import record, resolve, run

REGISTRY_DATASET = "synthetic_tajideen_registry"
REGISTRY_VERSION = "2025-06-30"
TX_MAP = "id=tx_id,source=from_account,target=to_account,amount=amount,date=value_date"
DEMO_USER = "demo"


def data_dir() -> Path:
    return Path(str(files("moneytrail"))) / "data"


@dataclass(frozen=True, slots=True)
class DemoSeed:
    """What was seeded, and the login to print (the key is shown only here)."""

    alerts: dict[str, int]
    user: str
    key: str


def seed_demo_store(path: Path, *, all_lists: bool = True) -> DemoSeed:
    """Seed the store file at ``path`` (its own connections, closed before returning)."""
    from moneytrail.alerts import DuckDBRepository

    with Store(path) as store:
        repo = DuckDBRepository(path)
        try:
            return seed_demo(store, repo, all_lists=all_lists)
        finally:
            repo.close()


def load_demo_lists(store: Store, *, all_lists: bool = True) -> None:
    """The bundled lists (or the SDN alone, which the scenario needs) and the registry."""
    loaded = {info.dataset for info in store.lists()}
    paths = bundled_paths() if all_lists else bundled_paths()[:1]
    for path in paths:
        if path.name not in loaded:
            load_source(store, path)
    if REGISTRY_DATASET not in loaded:
        registry = data_dir() / "demo" / "tajideen_registry.jsonl"
        load_source(store, registry, version=REGISTRY_VERSION)


def current_versions(store: Store) -> dict[str, str]:
    rows = store.engine.rows("SELECT dataset, version FROM list_versions WHERE is_current")
    return {str(d): str(v) for d, v in rows}


def seed_demo(store: Store, repo: Repository, *, all_lists: bool = True) -> DemoSeed:
    """Load the scenario and raise its alerts; running it twice adds no duplicates."""
    load_demo_lists(store, all_lists=all_lists)
    versions = current_versions(store)
    screener = screener_from_store(store)
    counts = {Kind.SCREENING.value: _screen_customers(repo, screener, versions)}
    fronts = [f for f in find_fronts(store) if f.strength >= 2]
    made = raise_findings(repo, [x for f in fronts for x in front_findings(f)], versions)
    for kind in (Kind.OWNERSHIP, Kind.NETWORK):
        counts[kind.value] = sum(1 for a in made if a.query_id.startswith(kind.value + ":"))
    demo = data_dir() / "demo"
    txs = read_transactions(demo / "transactions.csv", parse_map(TX_MAP))
    accounts = read_accounts(demo / "accounts.csv", parse_accounts_map("id=holder_id"))
    graph = build_graph(txs)
    result = exposure(
        graph, accounts, screener, reach=Reach.BOTH, hops=4, min_amount=1000.0, workers=1
    )
    designated = {a: d.designations[0].entity_id for a, d in result.designated.items()}
    load_flows(store, txs, accounts, designated)
    traced = [trace_finding(e) for e in result.exposures]
    counts[Kind.TRACE.value] = len(raise_findings(repo, traced, versions))
    counts[Kind.TYPOLOGY.value] = len(
        raise_findings(repo, typology_findings(graph, accounts), versions)
    )
    shipped = screen_and_raise(store, repo, screener, demo / "shipments.jsonl", versions)
    counts[Kind.TRADE.value] = len(shipped)
    user, key = _demo_user(repo)
    return DemoSeed(counts, user, key)


def _screen_customers(repo: Repository, screener: Screener, versions: dict[str, str]) -> int:
    path = data_dir() / "samples" / "customers.jsonl"
    config = ScreenConfig(limit=3)
    made = 0
    for line, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not text.strip():
            continue
        query = Query.from_record(json.loads(text), file=str(path), line=line)
        matches = screener.screen(query, config)
        made += len(
            raise_screening_alerts(repo, query, matches, versions, threshold=config.threshold)
        )
    return made


def front_findings(front: Front) -> list[Finding]:
    """The 50% rule as an ownership finding; every other indicator as one network finding."""
    owned = [i for i in front.indicators if i.code == "owned_50"]
    other = [i for i in front.indicators if i.code != "owned_50"]
    out: list[Finding] = []
    for kind, group, algorithm in (
        (Kind.OWNERSHIP, owned, "ofac-50-2014-v1"),
        (Kind.NETWORK, other, "fronts-v1"),
    ):
        if not group:
            continue
        strength = max(STRENGTH[i.code] for i in group)
        out.append(
            Finding(
                kind=kind,
                subject=front.entity,
                caption=front.caption,
                schema="Company",
                algorithm=algorithm,
                score=strength / 3,
                reasons=tuple(i.explanation for i in group),
                statements=tuple(sorted({s for i in group for s in i.statements})),
                datasets=(REGISTRY_DATASET,),
                details={
                    "indicators": [i.as_dict() for i in group],
                    "related": sorted({r for i in group for r in i.related}),
                },
            )
        )
    return out


def trace_finding(item: Exposure) -> Finding:
    """An exposed account: who it is, which designated party's money, how far, how much."""
    holder = item.holder.name if item.holder else item.account
    parties = ", ".join(dict.fromkeys(d.designations[0].caption for d in item.designated))
    verb = "received money from" if item.direction == "forward" else "sent money to"
    reason = (
        f"{holder} ({item.account}) {verb} {parties} within {item.hops} hops: "
        f"{item.amount:,.2f} attributed, first on {item.first_date}"
    )
    subject = item.holder.id if item.holder and item.holder.id else item.account
    return Finding(
        kind=Kind.TRACE,
        subject=subject,
        caption=holder,
        schema=item.holder.schema if item.holder else "LegalEntity",
        algorithm="exposure-v1",
        score=min(1.0, 0.5 + 0.5 / item.hops),
        reasons=(reason,),
        transactions=tuple(item.path),
        details={
            "account": item.account,
            "direction": str(item.direction),
            "amount": round(item.amount, 2),
            "hops": item.hops,
            "designated": [d.designations[0].entity_id for d in item.designated],
        },
    )


def typology_findings(graph: FlowGraph, accounts: Accounts) -> list[Finding]:
    """Every typology with its defaults: the same alerts ``moneytrail detect`` prints for
    the demo's transactions (``make demo`` runs both)."""
    typologies = resolve(None)
    engine = DuckDBEngine()
    try:
        records = [record(a, graph) for a in run(graph, engine, typologies)]
    finally:
        engine.close()
    return [
        Finding(
            kind=Kind.TYPOLOGY,
            subject=_holder_id(accounts, r["accounts"][0]),
            caption=f"{r['typology']}: {_holder_name(accounts, r['accounts'][0])}",
            schema="LegalEntity",
            algorithm=r["typology"],
            score=float(r["score"]),
            reasons=(r["explanation"],),
            transactions=tuple(r["transactions"]),
            details={"accounts": r["accounts"], "typology_alert": r["id"]},
        )
        for r in records
    ]


def _holder_id(accounts: Accounts, account: str) -> str:
    holder = accounts.get(account)
    return holder.id if holder and holder.id else account


def _holder_name(accounts: Accounts, account: str) -> str:
    holder = accounts.get(account)
    return f"{holder.name} ({account})" if holder else account


def _demo_user(repo: Repository) -> tuple[str, str]:
    """A fresh analyst account; its key cannot be read back, so each seed makes one."""
    taken = {u.name for u in repo.users()}
    name = DEMO_USER
    n = 1
    while name in taken:
        n += 1
        name = f"{DEMO_USER}-{n}"
    _, key = add_user(repo, AuditLog(repo), name, Role.ANALYST, "system")
    return name, key
