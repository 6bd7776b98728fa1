"""What the explainable rules say about each payment, as features for the ranker.

The rules measure relationships against the data they are given (a burst is fast for
*this* data, a one-off is rare in *this* data), so their verdicts mean the same in any
bank's data: exactly what a model trained on one data set and scored on another needs.
Per payment: whether its relationship is a burst or a novel pair, and for each
typology whether an alert of that typology rests on the payment, and its best score.
"""

from __future__ import annotations

import numpy as np

from moneytrail.engines.base import Engine
from moneytrail.flows.graph import FlowGraph
from moneytrail.typologies.base import Scan, Typology
from moneytrail.typologies.unusual import BURST, NOVEL, EdgeConfig

RULE_FEATURES_VERSION = "rules-v2"


def rule_feature_names(typologies: list[Typology]) -> list[str]:
    """Column names, in order: the two relationship flags, then one per typology."""
    return ["rel_burst", "rel_novel", *(f"rule_{t.NAME.rsplit('-v', 1)[0]}" for t in typologies)]


def rule_features(
    graph: FlowGraph, engine: Engine, typologies: list[Typology]
) -> dict[str, np.ndarray]:
    """Per time-ordered edge: relationship flags and each typology's best alert score."""
    scan = Scan(engine, graph)
    try:
        unusual = scan.unusual(EdgeConfig())
        out: dict[str, np.ndarray] = {}
        for name, kind in (("rel_burst", BURST), ("rel_novel", NOVEL)):
            flag = np.zeros(graph.n_edges)
            flag[unusual.row[unusual.kind == kind]] = 1.0
            out[name] = flag
        for typology, name in zip(typologies, rule_feature_names(typologies)[2:], strict=True):
            best = np.zeros(graph.n_edges)
            for alert in typology.detect(scan):
                rows = np.asarray(alert.rows, dtype=np.int64)
                best[rows] = np.maximum(best[rows], alert.score)
            out[name] = best
        return out
    finally:
        scan.close()
