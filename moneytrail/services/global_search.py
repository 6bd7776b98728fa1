"""Search across everything: list and registry entities, customers, accounts, alerts, cases.

An analyst has a name or an id and wants the page about it. Names of entities go
through the screening engine (``search_text``, audited like every screening request),
so a transliteration finds the spelling the list uses ("Qasim Taji al-Din" finds
"TAJIDEEN, Kassim"). Customers, accounts, alerts and cases are found by a piece of their
id or name (case-insensitive): customers from the portfolio, the screened records of
alerts and the holders of accounts; accounts from the transactions. Every hit links
to its subject's workbench page.
"""

from __future__ import annotations

import json
from contextlib import AbstractContextManager, nullcontext
from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import quote

from moneytrail.alerts.case_queries import CaseFilter
from moneytrail.alerts.cases import store as case_store
from moneytrail.alerts.repository import Repository
from moneytrail.errors import InvalidInput
from moneytrail.services.screening import AuditSink, search_text
from moneytrail.services.snapshots import ListService
from moneytrail.store import Store

MAX_TEXT = 200
PER_KIND = 10
KINDS = ("entity", "customer", "account", "alert", "case")


@dataclass(frozen=True, slots=True)
class Hit:
    """One result: what it is, its id and name, and the page that shows it."""

    kind: str
    id: str
    title: str
    detail: str = ""
    score: float | None = None

    @property
    def link(self) -> str:
        where = {"alert": "alerts", "case": "cases"}.get(self.kind, "entities")
        return f"/ui/{where}/{quote(self.id, safe='')}"

    def as_record(self) -> dict[str, Any]:
        return {**asdict(self), "link": self.link}


def search_everything(
    repo: Repository,
    lists: ListService,
    audit: AuditSink,
    actor: str,
    q: str,
    *,
    store: Store | None = None,
    lock: AbstractContextManager[Any] | None = None,
    limit: int = PER_KIND,
) -> list[Hit]:
    """Hits of every kind for ``q``, entities (best score first) then the rest.

    ``store`` (with the ``lock`` guarding its connection) is the statement store file,
    where the transactions' accounts are; without it those are skipped. The portfolio
    is in the case store (``repo``), searched always.
    """
    text = q.strip()
    if not text:
        raise InvalidInput("a search needs some text", field="q")
    if len(text) > MAX_TEXT:
        raise InvalidInput(f"a search has at most {MAX_TEXT} characters", field="q")
    hits = _entities(lists, audit, actor, text, limit)
    alerts = case_store(repo).alerts_matching(text, limit * 5)
    customers = _screened_customers(alerts, text) + _portfolio(repo, text, limit)
    accounts: list[Hit] = []
    if store is not None:
        with lock or nullcontext():
            customers += _holders(store, text, limit)
            accounts = _accounts(store, text, limit)
    hits += _unique(customers)[:limit] + accounts
    hits += [Hit("alert", a[0], a[1], f"about {a[2]}") for a in alerts[:limit]]
    found = case_store(repo).find_cases(CaseFilter(text=text, limit=limit))
    hits += [Hit("case", c.id, c.title, f"{c.status.value}, subject {c.subject}") for c in found]
    return hits


def _entities(lists: ListService, audit: AuditSink, actor: str, q: str, limit: int) -> list[Hit]:
    outcome = search_text(lists, audit, actor, "default", q, limit)
    return [
        Hit("entity", m.entry.id, m.entry.caption,
            f"{m.entry.schema} on {', '.join(m.entry.datasets)}", round(m.score, 3))
        for result in outcome.results
        for m in result.matches
    ]  # fmt: skip


def _screened_customers(alerts: list[tuple[str, str, str, str]], text: str) -> list[Hit]:
    """Screened records (the alerts' queries) whose id or a name contains ``text``."""
    out = []
    wanted = text.lower()
    for _alert, _caption, query_id, raw in alerts:
        try:
            query = json.loads(raw)
        except json.JSONDecodeError:
            continue
        names = [str(n) for n in query.get("names", []) or []]
        if query.get("caption"):
            names.append(str(query["caption"]))
        subject = str(query.get("id") or query_id)
        if wanted in subject.lower() or any(wanted in n.lower() for n in names):
            out.append(Hit("customer", subject, names[0] if names else subject, "screened"))
    return out


def _table(store: Store, name: str) -> bool:
    found = store.engine.rows(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]
    )
    return int(found[0][0]) > 0


def _portfolio(repo: Repository, text: str, limit: int) -> list[Hit]:
    out = []
    for cid, raw in repo.find_customers(text, limit):
        names = (json.loads(raw).get("properties") or {}).get("name") or [cid]
        out.append(Hit("customer", cid, str(names[0]), "in the monitored portfolio"))
    return out


def _holders(store: Store, text: str, limit: int) -> list[Hit]:
    if not _table(store, "flow_accounts"):
        return []
    like = f"%{text.lower()}%"
    rows = store.engine.rows(
        "SELECT holder_id, min(name), count(*) FROM flow_accounts WHERE holder_id IS NOT NULL "
        "AND (lower(holder_id) LIKE ? OR lower(name) LIKE ?) GROUP BY holder_id "
        "ORDER BY holder_id LIMIT ?",
        [like, like, limit],
    )
    return [Hit("customer", str(r[0]), str(r[1]), f"holds {r[2]} account(s)") for r in rows]


def _accounts(store: Store, text: str, limit: int) -> list[Hit]:
    if not _table(store, "flow_accounts"):
        return []
    like = f"%{text.lower()}%"
    rows = store.engine.rows(
        "SELECT account, name FROM flow_accounts WHERE lower(account) LIKE ? "
        "OR lower(name) LIKE ? ORDER BY account LIMIT ?",
        [like, like, limit],
    )
    return [Hit("account", str(r[0]), f"Account {r[0]}", f"held by {r[1]}") for r in rows]


def _unique(hits: list[Hit]) -> list[Hit]:
    seen: dict[str, Hit] = {}
    for hit in hits:
        seen.setdefault(hit.id, hit)
    return list(seen.values())
