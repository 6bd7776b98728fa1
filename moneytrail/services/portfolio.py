"""The customers under monitoring, kept in the case store beside their alerts.

A bank monitors its book, not a file: customers added once are re-screened by every
list update (update.py) without being given again. Each record is validated like a
``screen`` input and kept as given, so a re-screen sees exactly what was added; adding
a customer id again replaces its record.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from moneytrail.alerts.audit import AuditLog, utc_now
from moneytrail.alerts.case_policy import DEFAULT_POLICY, CasePolicy
from moneytrail.alerts.models import Alert
from moneytrail.alerts.repository import Repository
from moneytrail.errors import InvalidInput
from moneytrail.screening import (
    DEFAULT_CUTOFF,
    DEFAULT_THRESHOLD,
    Explanation,
    Match,
    Query,
    ScreenConfig,
    Screener,
    screen_batch,
    screener_from_store,
)
from moneytrail.screening.inputs import Warn, raw_records, warn_dropped
from moneytrail.screening.screener import MAX_CANDIDATE_ENTRIES
from moneytrail.services.findings import raise_screening_alerts
from moneytrail.sources.base import Progress, no_progress
from moneytrail.store import Store


@dataclass(frozen=True, slots=True)
class Customer:
    """One monitored record, as added."""

    id: str
    schema: str
    record: dict[str, Any]
    fingerprint: str
    added_at: str
    updated_at: str

    def query(self) -> Query:
        return Query.from_record(self.record, file="portfolio", line=None)

    def as_record(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "schema": self.schema,
            "properties": self.record.get("properties", {}),
            "added_at": self.added_at,
            "updated_at": self.updated_at,
        }


@dataclass(frozen=True, slots=True)
class AddResult:
    added: int
    updated: int
    unchanged: int
    entries: int  # list entries screened against
    alerts: tuple[Alert, ...]
    resumed: int = 0  # customers an interrupted earlier add left unscreened, screened now


# A record is stored marked pending (alerts/portfolio_queries.py), and unmarked once it
# has been screened and its alerts raised: a crash in between leaves it marked, and the
# next ``portfolio add`` screens it first.


def pending_customers(repo: Repository) -> list[Customer]:
    """Customers stored by an add that did not finish screening them."""
    waiting = repo.pending_customer_ids()
    return [c for c in customers(repo) if c.id in waiting]


def mark_screened(repo: Repository, ids: Sequence[str]) -> None:
    """Unmark ``ids`` once their alerts are stored: one short transaction for the batch."""
    with repo.transaction():
        repo.mark_customers_screened(ids)


def current_versions(store: Store) -> dict[str, str]:
    rows = store.engine.rows("SELECT dataset, version FROM list_versions WHERE is_current")
    return {str(ds): str(v) for ds, v in rows}


def read_customers(
    source: str, mapping: dict[str, str], schema: str = "Person", warn: Warn | None = None
) -> list[tuple[Query, dict[str, Any]]]:
    """Validated (query, record) pairs; the first bad record raises, naming its line.

    Values followthemoney drops (an impossible birth date) go to ``warn``.
    """
    name = "<stdin>" if source == "-" else source
    out: list[tuple[Query, dict[str, Any]]] = []
    seen: set[str] = set()
    for line, record in raw_records(source, mapping, schema):
        query = Query.from_record(record, file=name, line=line)
        if query.id in seen:
            raise InvalidInput(f"duplicate id {query.id!r}", file=name, line=line, field="id")
        seen.add(query.id)
        if warn is not None:
            warn_dropped(record, query, name, line, warn)
        kept = {"id": query.id, "schema": query.schema, "properties": record.get("properties", {})}
        out.append((query, kept))
    return out


def store_customers(
    repo: Repository, found: Sequence[tuple[Query, dict[str, Any]]]
) -> tuple[int, int]:
    """Insert or replace, marked pending, in one transaction; (added, updated) counts."""
    now = utc_now()
    added = updated = 0
    with repo.transaction():
        known = repo.customer_fingerprints()
        for query, record in found:
            old = known.get(query.id)
            if old == query.fingerprint:
                continue
            text = json.dumps(record, ensure_ascii=False, sort_keys=True)
            row = (query.id, query.schema, text, query.fingerprint, now, now)
            if old is None:
                added += 1
                repo.add_customer(row)
            else:
                updated += 1
                repo.replace_customer(row)
    return added, updated


def customers(repo: Repository) -> list[Customer]:
    """Every monitored customer, by id."""
    return [
        Customer(cid, schema, json.loads(record), fingerprint, added, updated)
        for cid, schema, record, fingerprint, added, updated in repo.customer_rows()
    ]


def screen_customers(
    repo: Repository,
    queries: Sequence[Query],
    screener: Screener,
    versions: dict[str, str],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    actor: str,
    progress: Progress = no_progress,
    cases: CasePolicy = DEFAULT_POLICY,
) -> list[Alert]:
    """Screen on every core and raise an alert for each hit not alerted before, grouped
    into the customer's case under ``cases`` (alerts/case_policy.py).

    Alerts are keyed like suppressions (query id, entry id, entry digest), so hits
    already alerted, decided or not, raise nothing new.
    """
    config = ScreenConfig(
        limit=MAX_CANDIDATE_ENTRIES, cutoff=min(DEFAULT_CUTOFF, threshold), threshold=threshold
    )
    entries = {e.id: e for e in screener.index.entries}
    created: list[Alert] = []
    results = screen_batch(queries, screener, config, progress=progress)
    for query, result in zip(queries, results, strict=True):
        matches = [
            Match(entries[m["id"]], float(m["score"]), Explanation.from_dict(m["explanation"]))
            for m in result["matches"]
        ]
        created.extend(
            raise_screening_alerts(
                repo, query, matches, versions, threshold=threshold, actor=actor, cases=cases
            )
        )
    return created


def add_portfolio(
    store: Store,
    repo: Repository,
    source: str,
    mapping: dict[str, str],
    *,
    schema: str = "Person",
    actor: str,
    threshold: float = DEFAULT_THRESHOLD,
    progress: Progress = no_progress,
    warn: Warn | None = None,
) -> AddResult:
    """Store the records of ``source``, screen them once and raise alerts (audited).

    Storing and screening are two steps (screening takes minutes, a transaction must
    not): records are stored marked pending and unmarked once their alerts are raised,
    so customers an interrupted add left unscreened are screened by the next add.
    Alerts are keyed, so screening a record twice raises nothing twice.
    """
    found = read_customers(source, mapping, schema, warn)
    added, updated = store_customers(repo, found)
    screener = screener_from_store(store)
    versions = current_versions(store)
    given = {q.id for q, _ in found}
    left = [c.query() for c in pending_customers(repo) if c.id not in given]
    queries = [q for q, _ in found] + left
    alerts = screen_customers(
        repo, queries, screener, versions, threshold=threshold, actor=actor, progress=progress
    )
    mark_screened(repo, [q.id for q in queries])
    result = AddResult(
        added, updated, len(found) - added - updated, len(screener.index), tuple(alerts), len(left)
    )
    AuditLog(repo).append(
        actor,
        "portfolio.add",
        "-" if source == "-" else source,
        {
            "records": len(found),
            "added": added,
            "updated": updated,
            "list_versions": versions,
            "threshold": threshold,
            "alerts": len(alerts),
            "pending_screened": len(left),
        },
    )
    return result
