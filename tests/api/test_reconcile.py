"""OpenRefine Reconciliation API v0.2."""

from __future__ import annotations

import json

from tests.api.conftest import Api


def test_manifest(api: Api) -> None:
    resp = api.client.get("/reconcile/default", headers=api.analyst)
    assert resp.status_code == 200
    data = resp.json()
    assert data["versions"] == ["0.2"]
    assert data["identifierSpace"].endswith("/entities/")
    assert {"id": "Person", "name": "Person"} in data["defaultTypes"]
    assert "{{id}}" in data["view"]["url"]


def test_form_query(api: Api) -> None:
    queries = {"q0": {"query": "Kassim Tajideen", "type": "Person", "limit": 2}}
    resp = api.client.post(
        "/reconcile/us_ofac_sdn", data={"queries": json.dumps(queries)}, headers=api.analyst
    )
    assert resp.status_code == 200, resp.text
    top = resp.json()["q0"]["result"][0]
    assert top["id"] == "ofac-11494" and top["match"] is True
    assert top["type"] == [{"id": "Person", "name": "Person"}]
    assert 70 <= top["score"] <= 100


def test_json_and_get_queries_with_properties(api: Api) -> None:
    queries = {
        "q0": {
            "query": "Kassim Tajideen",
            "type": "Person",
            "properties": [{"pid": "birthDate", "v": "1955-03-21"}],
        }
    }
    resp = api.client.post("/reconcile/default", json={"queries": queries}, headers=api.analyst)
    assert resp.json()["q0"]["result"][0]["id"] == "ofac-11494"
    resp = api.client.get(
        "/reconcile/default", params={"queries": json.dumps(queries)}, headers=api.analyst
    )
    assert resp.json()["q0"]["result"][0]["id"] == "ofac-11494"


def test_invalid_queries(api: Api) -> None:
    for queries, field in (
        ({"q0": {"query": 37473874}}, "queries.q0.query"),
        (
            {"q0": {"query": "x", "properties": [{"pid": "banana", "v": "1"}]}},
            "queries.q0.properties.banana",
        ),
    ):
        resp = api.client.post(
            "/reconcile/default", data={"queries": json.dumps(queries)}, headers=api.analyst
        )
        assert resp.status_code == 422, resp.text
        assert resp.json()["field"] == field
    resp = api.client.get("/reconcile/nope", headers=api.analyst)
    assert resp.status_code == 404
