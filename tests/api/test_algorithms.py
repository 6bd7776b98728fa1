"""GET /algorithms and /match's "matcher" are the feature list, in the scorer's order."""

from __future__ import annotations

from moneytrail.screening.feature_list import FEATURES
from tests.api.conftest import Api


def test_algorithms_lists_every_feature_with_its_docstring_and_weight(api: Api) -> None:
    resp = api.client.get("/algorithms", headers=api.admin)
    assert resp.status_code == 200, resp.text
    (algo,) = resp.json()["algorithms"]
    assert algo["name"] == "screen-v1" and "calibrate" in algo["description"]
    assert list(algo["features"]) == [f.key for f in FEATURES]
    birth = algo["features"]["birthDate"]
    assert birth["coefficient"] == 0.25 and birth["description"].startswith("Birth dates agree")
    assert algo["features"]["gender"]["coefficient"] == -0.2


def test_match_results_name_only_features_the_matcher_documents(api: Api) -> None:
    person = {"name": ["Kassim Tajideen"], "birthDate": ["1955-03-21"], "nationality": ["lb"]}
    body = {"queries": {"q": {"schema": "Person", "properties": person}}}
    data = api.client.post("/match/sanctions", json=body, headers=api.admin).json()
    matcher = data["matcher"]
    assert list(matcher) == [f.key for f in FEATURES]
    assert all(set(doc) == {"description"} for doc in matcher.values())
    (top, *_) = data["responses"]["q"]["results"]
    assert list(top["features"]) == ["name", "birthDate", "country"]
    assert set(top["features"]) <= set(matcher)
    explained = top["explanation"]["features"]
    assert all(top["features"][k] == v["contribution"] for k, v in explained.items())
