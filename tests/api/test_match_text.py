"""Bad text in /match (issue 19, item 8): refused with 422 or cleaned, never a 500, and
the request leaves its audit line either way.

The bodies are written as raw JSON so that "\\ud800" reaches the server as JSON spells it
(a lone surrogate once decoded), as a client that slices UTF-16 strings would send it.
"""

from __future__ import annotations

import pytest

from tests.api.conftest import Api

KASSIM = "ofac-11494"
NAME = '"name": ["Kassim Tajideen"]'


def post(api: Api, body: str, path: str = "/match/default") -> tuple[int, dict[str, object]]:
    headers = {**api.analyst, "content-type": "application/json"}
    resp = api.client.post(path, content=body.encode("utf-8"), headers=headers)
    return resp.status_code, resp.json()


def body_with(props: str = NAME, key: str = "a", example: str = '"schema": "Person"') -> str:
    """A /match body as raw JSON text, with the pieces given (escapes kept as written)."""
    return '{"queries": {"' + key + '": {' + example + ', "properties": {' + props + "}}}}"


BROKEN = {
    "name": body_with('"name": ["Kassim\\ud800 Tajideen"]'),
    "query key": body_with(key="\\ud800"),
    "id": body_with(example='"id": "\\udfff", "schema": "Person"'),
    "schema": body_with(example='"schema": "Pers\\ud800on"'),
    "property name": body_with('"\\ud800": ["x"]'),
    "birth date": body_with(NAME + ', "birthDate": ["1955\\ud800"]'),
    "passport": body_with(NAME + ', "passportNumber": ["\\udc00A1"]'),
    "config": '{"config": {"\\ud800": 1}, ' + body_with()[1:],
}


@pytest.mark.parametrize(("where", "body"), list(BROKEN.items()), ids=list(BROKEN))
def test_lone_surrogate_is_refused_and_audited(api: Api, where: str, body: str) -> None:
    before = len(api.audit_lines())
    status, data = post(api, body)
    assert status == 422, (where, data)
    assert "surrogate" in str(data["detail"])
    lines = api.audit_lines()
    assert len(lines) == before + 1
    assert lines[-1]["action"] == "request.reject"
    payload = lines[-1]["payload"]
    assert isinstance(payload, dict) and payload["status"] == 422


@pytest.mark.parametrize("char", ["\\u0000", "\\u0001", "\\u200b", "\\u2060", "\\u2063", "\\u00ad"])
def test_invisible_character_between_names_still_matches(api: Api, char: str) -> None:
    before = len(api.audit_lines())
    body = body_with('"name": ["Kassim' + char + 'Tajideen"], "nationality": ["lb\\u0000"]')
    status, data = post(api, body)
    assert status == 200, data
    responses = data["responses"]
    assert isinstance(responses, dict)
    top = responses["a"]["results"][0]
    assert top["id"] == KASSIM and top["match"] is True
    lines = api.audit_lines()
    assert len(lines) == before + 1 and lines[-1]["action"] == "screen"


@pytest.mark.parametrize(
    "q", ["Kassim%ED%A0%80Tajideen", "Kassim%00Tajideen", "Kassim%E2%80%8BTajideen"]
)
def test_search_with_bad_bytes_never_fails(api: Api, q: str) -> None:
    resp = api.client.get(f"/search/default?q={q}", headers=api.analyst)
    assert resp.status_code in (200, 422), resp.text
    if resp.status_code == 200 and "%ED" not in q:
        assert KASSIM in [r["id"] for r in resp.json()["results"]]
