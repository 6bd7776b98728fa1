"""List updates: load the new version, find what changed, re-screen the portfolio on it.

Re-screening every customer against every entry after each update would raise again
every hit already decided, and cost minutes for a large book. Instead the entries
added or changed by the update (their digest is new) are indexed alone and only they
are screened; an unchanged entry cannot produce a new alert, and a changed one gets a
new digest, so a false positive decided on its old content alerts again, as
screening/suppress.py intends.

Scores on the small index must equal the scores a full screen gives: token rarity
("tajideen" is rare, "mohammed" is not) is therefore taken from the whole lists.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa

from moneytrail.alerts.audit import AuditLog
from moneytrail.alerts.models import Alert
from moneytrail.alerts.repository import Repository
from moneytrail.errors import MoneytrailError
from moneytrail.screening import DEFAULT_THRESHOLD, Screener, screener_from_store
from moneytrail.screening.index import ListIndex
from moneytrail.screening.service import write_index_cache
from moneytrail.services.downloads import MAX_BYTES, fetch_list
from moneytrail.services.pending import changed_between, owe, owed, paid
from moneytrail.services.portfolio import current_versions, customers, screen_customers
from moneytrail.sources import ParsedList, parse_list
from moneytrail.sources.base import Progress, no_progress
from moneytrail.sources.bundled import bundled_paths
from moneytrail.store import LoadResult, Store
from moneytrail.store.versions import check_replaces

# The same predicate as screening.service: only designated entries raise alerts, not
# the companies of a registry loaded beside the lists.
DELTA_STATEMENTS = """SELECT s.* FROM statements s JOIN delta_ids d ON d.entity_id = s.entity_id
    WHERE s.entity_id IN (
        SELECT entity_id FROM statements WHERE prop = 'topics' AND value LIKE 'sanction%')"""


@dataclass(frozen=True, slots=True)
class UpdateResult:
    source: str
    sha256: str | None  # of the download, for a URL
    versions_before: dict[str, str]
    loads: tuple[LoadResult, ...]
    delta: tuple[str, ...]  # ids of the entries added or changed
    customers: int
    alerts: tuple[Alert, ...]

    def as_record(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "sha256": self.sha256,
            "lists": [
                {
                    "dataset": r.dataset,
                    "previous": self.versions_before.get(r.dataset),
                    "version": r.version,
                    "added": r.added,
                    "removed": r.removed,
                    "changed": r.changed,
                }
                for r in self.loads
            ],
            "delta_entries": len(self.delta),
            "customers": self.customers,
            "alerts": len(self.alerts),
        }


class DeltaIndex(ListIndex):
    """An index of a few entries that weighs name tokens as the whole lists do."""

    def __init__(self) -> None:
        super().__init__()
        self.reference: ListIndex | None = None

    def token_rarity(self, token: str) -> float:
        if self.reference is None:
            return super().token_rarity(token)
        return self.reference.token_rarity(token)


def delta_screener(store: Store, changed: dict[str, str], reference: ListIndex) -> Screener:
    """A screener over the ``changed`` entries only, weighted like ``reference``."""
    ids = pa.table({"entity_id": pa.array(sorted(changed), pa.string())})
    store.engine.register("delta_ids", ids)
    try:
        table = store.engine.query(DELTA_STATEMENTS)
    finally:
        store.engine.unregister("delta_ids")
    index = DeltaIndex.from_statements(table, changed)
    assert isinstance(index, DeltaIndex)
    index.reference = reference
    return Screener(index)


def update_lists(
    store: Store,
    repo: Repository,
    parsed: Sequence[ParsedList],
    *,
    actor: str,
    source: str,
    sha256: str | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    allow_older: bool = False,
    progress: Progress = no_progress,
    action: str = "lists.update",
) -> UpdateResult:
    """Load ``parsed`` (each list atomically), re-screen the portfolio on the delta, audit.

    This is the one door to the statement store for lists: ``lists load`` (action
    "lists.load"), ``lists update`` and the bundled lists an empty store receives all
    come through here, so every load is audited and owes the portfolio its re-screen.
    A list that would replace a newer (or a dated) version is refused before anything
    is loaded unless ``allow_older`` (store/versions.py).
    """
    check_replaces(store, parsed, allow_older=allow_older)
    # The portfolio is validated first: a record that no longer validates must stop
    # the update before it loads anything, not between the load and the alerts.
    portfolio = [c.query() for c in customers(repo)]
    versions_before = current_versions(store)
    # What an earlier update loaded but did not live to screen, then what this one owes:
    # recorded before each load, cleared only once the alerts are stored.
    debts = owed(repo)
    for p in parsed:
        debts.append(owe(repo, p.dataset, versions_before.get(p.dataset), p.version))
    if store.prepare is None:  # each new snapshot gets its screening index
        store.prepare = write_index_cache
    loads = store.load_many(parsed)
    changed = changed_between(store, debts)
    alerts: list[Alert] = []
    if changed and portfolio:
        screener = delta_screener(store, changed, screener_from_store(store).index)
        alerts = screen_customers(
            repo,
            portfolio,
            screener,
            current_versions(store),
            threshold=threshold,
            actor=actor,
            progress=progress,
        )
    paid(repo, debts)
    result = UpdateResult(
        source,
        sha256,
        versions_before,
        tuple(loads),
        tuple(sorted(changed)),
        len(portfolio),
        tuple(alerts),
    )
    AuditLog(repo).append(actor, action, source, {**result.as_record(), "threshold": threshold})
    return result


def fetch_and_parse(
    source: str | None,
    *,
    sha256: str | None = None,
    version: str | None = None,
    max_bytes: int = MAX_BYTES,
    progress: Progress = no_progress,
) -> tuple[list[ParsedList], str | None]:
    """The parsed lists of a URL, a file or folder, or (None) the bundled lists.

    A download lives in a temporary folder only until it is parsed: parsed lists
    hold everything the store needs.
    """
    if source is None:
        return [parse_list(p, progress=progress) for p in bundled_paths()], None
    if not source.startswith(("http://", "https://")):
        parsed = parse_list(Path(source), version=version, progress=progress)
        parsed.settle_basis(version)
        return [parsed], None
    with tempfile.TemporaryDirectory(prefix="moneytrail-update-") as tmp:
        download = fetch_list(source, Path(tmp), sha256=sha256, max_bytes=max_bytes)
        parsed = parse_list(download.path, version=version, progress=progress)
    parsed.settle_basis(version)
    return [parsed], download.sha256


def run_update(
    store: Store,
    repo: Repository,
    source: str | None,
    *,
    actor: str,
    sha256: str | None = None,
    version: str | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    max_bytes: int = MAX_BYTES,
    allow_older: bool = False,
    progress: Progress = no_progress,
) -> UpdateResult:
    """Update from a URL, a list file or folder, or (``source`` None) the bundled lists.

    Everything is fetched, verified and parsed before the store is touched, so a bad
    download or file leaves the previous versions active; that failure is audited
    (``lists.update.failed``) and re-raised.
    """
    label = source or "bundled"
    try:
        parsed, digest = fetch_and_parse(
            source, sha256=sha256, version=version, max_bytes=max_bytes, progress=progress
        )
        check_replaces(store, parsed, allow_older=allow_older)
    except MoneytrailError as exc:
        AuditLog(repo).append(actor, "lists.update.failed", label, {"error": str(exc)})
        raise
    return update_lists(
        store,
        repo,
        parsed,
        actor=actor,
        source=label,
        sha256=digest,
        threshold=threshold,
        allow_older=allow_older,
        progress=progress,
    )
