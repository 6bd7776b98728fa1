"""Cases and four-eyes review over HTTP, on both case stores.

The app serves the OFAC/UN slice store (tests/api/conftest.py); alerts are raised by
screening real names against it; an analyst (ana, bo), a reviewer (rita) and an admin
(adm) work them through the API as the workbench would.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from moneytrail.alerts import AuditLog, Role, add_user, raise_alerts, verify
from moneytrail.alerts.review import REASON_CODES
from moneytrail.screening import Query, ScreenConfig
from moneytrail.server import ApiConfig, create_app
from moneytrail.settings import Settings
from moneytrail.store.snapshots import copy_store
from tests.alerts.backends import BACKENDS, backend_for
from tests.api.conftest import SliceStore

NAMES = {"c-kassim": "Kassim Tajideen", "c-hasan": "Hassan Nasrallah"}


@dataclass
class Desk:
    client: TestClient
    keys: dict[str, dict[str, str]]  # user name -> headers
    alerts: list[str]

    def post(self, path: str, who: str, body: dict[str, Any]) -> Any:
        return self.client.post(path, json=body, headers=self.keys[who])

    def version(self, alert_id: str) -> int:
        got = self.client.get(f"/alerts/{alert_id}", headers=self.keys["ana"]).json()
        return int(got["alert"]["version"])


@pytest.fixture(params=BACKENDS)
def desk(request: pytest.FixtureRequest, slice_store: SliceStore, tmp_path: Path) -> Iterator[Desk]:
    path = tmp_path / "store.duckdb"
    copy_store(slice_store.path, path)
    with backend_for(request.param, path) as backend:
        repo = backend.open()
        try:
            audit = AuditLog(repo)
            roles = {
                "ana": Role.ANALYST,
                "bo": Role.ANALYST,
                "rita": Role.REVIEWER,
                "adm": Role.ADMIN,
            }
            keys = {
                n: {"X-API-Key": add_user(repo, audit, n, r, "test")[1]} for n, r in roles.items()
            }
        finally:
            repo.close()
        url = backend.env.get("MONEYTRAIL_DATABASE_URL")
        settings = Settings(store=path, progress=False, database_url=url)
        with TestClient(create_app(settings, ApiConfig(rate=0, anon_rate=0))) as client:
            services = client.app.state.services  # type: ignore[attr-defined]
            snapshot = services.lists.snapshot()
            alerts = []
            for cid, name in NAMES.items():
                query = Query.from_record(
                    {"id": cid, "schema": "Person", "properties": {"name": [name]}}
                )
                matches = snapshot.screener.screen(query, ScreenConfig())
                alerts.append(raise_alerts(services.repo, query, matches, snapshot.versions)[0].id)
            yield Desk(client, keys, alerts)
            report = verify(services.repo)
            assert report.ok, (report.problems, [m.line() for m in report.mismatches])


def test_propose_and_approve_with_versions(desk: Desk) -> None:
    alert = desk.alerts[0]
    missing = desk.post(
        f"/alerts/{alert}/propose", "ana", {"decision": "false_positive", "note": "x"}
    )
    assert missing.status_code == 422 and "version" in missing.text
    proposed = desk.post(
        f"/alerts/{alert}/propose", "ana",
        {"decision": "false_positive", "version": 1, "reason_code": "dob_mismatch"},
    )  # fmt: skip
    assert proposed.status_code == 200, proposed.text
    body = proposed.json()
    assert (body["alert"]["status"], body["alert"]["version"]) == ("pending_review", 2)
    assert body["decisions"][0]["state"] == "proposed"
    assert body["decisions"][0]["reason_code"] == "dob_mismatch"

    assert desk.post(f"/alerts/{alert}/approve", "bo", {"version": 2}).status_code == 403
    stale = desk.post(f"/alerts/{alert}/approve", "rita", {"version": 1})
    assert stale.status_code == 409
    assert "ana: proposed false_positive" in stale.json()["detail"] + stale.text
    done = desk.post(f"/alerts/{alert}/approve", "rita", {"version": 2, "note": "agreed"})
    assert done.status_code == 200, done.text
    assert done.json()["alert"]["status"] == "false_positive"
    assert done.json()["decisions"][0]["reviewer"] == "rita"


def test_self_approval_is_refused(desk: Desk) -> None:
    alert = desk.alerts[0]
    ok = desk.post(
        f"/alerts/{alert}/propose",
        "rita",
        {"decision": "true_match", "version": 1, "note": "DOB agrees"},
    )
    assert ok.status_code == 200, ok.text
    refused = desk.post(f"/alerts/{alert}/approve", "rita", {"version": 2})
    assert refused.status_code == 403
    assert "different reviewer" in refused.text
    rejected = desk.post(
        f"/alerts/{alert}/reject", "adm", {"version": 2, "note": "DOB is the son's"}
    )
    assert rejected.json()["alert"]["status"] == "open"
    assert rejected.json()["decisions"][0]["state"] == "rejected"


def test_old_decide_endpoint_is_a_proposal(desk: Desk) -> None:
    alert = desk.alerts[1]
    resp = desk.post(
        f"/alerts/{alert}/decision", "ana", {"decision": "escalate", "reason": "unclear"}
    )
    assert resp.status_code == 200, resp.text
    assert resp.json()["alert"]["status"] == "pending_review"
    assert desk.post(f"/alerts/{alert}/reopen", "ana", {"reason": "oops"}).status_code == 409


def test_two_requests_deciding_at_once_one_wins(desk: Desk) -> None:
    alert = desk.alerts[0]
    start = threading.Barrier(2)
    codes: list[int] = []

    def send(who: str, kind: str) -> None:
        start.wait()
        body = {"decision": kind, "version": 1, "reason_code": "other", "note": who}
        codes.append(desk.post(f"/alerts/{alert}/propose", who, body).status_code)

    threads = [
        threading.Thread(target=send, args=a)
        for a in (("ana", "true_match"), ("bo", "false_positive"))
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(codes) == [200, 409]
    detail = desk.client.get(f"/alerts/{alert}", headers=desk.keys["ana"]).json()
    assert len(detail["decisions"]) == 1 and detail["alert"]["version"] == 2


def test_bulk_proposal_and_reason_codes(desk: Desk) -> None:
    codes = desk.client.get("/alerts/reason-codes", headers=desk.keys["ana"]).json()["codes"]
    assert codes == REASON_CODES
    items = [{"id": a, "version": 1} for a in desk.alerts]
    resp = desk.post(
        "/alerts/bulk-propose", "ana",
        {"alerts": items, "decision": "false_positive", "reason_code": "name_only"},
    )  # fmt: skip
    assert resp.status_code == 200, resp.text
    assert [d["alert"]["status"] for d in resp.json()["alerts"]] == ["pending_review"] * 2
    again = desk.post(
        "/alerts/bulk-propose", "bo",
        {"alerts": items, "decision": "true_match", "reason_code": "confirmed_identifier"},
    )  # fmt: skip
    assert again.status_code == 409


def test_case_lifecycle(desk: Desk) -> None:
    kassim, hasan = desk.alerts
    made = desk.post("/cases", "ana", {"title": "Tajideen wholesale", "alert_ids": [kassim]})
    assert made.status_code == 201, made.text
    case = made.json()["case"]
    assert (case["status"], case["version"], case["subject"]) == ("open", 1, "c-kassim")
    assert made.json()["alerts"][0]["alert"]["id"] == kassim
    cid = case["id"]

    assert desk.post(f"/cases/{cid}/assign", "ana", {"assignee": "rita"}).status_code == 422
    assigned = desk.post(f"/cases/{cid}/assign", "ana", {"assignee": "rita", "version": 1})
    assert assigned.json()["case"]["assignee"] == "rita"
    stale = desk.post(f"/cases/{cid}/alerts", "bo", {"alert_ids": [hasan], "version": 1})
    assert stale.status_code == 409
    added = desk.post(f"/cases/{cid}/alerts", "bo", {"alert_ids": [hasan], "version": 2})
    assert sorted(added.json()["case"]["alert_ids"]) == sorted([kassim, hasan])
    text = {
        "version": 3,
        "narrative": "Payments through a shared firm.",
        "conclusion": "File an STR.",
    }
    wrote = desk.post(f"/cases/{cid}/narrative", "rita", text).json()["case"]
    assert (wrote["narrative"], wrote["conclusion"], wrote["version"]) == (
        text["narrative"],
        text["conclusion"],
        4,
    )
    closing = desk.post(f"/cases/{cid}/status", "rita", {"status": "closed", "version": 4})
    assert closing.status_code == 422 and "still open" in closing.text
    review = desk.post(f"/cases/{cid}/status", "rita", {"status": "in_review", "version": 4})
    assert review.json()["case"]["status"] == "in_review"
    removed = desk.post(f"/cases/{cid}/alerts/remove", "rita", {"alert_ids": [hasan], "version": 5})
    assert removed.json()["case"]["alert_ids"] == [kassim]

    listed = desk.client.get("/cases?assignee=rita", headers=desk.keys["ana"]).json()
    assert [c["id"] for c in listed["cases"]] == [cid]
    assert desk.client.get("/cases?status=closed", headers=desk.keys["ana"]).json()["cases"] == []
    assert desk.client.get("/cases/case-nope", headers=desk.keys["ana"]).status_code == 404


def test_a_reversal_needs_a_second_person_too(desk: Desk) -> None:
    alert = desk.alerts[1]
    desk.post(
        f"/alerts/{alert}/propose",
        "ana",
        {"decision": "false_positive", "version": 1, "reason_code": "name_only"},
    )
    assert desk.post(f"/alerts/{alert}/approve", "rita", {"version": 2}).status_code == 200
    # Reopening alone would undo the final decision: refused, nothing written.
    assert (
        desk.post(f"/alerts/{alert}/reopen", "bo", {"reason": "second thoughts"}).status_code == 403
    )
    assert desk.version(alert) == 3
    flipped = desk.post(
        f"/alerts/{alert}/propose",
        "bo",
        {"decision": "true_match", "version": 3, "note": "passport agrees"},
    )
    assert flipped.json()["alert"]["status"] == "pending_review"
    assert desk.post(f"/alerts/{alert}/approve", "bo", {"version": 4}).status_code == 403
    final = desk.post(f"/alerts/{alert}/approve", "adm", {"version": 4})
    assert final.json()["alert"]["status"] == "true_match"
    assert [d["state"] for d in final.json()["decisions"]] == ["final", "final"]
