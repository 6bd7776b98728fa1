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
from moneytrail.screening.inputs import raw_records
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


def ensure_table(store: Store) -> None:
    store.engine.execute(DDL)


def current_versions(store: Store) -> dict[str, str]:
    rows = store.engine.rows("SELECT dataset, version FROM list_versions WHERE is_current")
    return {str(ds): str(v) for ds, v in rows}


def read_customers(
    source: str, mapping: dict[str, str], schema: str = "Person"
) -> list[tuple[Query, dict[str, Any]]]:
    """Validated (query, record) pairs; the first bad record raises, naming its line."""
    name = "<stdin>" if source == "-" else source
    out: list[tuple[Query, dict[str, Any]]] = []
    seen: set[str] = set()
    for line, record in raw_records(source, mapping, schema):
        query = Query.from_record(record, file=name, line=line)
        if query.id in seen:
            raise InvalidInput(f"duplicate id {query.id!r}", file=name, line=line, field="id")
        seen.add(query.id)
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
                    "INSERT INTO portfolio VALUES (?, ?, ?, ?, ?, ?)",
                    [query.id, query.schema, text, query.fingerprint, now, now],
                )
            else:
                updated += 1
                store.engine.execute(
                    "UPDATE portfolio SET schema = ?, record = ?, fingerprint = ?, updated_at = ? "
                    "WHERE id = ?",
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
) -> AddResult:
    """Store the records of ``source``, screen them once and raise alerts (audited)."""
    found = read_customers(source, mapping, schema)
    added, updated = store_customers(store, found)
    screener = screener_from_store(store)
    versions = current_versions(store)
    queries = [q for q, _ in found]
    alerts = screen_customers(
        repo, queries, screener, versions, threshold=threshold, actor=actor, progress=progress
    )
    result = AddResult(
        added, updated, len(found) - added - updated, len(screener.index), tuple(alerts)
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
        },
    )
    return result
