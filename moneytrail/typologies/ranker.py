"""ranker-v1: a gradient-boosted ranker learned from a bank's own labels (past SARs).

The rules stay the explainable default; this ranks. It learns, with scikit-learn's
HistGradientBoostingClassifier, which combinations of the scale-free graph features
of ``features.py`` (fans, velocity, repeats, pass-through balance, pair rhythm, cycles,
scatter-gather, at day to quarter scales) mark the transactions a bank reported, and
scores new data with them. It reads the features with a typology direction
(``features.SIGNS``) and is held to those directions (monotonic constraints): more
fan-in, more repeats, more money passed on can only raise a score. Unconstrained, a
model also learns its bank's accidents (there, launderers' receivers happened to be
quiet accounts) and transfers badly to the next bank.

Training is cross-validated with groups: every connected component of the labelled
(positive) transactions is one group, so a laundering ring is never split between
training and validation (when labelled accounts trade with each other so much that
one component holds most positives, the sender account is the group; the manifest
says which). The decision threshold is the one that maximised F1 over the
out-of-fold scores, kept with the share of transactions it flagged; on new data a
transaction is flagged when it is above the threshold and within that share
(``RankerModel.cut``). The figures (precision, recall, F1, PR-AUC, precision among
the top 1 % and 5 % of accounts) are stored in the model with its features, windows,
parameters and the digest of the data it learned from.

Scores: a probability per transaction; an account's score is the highest score of
any transaction it sent or received (one strongly suspicious payment is enough to
look at an account). Alerts: one per connected group of flagged transactions (a ring
is one alert), ranked by its highest score, each naming the three features that
raised it most (see ``_ranker_alerts.py``).
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
from moneytrail.typologies import ranker_features as rf
from moneytrail.typologies._ranker_file import MODEL_NAME, read_model, write_model
from moneytrail.typologies.base import Alert
from moneytrail.typologies.features import default_windows
from moneytrail.typologies.labels import Labels
from moneytrail.typologies.ranker_features import FeatureSet

log = logging.getLogger(__name__)

PARAMETERS: dict[str, Any] = {
    "max_iter": 150,
    "learning_rate": 0.1,
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
    flag_share: float
    folds: int


@dataclass
class RankerModel:
    """A trained ranker: estimator plus everything needed to use and audit it."""

    NAME: ClassVar[str] = MODEL_NAME

    estimator: HistGradientBoostingClassifier
    windows: list[int]
    feature_set: FeatureSet
    threshold: float
    flag_share: float
    medians: list[float]
    cv: Figures
    training: dict[str, Any] = field(default_factory=dict)
    parameters: dict[str, Any] = field(default_factory=dict)
    created: str = ""
    version: str = __version__

    @property
    def features(self) -> list[str]:
        return rf.names(self.feature_set, self.windows)

    def cut(self, scores: np.ndarray) -> float:
        """The score from which a transaction of this data is flagged.

        Probabilities are calibrated to the training data's share of laundering, which
        differs between banks; the share of transactions flagged at the CV optimum
        travels better. A transaction is flagged when it is above the learned
        threshold *and* among the top ``flag_share`` of this data's scores: the share
        is an alert budget, the threshold a floor for data with little laundering."""
        if len(scores) == 0:
            return self.threshold
        k = max(1, math.ceil(self.flag_share * len(scores)))
        kth = float(np.partition(scores, len(scores) - k)[len(scores) - k])
        return max(self.threshold, kth)

    def matrix(self, graph: FlowGraph, engine: Engine) -> np.ndarray:
        """The feature matrix of ``graph`` with this model's windows (edges in time order)."""
        return rf.matrix(self.feature_set, graph, engine, self.windows)

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
            "feature_set": self.feature_set.value,
            "feature_version": rf.VERSIONS[self.feature_set],
            "features": self.features,
            "windows": self.windows,
            "threshold": self.threshold,
            "flag_share": self.flag_share,
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
            feature_set=FeatureSet(manifest["feature_set"]),
            threshold=float(manifest["threshold"]),
            flag_share=float(manifest["flag_share"]),
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
    # Column-major: the trees read one feature at a time (predicts ~2x faster).
    out = np.empty((table.num_rows, len(names)), dtype=np.float64, order="F")
    for j, name in enumerate(names):
        out[:, j] = np.asarray(table.column(name), dtype=np.float64)
    return out


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
    feature_set: FeatureSet = FeatureSet.RULES,
) -> RankerModel:
    """Learn a ranker from labels, with grouped cross-validation (module docstring)."""
    chosen = windows or default_windows(graph)
    y = labels.edges
    if int(y.sum()) < folds or int((~y).sum()) < folds:
        raise InvalidInput(
            f"need at least {folds} positive and {folds} negative transactions to train "
            f"with {folds} folds (have {int(y.sum())} positive of {len(y)})"
        )
    names = rf.names(feature_set, chosen)
    matrix = rf.matrix(feature_set, graph, engine, chosen)
    groups, grouping = ring_groups(graph, y, folds)
    oof = _out_of_fold(matrix, y, groups, folds, seed, names, feature_set)
    figures = evaluate(graph, y, labels.accounts, oof, folds=folds)
    estimator = _estimator(seed, names, feature_set).fit(matrix, y)
    log.info("ranker trained: %s", figures)
    return RankerModel(
        estimator=estimator,
        windows=chosen,
        feature_set=feature_set,
        threshold=figures.threshold,
        flag_share=figures.flag_share,
        medians=[float(m) for m in _medians(matrix)],
        cv=figures,
        training={
            "digest": training_digest(graph),
            "labels": labels.kind.value,
            **labels.counts(),
        },
        parameters={**PARAMETERS, "random_state": seed, "folds": folds, "groups": grouping},
        created=datetime.now(UTC).isoformat(timespec="seconds"),
    )


