"""Labels a bank already has (past SARs, confirmed cases) for the learned ranker.

A labels file is a table (CSV, Parquet or JSONL, gzip allowed, read by the same reader
as transactions) with an ``id`` and a ``label`` column, renamed by a column map
(``id=acct_id,label=prior_sar_count``). Labels are true/false, 1/0 or yes/no in any
case; anything else stops with the file, line and field. Ids are accounts or
transactions: unless ``kind`` says which, the one that more of the file's ids name is
taken (on a near tie, the one whose population the file covers more of: an account
list covers most accounts, while a transaction file's line numbers may also look like
account ids). Accounts and transactions absent from the file count as negative, as
they do in a bank: unlabelled means not reported.

Per-account labels make a transaction positive when both its ends are positive
accounts (money moving inside a reported ring); per-transaction labels make an account
positive when it sent or received a positive transaction.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from moneytrail.errors import InvalidInput
from moneytrail.flows.graph import FlowGraph
from moneytrail.sources.column_map import parse_map
from moneytrail.sources.table_reader import read_raw
from moneytrail.typologies.kinds import LabelKind as LabelKind

log = logging.getLogger(__name__)

LABEL_KEYS = ("id", "label")
TRUE = ("true", "1", "yes", "y", "t", "1.0")
FALSE = ("false", "0", "no", "n", "f", "0.0")


@dataclass(frozen=True)
class Labels:
    """Labels resolved against one graph: per time-ordered edge and per account code."""

    kind: LabelKind
    edges: np.ndarray
    accounts: np.ndarray
    matched: int
    unmatched: int

    def counts(self) -> dict[str, int]:
        return {
            "positive_transactions": int(self.edges.sum()),
            "transactions": len(self.edges),
            "positive_accounts": int(self.accounts.sum()),
            "accounts": len(self.accounts),
            "matched_ids": self.matched,
            "unmatched_ids": self.unmatched,
        }


def parse_labels_map(spec: str | None) -> dict[str, str]:
    """``id=acct_id,label=is_sar`` -> {"id": "acct_id", "label": "is_sar"}."""
    return parse_map(spec, keys=LABEL_KEYS, option="--labels-map")


def read_labels(
    path: Path,
    mapping: dict[str, str] | None,
    graph: FlowGraph,
    kind: LabelKind | None = None,
) -> Labels:
    """Read a labels file and resolve it against ``graph`` (see the module docstring)."""
    columns = {k: (mapping or {}).get(k, k) for k in LABEL_KEYS}
    raw, lines = read_raw(path, columns, set(), what="labels")
    ids = pc.utf8_trim_whitespace(raw["id"])
    values = _booleans(raw["label"], lines, path, columns["label"])
    account_index = pc.index_in(ids, value_set=graph.accounts)
    edge_index = pc.index_in(ids, value_set=graph.ids)
    chosen = kind or _choose(account_index, edge_index, graph)
    index = account_index if chosen is LabelKind.ACCOUNT else edge_index
    found = np.asarray(pc.is_valid(index), dtype=bool)
    if not found.any():
        raise InvalidInput(
            f"no label id names an {chosen.value} of the transactions "
            f"(first ids: {', '.join(map(str, ids[:3].to_pylist()))})",
            file=str(path),
            field=columns["id"],
        )
    where = np.asarray(pc.fill_null(index, 0), dtype=np.int64)[found]
    positive = values[found]
    if chosen is LabelKind.ACCOUNT:
        accounts = np.zeros(graph.n_accounts, dtype=bool)
        np.logical_or.at(accounts, where, positive)
        edges = accounts[graph.src] & accounts[graph.dst]
    else:
        by_input_row = np.zeros(graph.n_edges, dtype=bool)
        np.logical_or.at(by_input_row, where, positive)
        edges = by_input_row[graph.row]
        accounts = np.zeros(graph.n_accounts, dtype=bool)
        accounts[graph.src[edges]] = True
        accounts[graph.dst[edges]] = True
    unmatched = int((~found).sum())
    if unmatched:
        log.info("%s: %d label ids name no %s; ignored", path, unmatched, chosen.value)
    return Labels(chosen, edges, accounts, int(found.sum()), unmatched)


def _booleans(text: pa.Array, lines: np.ndarray, path: Path, field: str) -> np.ndarray:
    lowered = pc.utf8_lower(pc.utf8_trim_whitespace(pc.fill_null(text, "")))
    yes = np.asarray(pc.is_in(lowered, value_set=pa.array(TRUE)), dtype=bool)
    no = np.asarray(pc.is_in(lowered, value_set=pa.array(FALSE)), dtype=bool)
    bad = np.flatnonzero(~(yes | no))
    if len(bad):
        i = int(bad[0])
        raise InvalidInput(
            f"label must be true/false, 1/0 or yes/no, not {text[i].as_py()!r} "
            f"({len(bad):,} such rows)",
            file=str(path),
            line=int(lines[i]),
            field=field,
        )
    return yes


def _choose(accounts: pa.Array, edges: pa.Array, graph: FlowGraph) -> LabelKind:
    """Which population the ids name: see the module docstring."""
    total = max(len(accounts), 1)
    hit_accounts = len(accounts) - accounts.null_count
    hit_edges = len(edges) - edges.null_count
    share_a, share_e = hit_accounts / total, hit_edges / total
    if abs(share_a - share_e) > 0.05:
        return LabelKind.ACCOUNT if share_a > share_e else LabelKind.TRANSACTION
    cover_a = hit_accounts / max(graph.n_accounts, 1)
    cover_e = hit_edges / max(graph.n_edges, 1)
    return LabelKind.ACCOUNT if cover_a >= cover_e else LabelKind.TRANSACTION
