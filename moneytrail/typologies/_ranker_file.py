"""The ranker's model file: one zip with a JSON manifest and a skops-persisted estimator.

A model file travels between banks and teams, so loading it must never run code:
the estimator is stored with skops.io, whose loader builds only the types it is told
to trust (no pickle), and the manifest says what the model expects (feature version,
feature list, windows) so a model is refused, with the reason, rather than silently
fed features of another meaning. The manifest also records the estimator's sha256:
an estimator swapped or edited after training is refused too.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import skops.io as sio
from sklearn.ensemble import HistGradientBoostingClassifier

from moneytrail.errors import InvalidInput
from moneytrail.typologies import ranker_features as rf

MODEL_NAME = "ranker-v1"
MANIFEST = "manifest.json"
ESTIMATOR = "estimator.skops"
# Beyond the numpy/sklearn basics skops trusts by itself, a fitted
# HistGradientBoostingClassifier holds only its tree predictors.
TRUSTED = ["sklearn.ensemble._hist_gradient_boosting.predictor.TreePredictor"]


def write_model(path: Path, manifest: dict[str, Any], estimator: Any) -> None:
    """Write beside ``path`` and rename: a crash leaves any previous model intact."""
    blob = sio.dumps(estimator)
    full = {**manifest, "estimator_sha256": hashlib.sha256(blob).hexdigest()}
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    os.close(fd)
    try:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            zf.writestr(MANIFEST, json.dumps(full, indent=2, sort_keys=True))
            zf.writestr(ESTIMATOR, blob)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_model(path: Path) -> tuple[dict[str, Any], HistGradientBoostingClassifier]:
    """The manifest and estimator of a model file, or InvalidInput saying what is wrong."""
    where = str(path)
    if not path.is_file():
        raise InvalidInput("no such model file", file=where)
    if not zipfile.is_zipfile(path):
        raise InvalidInput("not a moneytrail model (not a zip file)", file=where)
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        missing = sorted({MANIFEST, ESTIMATOR} - names)
        if missing:
            raise InvalidInput(f"not a moneytrail model (no {', '.join(missing)})", file=where)
        try:
            manifest = json.loads(zf.read(MANIFEST))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InvalidInput(f"broken model manifest: {exc}", file=where) from exc
        blob = zf.read(ESTIMATOR)
    check_manifest(manifest, where)
    if hashlib.sha256(blob).hexdigest() != manifest.get("estimator_sha256"):
        raise InvalidInput("the estimator does not match the manifest's sha256", file=where)
    return manifest, _estimator(blob, len(manifest["features"]), where)


def check_manifest(manifest: Any, where: str) -> None:
    """Refuse a manifest of another model, feature version or feature list."""
    if not isinstance(manifest, dict) or manifest.get("name") != MODEL_NAME:
        name = manifest.get("name") if isinstance(manifest, dict) else None
        raise InvalidInput(f"not a {MODEL_NAME} model (manifest name {name!r})", file=where)
    try:
        feature_set = rf.FeatureSet(str(manifest.get("feature_set")))
    except ValueError:
        raise InvalidInput(
            f"unknown feature set {manifest.get('feature_set')!r}", file=where
        ) from None
    version, current = manifest.get("feature_version"), rf.VERSIONS[feature_set]
    if version != current:
        raise InvalidInput(
            f"model features are {version!r}, this moneytrail computes {current!r}: "
            "retrain the model with this version",
            file=where,
        )
    windows = manifest.get("windows")
    if not isinstance(windows, list) or not all(isinstance(w, int) and w > 0 for w in windows):
        raise InvalidInput(f"model windows must be positive seconds, not {windows!r}", file=where)
    expected = rf.names(feature_set, windows)
    if manifest.get("features") != expected:
        raise InvalidInput(
            f"model feature list differs from {current}'s for windows {windows}",
            file=where,
        )
    for key in ("threshold", "flag_share", "medians"):
        if key not in manifest:
            raise InvalidInput(f"model manifest has no {key!r}", file=where)
    if len(manifest["medians"]) != len(expected):
        raise InvalidInput("model medians do not match its features", file=where)


def _estimator(blob: bytes, n_features: int, where: str) -> HistGradientBoostingClassifier:
    try:
        untrusted = set(sio.get_untrusted_types(data=blob)) - set(TRUSTED)
    except Exception as exc:  # skops raises what the broken archive makes it raise
        raise InvalidInput(f"unreadable estimator: {exc}", file=where) from exc
    if untrusted:
        raise InvalidInput(
            f"the estimator holds untrusted types: {', '.join(sorted(untrusted))}", file=where
        )
    try:
        estimator = sio.loads(blob, trusted=TRUSTED)
    except Exception as exc:
        raise InvalidInput(f"unreadable estimator: {exc}", file=where) from exc
    if not isinstance(estimator, HistGradientBoostingClassifier):
        raise InvalidInput(
            f"the estimator is a {type(estimator).__name__}, not a HistGradientBoostingClassifier",
            file=where,
        )
    if getattr(estimator, "n_features_in_", None) != n_features:
        raise InvalidInput("the estimator's feature count differs from the manifest", file=where)
    return estimator