def _estimator(
    seed: int, features: list[str], feature_set: FeatureSet
) -> HistGradientBoostingClassifier:
    signs = rf.signs(feature_set, features)
    return HistGradientBoostingClassifier(**PARAMETERS, monotonic_cst=signs, random_state=seed)


def _medians(matrix: np.ndarray) -> np.ndarray:
    """Column medians ignoring NaN; an all-NaN column keeps NaN (the model's 'missing')."""
    out = np.full(matrix.shape[1], np.nan)
    for j in range(matrix.shape[1]):
        column = matrix[:, j]
        finite = column[~np.isnan(column)]
        if len(finite):
            out[j] = float(np.median(finite))
    return out


def ring_groups(graph: FlowGraph, positive: np.ndarray, folds: int) -> tuple[np.ndarray, str]:
    """Per edge: the connected component (of positive edges) its sender belongs to.

    When one component holds too many positives to leave every fold some (labelled
    accounts that also trade with each other join their rings into one), the sender
    account is the group instead: rings may then be split, and the manifest says so."""
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import connected_components

    n = graph.n_accounts
    src, dst = graph.src[positive], graph.dst[positive]
    adjacency = csr_matrix((np.ones(len(src), dtype=np.int8), (src, dst)), shape=(n, n))
    _, component = connected_components(adjacency, directed=False)
    groups = np.asarray(component[graph.src], dtype=np.int64)
    largest = np.bincount(groups[positive]).max() if positive.any() else 0
    if folds > 1 and largest > len(src) / folds:
        return np.asarray(graph.src, dtype=np.int64), "sender accounts"
    return groups, "rings (components of positive transactions)"


def _out_of_fold(
    matrix: np.ndarray,
    y: np.ndarray,
    groups: np.ndarray,
    folds: int,
    seed: int,
    names: list[str],
    feature_set: FeatureSet,
) -> np.ndarray:
    oof = np.zeros(len(y))
    splitter = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=seed)
    for fit_idx, val_idx in splitter.split(matrix, y, groups):
        if y[fit_idx].all() or not y[fit_idx].any():
            raise InvalidInput("a fold holds only one class: too few labelled rings to train")
        model = _estimator(seed, names, feature_set).fit(matrix[fit_idx], y[fit_idx])
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
        flag_share=round(float(flagged.mean()), 6) if len(flagged) else 0.0,
        folds=folds,
    )


def _top_precision(scores: np.ndarray, positive: np.ndarray, share: float) -> float:
    k = max(1, math.ceil(share * len(scores)))
    top = np.argsort(-scores, kind="stable")[:k]
    return round(float(positive[top].mean()), 4) if len(top) else 0.0
