"""The review queue over HTTP, with alerts raised by the service monitoring will call."""

from __future__ import annotations

from moneytrail.alerts import raise_alerts
from moneytrail.alerts.models import AlertStatus
from moneytrail.screening import Query, ScreenConfig
from tests.api.conftest import Api

CUSTOMER = {"id": "cust-7", "schema": "Person", "properties": {"name": ["Kassim Tajideen"]}}


def _raise(api: Api, digest_suffix: str = "") -> list[str]:
    services = api.client.app.state.services  # type: ignore[attr-defined]
    snapshot = services.lists.snapshot()
    query = Query.from_record(CUSTOMER)
    matches = snapshot.screener.screen(query, ScreenConfig())
    if digest_suffix:  # the list entry changed: its digest differs
        import dataclasses

        matches = [
            dataclasses.replace(
                m, entry=dataclasses.replace(m.entry, digest=m.entry.digest + digest_suffix)
            )
            for m in matches
        ]
    created = raise_alerts(api.repo(), query, matches, snapshot.versions)
    return [a.id for a in created]


def test_list_read_decide_reopen(api: Api) -> None:
    (alert_id,) = _raise(api)
    listed = api.client.get("/alerts?status=open&dataset=us_ofac_sdn", headers=api.analyst).json()
    assert [a["id"] for a in listed["alerts"]] == [alert_id]
    assert (
        api.client.get("/alerts?status=false_positive", headers=api.analyst).json()["alerts"] == []
    )
    detail = api.client.get(f"/alerts/{alert_id}", headers=api.analyst).json()
    assert detail["alert"]["entity_id"] == "ofac-11494"
    assert detail["alert"]["explanation"]["name"]["list"] == "TAJIDEEN, Kassim"

    decided = api.client.post(
        f"/alerts/{alert_id}/decision",
        json={"decision": "false_positive", "reason": "customer born 1990 in Oslo"},
        headers=api.analyst,
    )
    assert decided.status_code == 200, decided.text
    # Four-eyes review (on by default): a proposal until a second person approves it.
    assert decided.json()["alert"]["status"] == "pending_review"
    assert decided.json()["decisions"][0]["actor"] == "ann"
    line = api.audit_lines()[-1]
    assert (line["action"], line["subject"], line["actor"]) == ("alert.propose", alert_id, "ann")
    approved = api.client.post(
        f"/alerts/{alert_id}/approve", json={"version": 2}, headers=api.admin
    )
    assert approved.json()["alert"]["status"] == "false_positive", approved.text
    line = api.audit_lines()[-1]
    assert (line["action"], line["actor"]) == ("alert.approve", "ada")

    # Reopening a final decision alone would reverse it: four-eyes review refuses.
    refused = api.client.post(
        f"/alerts/{alert_id}/reopen", json={"reason": "new information"}, headers=api.analyst
    )
    assert refused.status_code == 403 and "reversal is proposed" in refused.text
    alert_lines = [line for line in api.audit_lines() if line["subject"] == alert_id]
    assert alert_lines[-1]["action"] == "alert.approve"  # nothing written
    api.client.app.state.services.four_eyes = False  # type: ignore[attr-defined]
    reopened = api.client.post(
        f"/alerts/{alert_id}/reopen", json={"reason": "new information"}, headers=api.analyst
    )
    assert reopened.json()["alert"]["status"] == "open"
    assert len(reopened.json()["decisions"]) == 1
    assert api.audit_lines()[-1]["action"] == "alert.reopen"


def test_decision_needs_a_reason_and_writes_nothing_without(api: Api) -> None:
    (alert_id,) = _raise(api)
    before = api.counts()
    for body, field in (
        ({"decision": "false_positive", "reason": "   "}, "reason"),
        ({"decision": "false_positive"}, "reason"),
        ({"decision": "maybe", "reason": "x"}, "decision"),
    ):
        resp = api.client.post(f"/alerts/{alert_id}/decision", json=body, headers=api.analyst)
        assert resp.status_code == 422 and resp.json()["field"] == field, resp.text
    after = api.counts()
    assert after == {**before, "audit_log": before["audit_log"] + 3}
    assert api.repo().alert(alert_id).status is AlertStatus.OPEN  # type: ignore[union-attr]
    missing = api.client.post(
        "/alerts/al-nope/decision",
        json={"decision": "escalate", "reason": "x"},
        headers=api.analyst,
    )
    assert missing.status_code == 404


def test_false_positive_stays_quiet_until_the_entry_changes(api: Api) -> None:
    (alert_id,) = _raise(api)
    api.client.post(
        f"/alerts/{alert_id}/decision",
        json={"decision": "false_positive", "reason": "different person"},
        headers=api.analyst,
    )
    api.client.post(f"/alerts/{alert_id}/approve", json={"version": 2}, headers=api.admin)
    assert _raise(api) == []  # same query, entity and digest: quiet
    assert ("cust-7", "ofac-11494") in {k[:2] for k in api.repo().suppression_keys()}
    changed = _raise(api, digest_suffix="-v2")
    assert len(changed) == 1 and changed[0] != alert_id
