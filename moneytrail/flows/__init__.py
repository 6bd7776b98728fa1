"""Money flows: transactions ingested with validation, traced in time order with amounts."""

from moneytrail.flows.attribution import Method
from moneytrail.flows.graph import FlowGraph, build_graph
from moneytrail.flows.ingest import (
    TimeKind,
    Transactions,
    load_transactions,
    parse_map,
    read_rates,
    read_transactions,
)
from moneytrail.flows.trace import Direction, TraceResult, trace

__all__ = [
    "Direction",
    "FlowGraph",
    "Method",
    "TimeKind",
    "TraceResult",
    "Transactions",
    "build_graph",
    "load_transactions",
    "parse_map",
    "read_rates",
    "read_transactions",
    "trace",
]
