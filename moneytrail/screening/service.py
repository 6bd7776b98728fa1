"""Build a screener from the store or from list files, the way every interface needs it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pyarrow as pa

from moneytrail.model.statement import STATEMENT_COLUMNS
from moneytrail.screening.index import ListIndex
from moneytrail.screening.screener import Screener
from moneytrail.screening.wallets import WALLET_SCHEMA, WalletIndex
from moneytrail.sources import parse_list
from moneytrail.sources.base import Progress, no_progress
from moneytrail.store import Store
from moneytrail.store.digest import entry_digests


def screener_from_store(store: Store) -> Screener:
    """Index the current version of every list in the store."""
    digests = dict(
        store.engine.rows(
            """SELECT d.entity_id, d.digest FROM entry_digests d
            JOIN list_versions v ON v.dataset = d.dataset AND v.version = d.version
            WHERE v.is_current"""
        )
    )
    return Screener(ListIndex.from_statements(_listed_statements(store), digests))


def _listed_statements(store: Store) -> pa.Table:
    """Statements of designated entries only.

    A store also holds registries, customers and side entities; screening a customer
    against a company registry would raise alerts about nothing. Every list parser marks
    its entries with a "sanction" topic, and only those are screened against.
    """
    return store.engine.query(
        """SELECT s.* FROM statements s
        WHERE s.entity_id IN (
            SELECT entity_id FROM statements
            WHERE prop = 'topics' AND value LIKE 'sanction%')"""
    )


def screener_from_sources(paths: Sequence[Path], progress: Progress = no_progress) -> Screener:
    """Index list files directly, without touching any store."""
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
            SELECT entity_id FROM statements
            WHERE prop = 'topics' AND value LIKE 'sanction%')"""
    )
    return WalletIndex.from_statements(table, [])


def wallets_from_sources(paths: Sequence[Path]) -> WalletIndex:
    """The listed wallets of list files, without touching any store."""
    rows = [
        st.as_row() for path in paths for st in parse_list(path).statements
        if st.schema == WALLET_SCHEMA
    ]  # fmt: skip
    schema = pa.schema([(c, pa.string()) for c in STATEMENT_COLUMNS])
    return WalletIndex.from_statements(pa.Table.from_pylist(rows, schema=schema), [])
