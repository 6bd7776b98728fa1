"""/entities/{id}: provenance of every fact; merged ids redirect to the canonical one."""

from __future__ import annotations

from tests.api.conftest import Api


def test_entity_with_provenance(api: Api) -> None:
    resp = api.client.get("/entities/ofac-11494", headers=api.analyst)
    assert resp.status_code == 200, resp.text
    data = resp.json()
    assert data["caption"] == "TAJIDEEN, Kassim"
    names = [s for s in data["statements"] if s["prop"] == "name"]
    assert names and names[0]["dataset"] == "us_ofac_sdn"
    assert names[0]["list_version"] == "2021-07-07"
    assert names[0]["source_record"] and names[0]["first_seen"]
    assert data["sanctions"], "the SDN listing is a Sanction entity pointing here"


def test_unknown_entity_is_404(api: Api) -> None:
    resp = api.client.get("/entities/nobody", headers=api.analyst)
    assert resp.status_code == 404
    assert "nobody" in resp.json()["detail"]


def test_merged_id_redirects(api: Api) -> None:
    api.repo().add_merged_id("old-id-1", "ofac-11494")
    resp = api.client.get("/entities/old-id-1", headers=api.analyst, follow_redirects=False)
    assert resp.status_code == 308
    assert resp.headers["location"] == "/entities/ofac-11494"
    followed = api.client.get("/entities/old-id-1", headers=api.analyst)
    assert followed.status_code == 200 and followed.json()["id"] == "ofac-11494"
