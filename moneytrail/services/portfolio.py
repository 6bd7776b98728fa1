"""The customers under monitoring, kept in the store beside the lists they are screened on.

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
from moneytrail.alerts.models import Alert
from moneytrail.alerts.queue import raise_alerts
from moneytrail.alerts.repository import Repository
from moneytrail.errors import InvalidInput
from moneytrail.screening import (
    DEFAULT_CUTOFF,
    DEFAULT_THRESHOLD,
    Match,
    Query,
    ScreenConfig,
    Screener,
    screen_batch,
    screener_from_store,
)
from moneytrail.screening.inputs import Warn, raw_records, warn_dropped
from moneytrail.screening.screener import MAX_CANDIDATE_ENTRIES
from moneytrail.sources.base import Progress, no_progress
from moneytrail.store import Store

DDL = """CREATE TABLE IF NOT EXISTS portfolio (
    id VARCHAR PRIMARY KEY, schema VARCHAR NOT NULL, record VARCHAR NOT NULL,
    fingerprint VARCHAR NOT NULL, added_at VARCHAR NOT NULL, updated_at VARCHAR NOT NULL)"""


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


# Set when a record is stored, cleared once it has been screened and its alerts raised:
# a crash in between leaves it set, and the next ``portfolio add`` screens it first.
PENDING_DDL = "ALTER TABLE portfolio ADD COLUMN IF NOT EXISTS pending BOOLEAN DEFAULT FALSE"


def ensure_table(store: Store) -> None:
    store.engine.execute(DDL)
    store.engine.execute(PENDING_DDL)


def pending_customers(store: Store) -> list[Customer]:
    """Customers stored by an add that did not finish screening them."""
    return [c for c in customers(store) if c.id in _pending_ids(store)]


def _pending_ids(store: Store) -> set[str]:
    ensure_table(store)
    return {str(r[0]) for r in store.engine.rows("SELECT id FROM portfolio WHERE pending")}


def mark_screened(store: Store, ids: Sequence[str]) -> None:
    with store.engine.transaction():
        for cid in ids:
            store.engine.execute("UPDATE portfolio SET pending = FALSE WHERE id = ?", [cid])


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


def store_customers(store: Store, found: Sequence[tuple[Query, dict[str, Any]]]) -> tuple[int, int]:
    """Insert or replace, in one transaction; (added, updated) counts."""
    ensure_table(store)
    now = utc_now()
    known = dict(store.engine.rows("SELECT id, fingerprint FROM portfolio"))
    added = updated = 0
    with store.engine.transaction():
        for query, record in found:
            old = known.get(query.id)
            if old == query.fingerprint:
                continue
            text = json.dumps(record, ensure_ascii=False, sort_keys=True)
            if old is None:
                added += 1
                store.engine.execute(
                    "INSERT INTO portfolio (id, schema, record, fingerprint, added_at, "
                    "updated_at, pending) VALUES (?, ?, ?, ?, ?, ?, TRUE)",
                    [query.id, query.schema, text, query.fingerprint, now, now],
                )
            else:
                updated += 1
                store.engine.execute(
                    "UPDATE portfolio SET schema = ?, record = ?, fingerprint = ?, updated_at = ?, "
                    "pending = TRUE WHERE id = ?",
                    [query.schema, text, query.fingerprint, now, query.id],
                )
    return added, updated


def customers(store: Store) -> list[Customer]:
    ensure_table(store)
    rows = store.engine.rows(
        "SELECT id, schema, record, fingerprint, added_at, updated_at FROM portfolio ORDER BY id"
    )
    return [Customer(r[0], r[1], json.loads(r[2]), r[3], r[4], r[5]) for r in rows]


def screen_customers(
    repo: Repository,
    queries: Sequence[Query],
    screener: Screener,
    versions: dict[str, str],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    actor: str,
    progress: Progress = no_progress,
) -> list[Alert]:
    """Screen on every core and raise an alert for each hit not alerted before.

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
            Match(entries[m["id"]], float(m["score"]), m["explanation"]) for m in result["matches"]
        ]
        created.extend(
            raise_alerts(repo, query, matches, versions, threshold=threshold, actor=actor)
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
    added, updated = store_customers(store, found)
    screener = screener_from_store(store)
    versions = current_versions(store)
    given = {q.id for q, _ in found}
    left = [c.query() for c in pending_customers(store) if c.id not in given]
    queries = [q for q, _ in found] + left
    alerts = screen_customers(
        repo, queries, screener, versions, threshold=threshold, actor=actor, progress=progress
    )
    mark_screened(store, [q.id for q in queries])
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
