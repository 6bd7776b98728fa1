"""Transactions as integer-coded arrays sorted by time: the form every flow algorithm uses.

Accounts become dense integer codes so that reachability, balances and windows are
numpy array operations rather than dictionary look-ups per transaction; the original
account and transaction ids are kept alongside to write results back in the user's terms.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from moneytrail.flows.ingest import TimeKind, Transactions, format_time


@dataclass(frozen=True)
class FlowGraph:
    """Edges in time order (ties in file order): src, dst, t (s), amount, row in the input."""

    accounts: pa.Array
    src: np.ndarray
    dst: np.ndarray
    t: np.ndarray
    amount: np.ndarray
    row: np.ndarray
    ids: pa.Array
    time_kind: TimeKind

    @property
    def n_accounts(self) -> int:
        return len(self.accounts)

    @property
    def n_edges(self) -> int:
        return len(self.src)

    def format_time(self, t: int) -> int | str:
        return format_time(t, self.time_kind)

    def codes(self, names: list[str]) -> np.ndarray:
        """Account ids -> codes; unknown ids get -1 (they appear in no transaction)."""
        index = pc.index_in(pa.array(names, pa.string()), value_set=self.accounts)
        return np.asarray(pc.fill_null(index, -1), dtype=np.int64)

    def edge_ids(self, edges: np.ndarray) -> list[str]:
        """Time-ordered edge positions -> the user's transaction ids."""
        taken = self.ids.take(pa.array(self.row[edges]))
        return [str(x) for x in taken.to_pylist()]

    def arrow(self) -> pa.Table:
        """The coded edges as Arrow, for SQL engines (``row`` is the time-order position)."""
        return pa.table(
            {
                "row": pa.array(np.arange(self.n_edges, dtype=np.int64)),
                "src": pa.array(self.src),
                "dst": pa.array(self.dst),
                "t": pa.array(self.t),
                "amt": pa.array(self.amount),
            }
        )


def build_graph(txs: Transactions) -> FlowGraph:
    """Encode accounts and sort edges by time (stable, so file order breaks ties)."""
    table = txs.table
    n = table.num_rows
    both = pa.concat_arrays(
        [table.column("source").combine_chunks(), table.column("target").combine_chunks()]
    )
    encoded = both.dictionary_encode()
    codes = np.asarray(encoded.indices, dtype=np.int32)
    t = np.asarray(table.column("t"), dtype=np.int64)
    order = np.argsort(t, kind="stable")
    return FlowGraph(
        accounts=encoded.dictionary,
        src=codes[:n][order],
        dst=codes[n:][order],
        t=t[order],
        amount=np.asarray(table.column("amount"), dtype=np.float64)[order],
        row=order.astype(np.int64),
        ids=table.column("id").combine_chunks(),
        time_kind=txs.time_kind,
    )
