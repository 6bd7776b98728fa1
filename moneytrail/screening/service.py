"""Build a screener from the store or from list files, the way every interface needs it."""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Sequence
from pathlib import Path

import pyarrow as pa

from moneytrail.engines.duckdb import DuckDBEngine
from moneytrail.model.designation import designated_where
from moneytrail.model.statement import STATEMENT_COLUMNS
from moneytrail.screening import index_cache
from moneytrail.screening.index import ListIndex
from moneytrail.screening.screener import Screener
from moneytrail.screening.wallets import WALLET_SCHEMA, WalletIndex
from moneytrail.sources.base import Progress, no_progress
from moneytrail.store import Store
from moneytrail.store.digest import entry_digests
from moneytrail.store.snapshots import Snapshot


def screener_from_store(store: Store) -> Screener:
    """Index the current version of every list in the store.

    The index saved with the store's snapshot is used when it matches the lists and
    this code (screening/index_cache.py); otherwise it is built and saved for the next
    process.
    """
    snapshot = store.snapshot
    key = lists_key(store.engine)
    if snapshot is not None:
        cached = index_cache.load(snapshot.index_path, key)
        if cached is not None:
            return Screener(cached)
    index = build_index(store.engine)
    if snapshot is not None:
        with contextlib.suppress(OSError):  # a read-only folder: the next process builds it
            index_cache.save(index, snapshot.index_path, key)
    return Screener(index)


def write_index_cache(snapshot: Snapshot) -> None:
    """Build and save a new snapshot's index before it is named current (Store.prepare),
    so that the first screen on it, and a server moving to it, need not."""
    engine = DuckDBEngine(snapshot.path, read_only=True, private=True)
    try:
        index_cache.save(build_index(engine), snapshot.index_path, lists_key(engine))
    finally:
        engine.close()


def lists_key(engine: DuckDBEngine) -> str:
    """A digest of the current list versions and their files, naming an index's lists."""
    rows = engine.rows(
        """SELECT v.dataset, v.version, coalesce(f.path, ''), coalesce(f.sha256, '')
        FROM list_versions v LEFT JOIN list_files f
            ON f.dataset = v.dataset AND f.version = v.version
        WHERE v.is_current ORDER BY 1, 2, 3, 4"""
    )
    count = engine.rows(
        """SELECT count(*) FROM entry_digests d JOIN list_versions v
        ON v.dataset = d.dataset AND v.version = d.version WHERE v.is_current"""
    )
    return hashlib.sha256(repr((rows, count)).encode()).hexdigest()


def build_index(engine: DuckDBEngine) -> ListIndex:
    """Analyse every listed name (seconds; the cache saves it)."""
    digests = dict(
        engine.rows(
            """SELECT d.entity_id, d.digest FROM entry_digests d
            JOIN list_versions v ON v.dataset = d.dataset AND v.version = d.version
            WHERE v.is_current"""
        )
    )
    return ListIndex.from_statements(_listed_statements(engine), digests)


def _listed_statements(engine: DuckDBEngine) -> pa.Table:
    """Statements of designated entries only.

    A store also holds registries, customers and side entities; screening a customer
    against a company registry would raise alerts about nothing. Every list parser marks
    its entries with a "sanction" topic, and only those are screened against. Ordered,
    so that entries and names have the same places in every build, and an entry's
    names are tried primary name first (of two names scoring alike, it explains).
    """
    return engine.query(
        f"""SELECT s.* FROM statements s
        WHERE s.entity_id IN (
            SELECT entity_id FROM statements WHERE {designated_where()})
        ORDER BY s.dataset, s.entity_id, s.prop <> 'name', s.prop, s.value, s.id"""
    )


def screener_from_sources(paths: Sequence[Path], progress: Progress = no_progress) -> Screener:
    """Index list files directly, without touching any store."""
    from moneytrail.sources import parse_list  # every parser: only when files are given

    statements = []
    digests: dict[str, str] = {}
    for path in paths:
        parsed = parse_list(path, progress=progress)
        statements.extend(parsed.statements)
        digests.update({k: d.digest for k, d in entry_digests(parsed.statements).items()})
    table = pa.Table.from_pylist(
        [st.as_row() for st in statements],
        schema=pa.schema([(c, pa.string()) for c in STATEMENT_COLUMNS]),
    )
    return Screener(ListIndex.from_statements(table, digests))


def wallets_from_store(store: Store) -> WalletIndex:
    """The listed wallets alone (no name index), for tracing from listed addresses."""
    table = store.engine.query(
        f"""SELECT s.* FROM statements s WHERE s.schema = '{WALLET_SCHEMA}'
        AND s.entity_id IN (
            SELECT entity_id FROM statements WHERE {designated_where()})"""
    )
    return WalletIndex.from_statements(table, [])


def wallets_from_sources(paths: Sequence[Path]) -> WalletIndex:
    """The listed wallets of list files, without touching any store."""
    from moneytrail.sources import parse_list

    rows = [
        st.as_row() for path in paths for st in parse_list(path).statements
        if st.schema == WALLET_SCHEMA
    ]  # fmt: skip
    schema = pa.schema([(c, pa.string()) for c in STATEMENT_COLUMNS])
    return WalletIndex.from_statements(pa.Table.from_pylist(rows, schema=schema), [])
