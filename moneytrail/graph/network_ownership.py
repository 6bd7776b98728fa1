"""The investigation network's Ownership edges as the graph OFAC's 50% rule runs on.

``ownership.py`` takes an ``OwnershipGraph`` (integer nodes, an Arrow edge table),
while the front-company indicators start from a ``Network`` built from the store.
This translation is its own job: it decides how a stored percentage becomes an edge
share, and it keeps each edge's statements so an ``owned_50`` indicator can cite them.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from moneytrail.errors import InvalidInput
from moneytrail.graph.network import Edge, Network
from moneytrail.graph.ownership_input import EDGE_COLUMNS, OwnershipGraph
from moneytrail.graph.percent import UNKNOWN, Share, parse_percentages


def ownership_graph(net: Network) -> tuple[OwnershipGraph, dict[str, tuple[str, ...]]]:
    """The network's Ownership edges as ``ownership.py`` takes them, plus their statements."""
    graph = OwnershipGraph(
        ids=[n.id for n in net.nodes], designated=[n.designated for n in net.nodes]
    )
    columns: dict[str, list[Any]] = {name: [] for name in EDGE_COLUMNS.names}
    statements: dict[str, tuple[str, ...]] = {}
    for edge in net.edges:
        if edge.kind != "ownership" or edge.via is None:
            continue
        share = _share(edge)
        known = not share.unknown
        statements[edge.via] = edge.statements
        columns["edge_id"].append(edge.via)
        columns["kind"].append("Ownership")
        columns["owner"].append(net.index[edge.source])
        columns["asset"].append(net.index[edge.target])
        columns["low"].append(share.low if known else None)
        columns["high"].append(share.high if known else None)
        columns["strict"].append(share.strict)
        columns["control"].append(False)
        columns["stated"].append(share.text)
    graph.edges = pa.table(columns, schema=EDGE_COLUMNS)
    return graph, statements


def _share(edge: Edge) -> Share:
    """An unreadable percentage counts as unknown here: one bad record must not hide the rest."""
    try:
        return parse_percentages(list(edge.share))
    except InvalidInput:
        return UNKNOWN
