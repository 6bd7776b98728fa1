"""/match as yente clients call it, /search, /algorithms, and the screening audit line."""

from __future__ import annotations

from tests.api.conftest import Api

# yente's own test request (tests/unit/test_match.py in opensanctions/yente), unchanged:
# no ids, a bare string where a list is usual, three keys with the same example.
YENTE_EXAMPLE = {
    "schema": "Person",
    "properties": {
        "name": ["Vladimir Putin"],
        "birthDate": ["1952"],
        "country": "Russia",
    },
}
TAJIDEEN = {
    "schema": "Person",
    "properties": {"name": ["Kassim Tajideen"], "birthDate": ["1955-03-21"]},
}
RESULT_KEYS = {
    "id", "caption", "schema", "properties", "datasets", "referents", "target",
    "first_seen", "last_seen", "score", "features", "match", "token",
}  # fmt: skip


def test_yente_request_works_unchanged(api: Api) -> None:
    body = {"queries": {"vv": YENTE_EXAMPLE, "xx": YENTE_EXAMPLE, "zz": YENTE_EXAMPLE}}
    resp = api.client.post("/match/default", json=body, headers=api.admin)
    assert resp.status_code == 200, resp.text
    data = resp.json()
    assert set(data["responses"]) == {"vv", "xx", "zz"}
    res = data["responses"]["vv"]
    assert res["status"] == 200
    assert res["query"]["schema"] == "Person"
    assert res["total"] == {"value": 0, "relation": "eq"}  # Putin is not in these slices
    assert data["limit"] == 5


def test_match_finds_listed_person_with_explanation(api: Api) -> None:
    body = {"queries": {"c1": TAJIDEEN}}
    resp = api.client.post(
        "/match/us_ofac_sdn?threshold=0.7&limit=3", json=body, headers=api.analyst
    )
    assert resp.status_code == 200, resp.text
    top = resp.json()["responses"]["c1"]["results"][0]
    assert set(top) >= RESULT_KEYS
    assert top["id"] == "ofac-11494"
    assert top["match"] is True and top["score"] >= 0.7
    assert top["features"]["name"] > 0.9 and "birthDate" in top["features"]
    assert top["properties"]["passportNumber"]
    assert top["explanation"]["list_versions"] == {"us_ofac_sdn": "2021-07-07"}


def test_dataset_scopes_results(api: Api) -> None:
    body = {"queries": {"c1": TAJIDEEN}}
    resp = api.client.post("/match/un_sc_sanctions", json=body, headers=api.admin)
    assert resp.json()["responses"]["c1"]["results"] == []
    resp = api.client.post(
        "/match/default?include_dataset=un_sc_sanctions", json=body, headers=api.admin
    )
    assert resp.json()["responses"]["c1"]["results"] == []


def test_algorithm_names(api: Api) -> None:
    body = {"queries": {"c1": TAJIDEEN}}
    for name in ("best", "default", "screen-v1"):
        url = f"/match/sanctions?algorithm={name}"
        assert api.client.post(url, json=body, headers=api.admin).status_code == 200
    resp = api.client.post("/match/sanctions?algorithm=logic-v9", json=body, headers=api.admin)
    assert resp.status_code == 422
    assert resp.json()["field"] == "algorithm"
    algos = api.client.get("/algorithms", headers=api.admin).json()
    assert algos["default"] == "screen-v1"
    assert "birthDate" in algos["algorithms"][0]["features"]


def test_screening_is_audited(api: Api) -> None:
    body = {"queries": {"c1": TAJIDEEN}}
    api.client.post("/match/us_ofac_sdn?threshold=0.8", json=body, headers=api.analyst)
    line = api.audit_lines()[-1]
    assert line["actor"] == "ann" and line["action"] == "screen"
    payload = line["payload"]
    assert isinstance(payload, dict)
    assert payload["input"] == {"c1": {**TAJIDEEN, "properties": TAJIDEEN["properties"]}}
    assert payload["list_versions"] == {"us_ofac_sdn": "2021-07-07"}
    assert payload["config"]["algorithm"] == "screen-v1"
    assert payload["config"]["threshold"] == 0.8
    hit = payload["results"]["c1"][0]
    assert hit["id"] == "ofac-11494" and hit["match"] is True and hit["entry_digest"]


def test_search(api: Api) -> None:
    resp = api.client.get("/search/default?q=tajideen", headers=api.admin)
    assert resp.status_code == 200
    ids = [r["id"] for r in resp.json()["results"]]
    assert "ofac-11494" in ids
    assert api.audit_lines()[-1]["subject"] == "match/default"
