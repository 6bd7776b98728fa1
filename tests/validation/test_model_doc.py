"""The model documentation is read from the screening code, not written beside it."""

from __future__ import annotations

from moneytrail.screening import ALGORITHM, features
from moneytrail.validation.model_doc import model_doc


def test_every_feature_and_weight_comes_from_the_code() -> None:
    doc = model_doc()
    assert doc.algorithm == ALGORITHM
    documented = {(f.module, f.name): f.doc for f in doc.features}
    assert (
        documented[("moneytrail.screening.features", "birth_date")]
        == (features.birth_date.__doc__ or "").strip()
    )
    weights = {(w.module, w.name): w for w in doc.weights}
    exact = weights[("moneytrail.screening.features", "DOB_EXACT")]
    assert exact.value == str(features.DOB_EXACT)
    threshold = weights[("moneytrail.screening.defaults", "DEFAULT_THRESHOLD")]
    assert threshold.value == "0.7"
    ceiling = weights[("moneytrail.screening.scorer", "COMMON_NAME_CEILING")]
    assert "common words" in ceiling.comment  # the comment block above the constant
    assert "screen-v1" in doc.changelog
