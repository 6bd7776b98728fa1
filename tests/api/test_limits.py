"""Bad input: 413, 422 naming the field, 404, 429; nothing written but the audit line."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from moneytrail.services.config import ApiConfig
from tests.api.conftest import Api, SliceStore, make_api

BODY = {"queries": {"c1": {"schema": "Person", "properties": {"name": ["Kassim Tajideen"]}}}}


@pytest.fixture
def limited(slice_store: SliceStore, tmp_path: Path) -> Iterator[Api]:
    config = ApiConfig(rate=0.5, burst=2, max_body_bytes=5_000)
    yield from make_api(slice_store, tmp_path / "store.duckdb", config)


def _rejected_once(api: Api, before: dict[str, int], status: int) -> dict[str, object]:
    """Only the audit log grew, by exactly one line recording the refusal."""
    after = api.counts()
    assert after == {**before, "audit_log": before["audit_log"] + 1}
    line = api.audit_lines()[-1]
    assert line["action"] == "request.reject"
    payload = line["payload"]
    assert isinstance(payload, dict) and payload["status"] == status
    return payload


def test_oversized_body_is_413(limited: Api) -> None:
    before = limited.counts()
    big = {"queries": {f"q{i}": BODY["queries"]["c1"] for i in range(200)}}
    resp = limited.client.post("/match/default", json=big, headers=limited.admin)
    assert resp.status_code == 413
    _rejected_once(limited, before, 413)


def test_oversized_chunked_body_is_413(limited: Api) -> None:
    before = limited.counts()

    def chunks() -> Iterator[bytes]:
        yield b'{"queries": {"a": {"schema": "Person", "properties": {"name": ["'
        for _ in range(100):
            yield b"x" * 100
        yield b'"]}}}}'

    headers = {**limited.admin, "content-type": "application/json"}
    resp = limited.client.post("/match/default", content=chunks(), headers=headers)
    assert resp.status_code == 413
    _rejected_once(limited, before, 413)


PERSON = b'{"queries": {"a": {"schema": "Person", "properties": '


@pytest.mark.parametrize(
    ("content", "field"),
    [
        (b'{"queries": {"a": ', "body"),
        (b'{"queries": {"a": {"properties": {"name": "x"}}}}', "queries.a.schema"),
        (PERSON + b'{"nmae": "x"}}}}', "queries.a.properties.nmae"),
        (PERSON + b'{"name": [{}]}}}}', "queries.a.properties.name"),
        (b'{"queries": {}}', "queries"),
    ],
)
def test_malformed_json_is_422_naming_the_field(api: Api, content: bytes, field: str) -> None:
    before = api.counts()
    headers = {**api.admin, "content-type": "application/json"}
    resp = api.client.post("/match/default", content=content, headers=headers)
    assert resp.status_code == 422, resp.text
    assert resp.json()["field"] == field
    assert _rejected_once(api, before, 422)["field"] == field


def test_malformed_json_without_a_key_is_401(api: Api) -> None:
    resp = api.client.post(
        "/match/default", content=b"{", headers={"content-type": "application/json"}
    )
    assert resp.status_code == 401


def test_unknown_dataset_is_404(api: Api) -> None:
    before = api.counts()
    resp = api.client.post("/match/us_ofac_nope", json=BODY, headers=api.admin)
    assert resp.status_code == 404
    assert "us_ofac_sdn" in resp.json()["detail"]
    _rejected_once(api, before, 404)


def test_too_many_requests_is_429(limited: Api) -> None:
    for _ in range(2):
        ok = limited.client.post("/match/default", json=BODY, headers=limited.analyst)
        assert ok.status_code == 200
    before = limited.counts()
    resp = limited.client.post("/match/default", json=BODY, headers=limited.analyst)
    assert resp.status_code == 429
    assert int(resp.headers["retry-after"]) >= 1
    _rejected_once(limited, before, 429)
    # The bucket is per key: the admin is not slowed down by the analyst.
    assert (
        limited.client.post("/match/default", json=BODY, headers=limited.admin).status_code == 200
    )
