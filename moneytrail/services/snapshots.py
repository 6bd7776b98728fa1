"""The loaded lists as a long-running service sees them: one screener, built once.

Building the index takes seconds, so a server builds it at start and keeps it; it
looks at the store's current list versions every ``refresh_seconds`` and rebuilds
only when they changed. Requests use whichever snapshot was current when they
started, so a rebuild never mixes two versions into one answer.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from moneytrail.errors import NotFound
from moneytrail.resolution.clusters import canonical_id, cluster_members
from moneytrail.screening import Screener, screener_from_store
from moneytrail.screening.index_cache import warm
from moneytrail.store import Store
from moneytrail.store.entities import EntityView, describe_entity
from moneytrail.store.schema import ENTRY_SCHEMATA

# Dataset names that mean "every loaded list" (yente's default and sanctions collections).
ALL_LISTS = ("default", "sanctions")


@dataclass(frozen=True, slots=True)
class CatalogEntry:
    """What a /match result shows of a list entry beyond its score."""

    properties: dict[str, list[str]] = field(default_factory=dict)
    first_seen: str = ""
    last_seen: str = ""


@dataclass(frozen=True, slots=True)
class Snapshot:
    versions: dict[str, str]
    screener: Screener
    catalog: dict[str, CatalogEntry]

    @property
    def datasets(self) -> list[str]:
        return [*ALL_LISTS, *sorted(self.versions)]

    def scope(self, dataset: str) -> frozenset[str]:
        """The lists a dataset name stands for; NotFound for a name that is not loaded."""
        if dataset in ALL_LISTS:
            return frozenset(self.versions)
        if dataset in self.versions:
            return frozenset({dataset})
        known = ", ".join(self.datasets)
        raise NotFound(f"unknown dataset {dataset!r} (loaded: {known})")


def _current_versions(store: Store) -> dict[str, str]:
    rows = store.engine.rows("SELECT dataset, version FROM list_versions WHERE is_current")
    return {str(ds): str(v) for ds, v in rows}


def _catalog(store: Store) -> dict[str, CatalogEntry]:
    schemata = ", ".join(f"'{s}'" for s in ENTRY_SCHEMATA)
    table = store.engine.query(
        "SELECT entity_id, prop, value, first_seen, last_seen FROM statements "
        f"WHERE schema IN ({schemata}) ORDER BY entity_id, prop, value"
    )
    cols = [table.column(c).to_pylist() for c in table.column_names]
    props: dict[str, dict[str, list[str]]] = {}
    seen: dict[str, tuple[str, str]] = {}
    for ent, prop, value, first, last in zip(*cols, strict=True):
        values = props.setdefault(ent, {}).setdefault(prop, [])
        if value not in values:
            values.append(value)
        old = seen.get(ent)
        seen[ent] = (min(first, old[0]), max(last, old[1])) if old else (first, last)
    return {e: CatalogEntry(p, *seen[e]) for e, p in props.items()}


def merged_view(cluster_id: str, views: list[EntityView]) -> EntityView:
    """One view of a resolved cluster; list entries lead (their caption and schema)."""
    ordered = sorted(views, key=lambda v: (not v.sanctions, v.id))
    lead = ordered[0]
    seen_links = set()
    links = []
    for view in ordered:
        for link in view.links:
            key = (link.via_id, link.other_id, link.role)
            if key not in seen_links:
                seen_links.add(key)
                links.append(link)
    return EntityView(
        id=cluster_id,
        schema=lead.schema,
        caption=lead.caption,
        statements=tuple(st for v in ordered for st in v.statements),
        sanctions=tuple(s for v in ordered for s in v.sanctions),
        links=tuple(links),
    )


class ListService:
    """Screener, entity catalog and entity pages over one store."""

    def __init__(
        self,
        store: Store,
        refresh_seconds: float = 10.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store = store
        self.refresh_seconds = refresh_seconds
        self.clock = clock
        # One DuckDB cursor: one thread at a time. Re-entrant and public, because the
        # workbench's graph pages (web/graphdata.Explorer) read the same store under it.
        self.store_lock = self._store_lock = threading.RLock()
        self._build_lock = threading.Lock()
        self._seen = None if store.snapshots is None else store.snapshots.stamp()
        self._snapshot = self._build()
        self._next_check = clock() + refresh_seconds

    def _build(self) -> Snapshot:
        with self._store_lock:
            versions = _current_versions(self.store)
            screener = screener_from_store(self.store)
            catalog = _catalog(self.store)
        # The index came from its cache, parsed as used: parse the rest in the background.
        threading.Thread(
            target=warm, args=(screener.index,), name="index-warm", daemon=True
        ).start()
        return Snapshot(versions, screener, catalog)

    def snapshot(self) -> Snapshot:
        """The current snapshot. Every ``refresh_seconds`` a request looks whether a load
        published new lists; if so a background thread builds the new snapshot (index
        from its cache, catalog) and swaps it in, so no request waits for it."""
        now = self.clock()
        if now < self._next_check or not self._build_lock.acquire(blocking=False):
            return self._snapshot
        self._next_check = now + self.refresh_seconds
        if self.store.snapshots is not None and self.store.snapshots.stamp() == self._seen:
            self._build_lock.release()  # nothing published since: no query needed
            return self._snapshot
        threading.Thread(target=self._rebuild, name="lists-refresh", daemon=True).start()
        return self._snapshot

    def _rebuild(self) -> None:
        """Move to newly published lists (holds the build lock, which it releases)."""
        try:
            with self._store_lock:
                self._seen = None if self.store.snapshots is None else self.store.snapshots.stamp()
                moved = self.store.refresh()
                versions = _current_versions(self.store)
                if moved or versions != self._snapshot.versions:
                    screener = screener_from_store(self.store)
                    warm(screener.index)  # already in the background: parse it all first
                    self._snapshot = Snapshot(versions, screener, _catalog(self.store))
        finally:
            self._build_lock.release()

    def entity(self, entity_id: str) -> EntityView:
        """An entity with every statement and its provenance; NotFound if unknown.

        A resolved cluster's id (``mt-...``, after ``moneytrail resolve``) gives every
        fact of its member records, each statement still naming the record it is from.
        """
        with self._store_lock:
            try:
                is_cluster = canonical_id(self.store, entity_id) == entity_id
            except NotFound:
                is_cluster = False
            members = cluster_members(self.store, entity_id) if is_cluster else [entity_id]
            if members == [entity_id]:  # a record, merged or not, shows its own facts
                return describe_entity(self.store, entity_id)
            return merged_view(entity_id, [describe_entity(self.store, m) for m in members])

    def resolved_id(self, entity_id: str) -> str | None:
        """The cluster a resolution merged this record into, or None (not merged, no
        resolution run, or unknown)."""
        with self._store_lock:
            try:
                found = canonical_id(self.store, entity_id)
            except NotFound:
                return None
        return found if found != entity_id else None

    def programs(self) -> list[str]:
        """Every sanctions programme in the loaded lists, for the programme filters."""
        with self._store_lock:
            rows = self.store.engine.rows(
                "SELECT DISTINCT value FROM statements WHERE prop = 'program' ORDER BY 1", []
            )
        return [str(r[0]) for r in rows]

    def program_entities(self, program: str) -> tuple[str, ...]:
        """The list entries sanctioned under ``program`` (a Sanction's ``entity``): the
        queue and the case list filter on them, since the case store keeps no programmes."""
        with self._store_lock:
            rows = self.store.engine.rows(
                "SELECT DISTINCT e.value FROM statements e JOIN statements p "
                "ON p.entity_id = e.entity_id WHERE e.prop = 'entity' AND p.prop = 'program' "
                "AND p.value = ? ORDER BY 1",
                [program],
            )
        return tuple(str(r[0]) for r in rows)

    def ready(self) -> bool:
        with self._store_lock:
            return bool(self.store.engine.rows("SELECT 1"))

    def close(self) -> None:
        with self._store_lock:
            self.store.close()
