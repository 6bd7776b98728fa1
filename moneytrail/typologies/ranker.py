"""ranker-v1: a gradient-boosted ranker learned from a bank's own labels (past SARs).

The rules stay the explainable default; this ranks. It learns, with scikit-learn's
HistGradientBoostingClassifier, which combinations of the scale-free graph features
of ``features.py`` (fans, cycles, scatter-gather, pass-through balance, pair rhythm,
novelty, dormancy, at day to quarter scales) mark the transactions a bank reported,
and scores new data with them.

Training is cross-validated with groups: every connected component of the labelled
(positive) transactions is one group, so a laundering ring is never split between
training and validation and the figures are not flattered by memorised rings. The
decision threshold is the one that maximised F1 over the out-of-fold scores; the
figures (precision, recall, F1, PR-AUC, precision among the top 1 % and 5 % of
accounts) are stored in the model with its features, windows, parameters and the
digest of the data it learned from.

Scores: a probability per transaction; an account's score is the highest score of
any transaction it sent or received (one strongly suspicious payment is enough to
look at an account). Alerts: one per connected group of above-threshold
transactions (a ring is one alert), ranked by its highest score, each naming the
three features that raised it most (see ``_ranker_alerts.py``).
"""

from __future__ import annotations

import hashlib
import logging
import math
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import average_precision_score, precision_recall_curve
from sklearn.model_selection import StratifiedGroupKFold

from moneytrail import __version__
from moneytrail.engines.base import Engine
from moneytrail.errors import InvalidInput
from moneytrail.flows.graph import FlowGraph
from moneytrail.typologies._ranker_file import MODEL_NAME, read_model, write_model
from moneytrail.typologies.base import Alert
from moneytrail.typologies.features import (
    FEATURE_VERSION,
    default_windows,
    feature_names,
    transaction_features,
)
from moneytrail.typologies.labels import Labels

log = logging.getLogger(__name__)

PARAMETERS: dict[str, Any] = {
    "max_iter": 300,
    "learning_rate": 0.05,
    "max_leaf_nodes": 31,
    "min_samples_leaf": 40,
    "l2_regularization": 1.0,
    "early_stopping": False,
}


@dataclass(frozen=True)
class Figures:
    """Cross-validated quality at the stored threshold (out-of-fold scores)."""

    precision: float
    recall: float
    f1: float
    pr_auc: float
    precision_top1_accounts: float
    precision_top5_accounts: float
    threshold: float
    folds: int


@dataclass
class RankerModel:
    """A trained ranker: estimator plus everything needed to use and audit it."""

    NAME: ClassVar[str] = MODEL_NAME

    estimator: HistGradientBoostingClassifier
    windows: list[int]
    threshold: float
    medians: list[float]
    cv: Figures
    training: dict[str, Any] = field(default_factory=dict)
    parameters: dict[str, Any] = field(default_factory=dict)
    created: str = ""
    version: str = __version__

    @property
    def features(self) -> list[str]:
        return feature_names(self.windows)

    def matrix(self, graph: FlowGraph, engine: Engine) -> np.ndarray:
        """The feature matrix of ``graph`` with this model's windows (edges in time order)."""
        table = transaction_features(graph, engine, self.windows)
        return feature_matrix(table, self.features)

    def score_transactions(self, graph: FlowGraph, engine: Engine) -> np.ndarray:
        """Probability per time-ordered edge."""
        return self.predict(self.matrix(graph, engine))

    def predict(self, matrix: np.ndarray) -> np.ndarray:
        if len(matrix) == 0:
            return np.zeros(0)
        return np.asarray(self.estimator.predict_proba(matrix)[:, 1], dtype=np.float64)

    def score_accounts(self, graph: FlowGraph, engine: Engine) -> np.ndarray:
        """Per account code: the highest score of any transaction it sent or received."""
        return account_scores(graph, self.score_transactions(graph, engine))

    def alerts(self, graph: FlowGraph, engine: Engine, top: int | None = None) -> list[Alert]:
        """One alert per connected group of above-threshold transactions, best first."""
        from moneytrail.typologies._ranker_alerts import ranker_alerts

        matrix = self.matrix(graph, engine)
        return ranker_alerts(self, graph, matrix, self.predict(matrix), top)

    def manifest(self) -> dict[str, Any]:
        return {
            "name": MODEL_NAME,
            "feature_version": FEATURE_VERSION,
            "features": self.features,
            "windows": self.windows,
            "threshold": self.threshold,
            "medians": [None if math.isnan(m) else m for m in self.medians],
            "cv": asdict(self.cv),
            "training": self.training,
            "parameters": self.parameters,
            "created": self.created,
            "moneytrail_version": self.version,
        }

    def save(self, path: Path) -> None:
        """One zip file, written atomically (see ``_ranker_file.py``)."""
        write_model(path, self.manifest(), self.estimator)


def load_model(path: Path) -> RankerModel:
    """Load a model file; InvalidInput names the file and what is wrong with it."""
    manifest, estimator = read_model(path)
    try:
        cv = Figures(**manifest["cv"])
        return RankerModel(
            estimator=estimator,
            windows=[int(w) for w in manifest["windows"]],
            threshold=float(manifest["threshold"]),
            medians=[math.nan if m is None else float(m) for m in manifest["medians"]],
            cv=cv,
            training=dict(manifest.get("training", {})),
            parameters=dict(manifest.get("parameters", {})),
            created=str(manifest.get("created", "")),
            version=str(manifest.get("moneytrail_version", "")),
        )
    except (TypeError, ValueError, KeyError) as exc:
        raise InvalidInput(f"broken model manifest: {exc}", file=str(path)) from exc


