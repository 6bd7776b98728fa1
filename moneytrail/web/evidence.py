"""The evidence under a non-screening alert, and the pages of subjects that are not list entries.

An ownership, network, trace, typology or trade alert stores the statement and transaction
ids its finding rests on (``services/findings.py``); an analyst must see those facts,
not their hashes: the holdings with their percentages, the payments in time order
with the path they make, each indicator with the facts it cites, and a shipment's
parties, goods, route and red flags. Customers and
accounts are not list entries, so their page is built from the alerts about them and
the payments of their accounts (``flows/stored.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from moneytrail.alerts.models import Alert, AlertFilter
from moneytrail.alerts.repository import Repository
from moneytrail.errors import NotFound
from moneytrail.flows.stored import TX_TABLE, Tx, accounts_of, has_flows, holders, transactions
from moneytrail.reports.build import lookup_statements
from moneytrail.reports.model import CitedStatement
from moneytrail.store import Store

MAX_SUBJECT_TRANSACTIONS = 500


@dataclass(frozen=True, slots=True)
class Holding:
    """One link of an ownership chain: who holds what share of which company."""

    owner: str
    owner_name: str
    asset: str
    asset_name: str
    percentage: str
    statements: tuple[str, ...]


@dataclass
class Evidence:
    """What a non-screening alert cites, looked up in the store."""

    facts: list[CitedStatement] = field(default_factory=list)
    holdings: list[Holding] = field(default_factory=list)
    transactions: list[Tx] = field(default_factory=list)
    path: list[tuple[str, str]] = field(default_factory=list)  # (account, holder name)
    indicators: list[dict[str, Any]] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)  # entity id -> caption
    # A trade alert: the shipment (parties, goods, route, vessel) and its red flags.
    shipment: dict[str, Any] = field(default_factory=dict)
    flags: list[dict[str, Any]] = field(default_factory=list)

    @property
    def total(self) -> float:
        return round(sum(t.amount for t in self.transactions), 2)


def names_of(store: Store, ids: set[str]) -> dict[str, str]:
    """Entity id -> its first name statement, for ids the store knows."""
    if not ids:
        return {}
    rows = store.engine.rows(
        "SELECT entity_id, min(value) FROM statements WHERE prop = 'name' "
        "AND list_contains(?, entity_id) GROUP BY entity_id",
        [sorted(ids)],
    )
    return {str(a): str(b) for a, b in rows}


def alert_evidence(store: Store, alert: Alert) -> Evidence:
    """The cited facts grouped for reading: holdings, payments and their path, indicators."""
    explanation = alert.explanation
    cited = {str(s) for s in explanation.get("statements", [])}
    indicators = [dict(i) for i in explanation.get("indicators", [])]
    for ind in indicators:
        cited.update(str(s) for s in ind.get("statements", []))
    flags = [dict(f) for f in explanation.get("flags", [])]
    for flag in flags:
        cited.update(str(s) for e in flag.get("evidence", []) for s in e.get("statements", []))
    facts = lookup_statements(store, cited)
    evidence = Evidence(facts=sorted(facts.values(), key=lambda s: (s.entity_id, s.prop)))
    evidence.indicators = indicators
    evidence.shipment, evidence.flags = dict(explanation.get("shipment", {})), flags
    evidence.holdings = _holdings(list(facts.values()))
    related = {str(r) for i in indicators for r in i.get("related", [])}
    related |= {h.owner for h in evidence.holdings} | {h.asset for h in evidence.holdings}
    related |= {str(d) for d in explanation.get("designated", [])}
    evidence.names = names_of(store, related)
    evidence.holdings = [
        Holding(
            h.owner, evidence.names.get(h.owner, h.owner), h.asset,
            evidence.names.get(h.asset, h.asset), h.percentage, h.statements,
        )
        for h in evidence.holdings
    ]  # fmt: skip
    tx_ids = [str(t) for t in explanation.get("transactions", [])]
    if tx_ids:
        evidence.transactions = transactions(store, tx_ids)
        evidence.path = _path(evidence.transactions)
    return evidence


def _holdings(facts: list[CitedStatement]) -> list[Holding]:
    """Ownership statements (owner, asset, percentage of one Ownership) as chain links."""
    grouped: dict[str, dict[str, CitedStatement]] = {}
    for fact in facts:
        if fact.schema == "Ownership":
            grouped.setdefault(fact.entity_id, {})[fact.prop] = fact
    out = []
    for props in grouped.values():
        owner, asset, share = props.get("owner"), props.get("asset"), props.get("percentage")
        if owner is None or asset is None:
            continue
        ids = tuple(s.id for s in (owner, asset, share) if s is not None)
        percentage = share.value if share else "share not stated"
        out.append(Holding(owner.value, owner.value, asset.value, asset.value, percentage, ids))
    return out


def _path(txs: list[Tx]) -> list[tuple[str, str]]:
    """The accounts the payments pass through, in time order, each once."""
    path: list[tuple[str, str]] = []
    for tx in txs:
        for account, name in ((tx.source, tx.source_name), (tx.target, tx.target_name)):
            if not path or path[-1][0] != account:
                path.append((account, name))
    return path


@dataclass
class SubjectPage:
    """A customer or an account: its alerts, accounts and payments in and out."""

    id: str
    caption: str
    schema: str
    accounts: list[tuple[str, str | None, str]]  # (account, holder id, holder name)
    alerts: list[Alert]
    screened: list[Alert]
    incoming: list[Tx]
    outgoing: list[Tx]
    truncated: bool = False

    @property
    def total_in(self) -> float:
        return round(sum(t.amount for t in self.incoming), 2)

    @property
    def total_out(self) -> float:
        return round(sum(t.amount for t in self.outgoing), 2)


def subject_page(store: Store, repo: Repository, subject_id: str) -> SubjectPage:
    """NotFound when neither an alert nor an account knows ``subject_id``."""
    alerts = repo.alerts(AlertFilter(entity_id=subject_id, status=None, limit=200))
    screened = repo.alerts(AlertFilter(query_id=subject_id, status=None, limit=200))
    held = holders(store)
    accounts = accounts_of(store, subject_id)
    if not (alerts or screened or accounts):
        raise NotFound(
            f"{subject_id!r} is neither a list entry, a customer with alerts nor an account "
            "with payments; check the id or search the alert queue"
        )
    rows = [(a, held.get(a, (None, a, None))[0], held.get(a, (None, a, None))[1]) for a in accounts]
    caption, schema = _caption(subject_id, alerts + screened, rows)
    incoming, outgoing, truncated = _payments(store, set(accounts))
    return SubjectPage(
        subject_id, caption, schema, rows, alerts, screened, incoming, outgoing, truncated
    )


def _caption(
    subject_id: str, alerts: list[Alert], rows: list[tuple[str, str | None, str]]
) -> tuple[str, str]:
    for alert in alerts:
        if alert.entity_id == subject_id:
            return alert.caption.split(": ", 1)[-1], alert.schema
        names = alert.query.get("names") or []
        if names:
            return str(names[0]), str(alert.query.get("schema") or "Person")
    for account, holder, name in rows:
        if account == subject_id:
            return f"Account {account} ({name})", "BankAccount"
        if holder == subject_id:
            return name, "LegalEntity"
    return subject_id, "LegalEntity"


def _payments(store: Store, accounts: set[str]) -> tuple[list[Tx], list[Tx], bool]:
    """Payments into and out of the accounts, in time order (at most a few hundred)."""
    if not accounts or not has_flows(store):
        return [], [], False
    rows = store.engine.rows(
        f"SELECT id FROM {TX_TABLE} WHERE list_contains(?, source) OR list_contains(?, target) "
        f"ORDER BY t, id LIMIT {MAX_SUBJECT_TRANSACTIONS + 1}",
        [sorted(accounts), sorted(accounts)],
    )
    ids = [str(r[0]) for r in rows]
    truncated = len(ids) > MAX_SUBJECT_TRANSACTIONS
    txs = transactions(store, ids[:MAX_SUBJECT_TRANSACTIONS])
    incoming = [t for t in txs if t.target in accounts]
    outgoing = [t for t in txs if t.source in accounts]
    return incoming, outgoing, truncated
