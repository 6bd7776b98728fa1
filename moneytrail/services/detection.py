"""Laundering typologies in a transaction file, and the ranker learned from past labels.

Alerts stream to the caller's sink as each typology finishes, so a large file's first
alerts are written while the rest are searched; the ranker's alerts follow the rules'.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from moneytrail.engines.factory import EngineName
from moneytrail.errors import ConfigError
from moneytrail.services.transactions import Notify, TransactionSource, engine_for
from moneytrail.settings import Settings
from moneytrail.typologies.kinds import FeatureSet, LabelKind

if TYPE_CHECKING:
    from moneytrail.typologies.labels import Labels
    from moneytrail.typologies.ranker import RankerModel

AlertSink = Callable[[dict[str, Any]], object]


@dataclass(frozen=True)
class DetectRequest:
    """Which typologies (names; empty: the config's or all), with what settings and ranker."""

    transactions: TransactionSource
    typologies: Sequence[str] = ()
    config: Path | None = None
    model: Path | None = None
    engine: EngineName = EngineName.DUCKDB


@dataclass(frozen=True)
class DetectRun:
    alerts: int
    typologies: int


def detect_typologies(
    request: DetectRequest, settings: Settings, *, sink: AlertSink, notify: Notify
) -> DetectRun:
    """Every alert of the chosen typologies (then the ranker's, if a model is given)."""
    from moneytrail import typologies as typology_lib
    from moneytrail.typologies.config import DETECT, load_config

    ranker = _load_ranker(request.model) if request.model is not None else None
    configs = load_config(request.config) if request.config else {}
    names: list[str] | None = list(request.typologies) or configs.get(DETECT)
    if request.engine is EngineName.SPARK:
        names = names or list(typology_lib.PORTABLE)
        missing = sorted({t.NAME for t in typology_lib.resolve(names)} - set(typology_lib.PORTABLE))
        if missing:
            raise ConfigError(f"not yet on Spark: {', '.join(missing)}; use --engine duckdb")
    chosen = typology_lib.resolve(names, configs)
    graph = request.transactions.graph(settings, notify)
    count = 0
    with engine_for(request.engine) as backend:
        for alert in typology_lib.run(graph, backend, chosen):
            sink(typology_lib.record(alert, graph))
            count += 1
        for alert in ranker.alerts(graph, backend) if ranker else []:
            sink(typology_lib.record(alert, graph))
            count += 1
    return DetectRun(alerts=count, typologies=len(chosen))


def _load_ranker(path: Path) -> RankerModel:
    from moneytrail.typologies.ranker import load_model  # scikit-learn: load only when used

    return load_model(path)


@dataclass(frozen=True)
class TrainRequest:
    """Learn a ranker from ``labels`` (account or transaction ids) and write it to ``model``."""

    transactions: TransactionSource
    labels: Path
    model: Path
    labels_map: str | None = None
    labels_kind: LabelKind | None = None
    features: FeatureSet = FeatureSet.RULES
    engine: EngineName = EngineName.DUCKDB


@dataclass(frozen=True)
class TrainRun:
    model: RankerModel
    labels: Labels
    transactions: int


def train_ranker(request: TrainRequest, settings: Settings, *, notify: Notify) -> TrainRun:
    """Train, cross-validate and save the ranker; the figures travel in the result."""
    from moneytrail.typologies.labels import parse_labels_map, read_labels
    from moneytrail.typologies.ranker import train  # scikit-learn: load late

    graph = request.transactions.graph(settings, notify)
    resolved = read_labels(
        request.labels, parse_labels_map(request.labels_map), graph, request.labels_kind
    )
    with engine_for(request.engine) as backend:
        trained = train(graph, backend, resolved, feature_set=request.features)
    trained.save(request.model)
    return TrainRun(model=trained, labels=resolved, transactions=graph.n_edges)