def feature_matrix(table: Any, names: list[str]) -> np.ndarray:
    """Columns ``names`` of a features table as a float matrix (rows in time order)."""
    if not names:
        return np.zeros((table.num_rows, 0))
    return np.column_stack([np.asarray(table.column(n), dtype=np.float64) for n in names])


def account_scores(graph: FlowGraph, scores: np.ndarray) -> np.ndarray:
    best = np.zeros(graph.n_accounts)
    np.maximum.at(best, graph.src, scores)
    np.maximum.at(best, graph.dst, scores)
    return best


def training_digest(graph: FlowGraph) -> str:
    """sha256 of the coded training edges (src, dst, time, amount in time order)."""
    digest = hashlib.sha256()
    for part in (graph.src, graph.dst, graph.t, graph.amount):
        digest.update(np.ascontiguousarray(part).tobytes())
    return digest.hexdigest()


def train(
    graph: FlowGraph,
    engine: Engine,
    labels: Labels,
    *,
    folds: int = 5,
    seed: int = 0,
    windows: list[int] | None = None,
) -> RankerModel:
    """Learn a ranker from labels, with grouped cross-validation (module docstring)."""
    chosen = windows or default_windows(graph)
    y = labels.edges
    if int(y.sum()) < folds or int((~y).sum()) < folds:
        raise InvalidInput(
            f"need at least {folds} positive and {folds} negative transactions to train "
            f"with {folds} folds (have {int(y.sum())} positive of {len(y)})"
        )
    matrix = feature_matrix(transaction_features(graph, engine, chosen), feature_names(chosen))
    groups = ring_groups(graph, y)
    oof = _out_of_fold(matrix, y, groups, folds, seed)
    figures = evaluate(graph, y, labels.accounts, oof, folds=folds)
    estimator = _estimator(seed).fit(matrix, y)
    log.info("ranker trained: %s", figures)
    return RankerModel(
        estimator=estimator,
        windows=chosen,
        threshold=figures.threshold,
        medians=[float(m) for m in _medians(matrix)],
        cv=figures,
        training={
            "digest": training_digest(graph),
            "labels": labels.kind.value,
            **labels.counts(),
        },
        parameters={**PARAMETERS, "random_state": seed, "folds": folds},
        created=datetime.now(UTC).isoformat(timespec="seconds"),
    )


def _estimator(seed: int) -> HistGradientBoostingClassifier:
    return HistGradientBoostingClassifier(**PARAMETERS, random_state=seed)


def _medians(matrix: np.ndarray) -> np.ndarray:
    """Column medians ignoring NaN; an all-NaN column keeps NaN (the model's 'missing')."""
    out = np.full(matrix.shape[1], np.nan)
    for j in range(matrix.shape[1]):
        column = matrix[:, j]
        finite = column[~np.isnan(column)]
        if len(finite):
            out[j] = float(np.median(finite))
    return out


def ring_groups(graph: FlowGraph, positive: np.ndarray) -> np.ndarray:
    """Per edge: the connected component (of positive edges) its sender belongs to."""
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import connected_components

    n = graph.n_accounts
    src, dst = graph.src[positive], graph.dst[positive]
    adjacency = csr_matrix((np.ones(len(src), dtype=np.int8), (src, dst)), shape=(n, n))
    _, component = connected_components(adjacency, directed=False)
    return np.asarray(component[graph.src], dtype=np.int64)


def _out_of_fold(
    matrix: np.ndarray, y: np.ndarray, groups: np.ndarray, folds: int, seed: int
) -> np.ndarray:
    oof = np.zeros(len(y))
    splitter = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=seed)
    for fit_idx, val_idx in splitter.split(matrix, y, groups):
        if y[fit_idx].all() or not y[fit_idx].any():
            raise InvalidInput("a fold holds only one class: too few labelled rings to train")
        model = _estimator(seed).fit(matrix[fit_idx], y[fit_idx])
        oof[val_idx] = model.predict_proba(matrix[val_idx])[:, 1]
    return oof


def evaluate(
    graph: FlowGraph,
    y: np.ndarray,
    positive_accounts: np.ndarray,
    scores: np.ndarray,
    *,
    threshold: float | None = None,
    folds: int = 0,
) -> Figures:
    """Quality of ``scores`` against labels; the F1-optimal threshold when none is given."""
    if threshold is None:
        precision, recall, cuts = precision_recall_curve(y, scores)
        f1 = 2 * precision * recall / np.maximum(precision + recall, 1e-12)
        best = int(np.argmax(f1[:-1])) if len(cuts) else 0
        threshold = float(cuts[best]) if len(cuts) else 0.5
    flagged = scores >= threshold
    tp = int((flagged & y).sum())
    p = tp / max(int(flagged.sum()), 1)
    r = tp / max(int(y.sum()), 1)
    per_account = account_scores(graph, scores)
    return Figures(
        precision=round(p, 4),
        recall=round(r, 4),
        f1=round(2 * p * r / (p + r), 4) if p + r else 0.0,
        pr_auc=round(float(average_precision_score(y, scores)), 4) if y.any() else 0.0,
        precision_top1_accounts=_top_precision(per_account, positive_accounts, 0.01),
        precision_top5_accounts=_top_precision(per_account, positive_accounts, 0.05),
        threshold=float(threshold),
        folds=folds,
    )


def _top_precision(scores: np.ndarray, positive: np.ndarray, share: float) -> float:
    k = max(1, math.ceil(share * len(scores)))
    top = np.argsort(-scores, kind="stable")[:k]
    return round(float(positive[top].mean()), 4) if len(top) else 0.0
