"""Hand-built transaction graphs for the flow and typology tests."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyarrow as pa

from moneytrail.flows import FlowGraph, TimeKind, Transactions, build_graph

DAY = 86_400

Row = tuple[str, str, str, float, float]  # id, source, target, amount, day


def graph(rows: Sequence[Row]) -> FlowGraph:
    """Rows (id, source, target, amount, day) -> a graph with integer-day times."""
    ids, src, dst, amount, day = zip(*rows, strict=True)
    table = pa.table(
        {
            "id": pa.array(ids, pa.string()),
            "source": pa.array(src, pa.string()),
            "target": pa.array(dst, pa.string()),
            "amount": pa.array(amount, pa.float64()),
            "t": pa.array((np.asarray(day, dtype=np.float64) * DAY).astype(np.int64)),
            "line": pa.array(np.arange(2, len(rows) + 2, dtype=np.int64)),
        }
    )
    return build_graph(Transactions(table, TimeKind.DAY))
