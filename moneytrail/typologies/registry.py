"""The typologies, as one explicit ordered registry, and one function to run them.

``detect(graph, engine, names)`` registers the coded transactions with the engine,
runs each requested typology and yields alerts in the ``moneytrail detect`` contract.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from moneytrail.engines.base import Engine
from moneytrail.errors import InvalidInput
from moneytrail.flows.graph import FlowGraph
from moneytrail.typologies.base import Alert, Scan, Typology
from moneytrail.typologies.bipartite import Bipartite
from moneytrail.typologies.cycle import Cycle
from moneytrail.typologies.fan_in import FanIn
from moneytrail.typologies.fan_out import FanOut
from moneytrail.typologies.gather_scatter import GatherScatter
from moneytrail.typologies.pass_through import PassThrough
from moneytrail.typologies.rapid_movement import RapidMovement
from moneytrail.typologies.scatter_gather import ScatterGather
from moneytrail.typologies.stack import Stack
from moneytrail.typologies.structuring import Structuring

REGISTRY: dict[str, type[Any]] = {
    cls.NAME: cls
    for cls in (
        FanIn, FanOut, Cycle, ScatterGather, GatherScatter, Bipartite, Stack, PassThrough,
        RapidMovement, Structuring,
    )
}  # fmt: skip

# Every typology runs on any engine: the heavy set-based part (pair statistics,
# windows over all payments) is SQL that DuckDB and Spark read alike, the structural
# search runs in memory on the few unusual payments the engine returns.
PORTABLE: tuple[str, ...] = tuple(REGISTRY)


def resolve(names: list[str] | None, configs: Mapping[str, Any] | None = None) -> list[Typology]:
    """Typology instances by name, with or without version ("cycle" or "cycle-v2"),
    each with its config from ``configs`` (keyed by full name) or its defaults."""
    configs = configs or {}
    if not names:
        return [cls(configs.get(name)) for name, cls in REGISTRY.items()]
    by_base = {name.rsplit("-v", 1)[0]: name for name in REGISTRY}
    out: list[Typology] = []
    for name in names:
        full = name if name in REGISTRY else by_base.get(name)
        if full is None:
            raise InvalidInput(
                f"unknown typology {name!r}; known: {', '.join(sorted(by_base))}",
                field="--typology",
            )
        out.append(REGISTRY[full](configs.get(full)))
    return out


def run(graph: FlowGraph, engine: Engine, typologies: list[Typology]) -> Iterator[Alert]:
    """Alerts of each typology in turn (the engine holds ``tx`` only while this runs)."""
    scan = Scan(engine, graph)
    try:
        for typology in typologies:
            yield from typology.detect(scan)
    finally:
        scan.close()


def record(alert: Alert, graph: FlowGraph) -> dict[str, Any]:
    """An alert in the contract's terms: account and transaction ids, not codes."""
    import numpy as np

    names = graph.accounts.take(alert.accounts).to_pylist()
    return {
        "id": alert.id,
        "typology": alert.typology,
        "accounts": names,
        "transactions": graph.edge_ids(np.asarray(alert.rows, dtype=np.int64)),
        "score": alert.score,
        "explanation": alert.explanation,
    }
