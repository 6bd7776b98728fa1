"""The case policy over HTTP, on both case stores: cases opened as alerts are raised, due
dates and the case list's filters, merge and split with versions (409), the timeline.

The app serves the OFAC/UN slice store; two customers screened against the same 2021
SDN slice (tests/alerts/activity.py) raise alerts grouped into a case each, as
monitoring would, and a trace finding about the
Tajideen wholesale company is raised through services/findings.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from moneytrail.alerts import AuditLog, Role, add_user, raise_alerts, verify
from moneytrail.alerts.case_grouping import group_alerts
from moneytrail.alerts.kinds import Kind
from moneytrail.server import ApiConfig, create_app
from moneytrail.services.findings import Finding, raise_findings
from moneytrail.settings import Settings
from moneytrail.store.snapshots import copy_store
from tests.alerts.activity import VERSIONS, Screened, screened  # noqa: F401  (fixture)
from tests.alerts.backends import BACKENDS, backend_for
from tests.api.conftest import SliceStore

NAMES = ("c-kassim", "c-hasan")


@dataclass
class Desk:
    client: TestClient
    keys: dict[str, dict[str, str]]

    def get(self, path: str) -> Any:
        answer = self.client.get(path, headers=self.keys["ana"])
        assert answer.status_code == 200, answer.text
        return answer.json()

    def post(self, path: str, body: dict[str, Any]) -> Any:
        return self.client.post(path, json=body, headers=self.keys["ana"])


@pytest.fixture(params=BACKENDS)
def desk(
    request: pytest.FixtureRequest,
    slice_store: SliceStore,
    screened: Screened,  # noqa: F811  (the fixture imported above)
    tmp_path: Path,
) -> Iterator[Desk]:
    path = tmp_path / "store.duckdb"
    copy_store(slice_store.path, path)
    with backend_for(request.param, path) as backend:
        repo = backend.open()
        try:
            keys = {"ana": {"X-API-Key": add_user(repo, AuditLog(repo), "ana", Role.ANALYST,
                                                  "test")[1]}}  # fmt: skip
        finally:
            repo.close()
        url = backend.env.get("MONEYTRAIL_DATABASE_URL")
        settings = Settings(store=path, progress=False, database_url=url)
        with TestClient(create_app(settings, ApiConfig(rate=0, anon_rate=0))) as client:
            services = client.app.state.services  # type: ignore[attr-defined]
            for query, matches in screened:
                if query.id in NAMES:
                    made = raise_alerts(services.repo, query, matches, VERSIONS)
                    assert group_alerts(services.repo, made, actor="monitor"), query.id
            why = ("48,500.00 from TAJCO",)
            finding = Finding(Kind.TRACE, "reg-banjul", "BANJUL WHOLESALE IMPORTS LTD",
                              "Company", "exposure-v1", 0.75, why)  # fmt: skip
            raise_findings(services.repo, [finding], VERSIONS)
            yield Desk(client, keys)
            report = verify(services.repo)
            assert report.ok, (report.problems, [m.line() for m in report.mismatches])


def _case(desk: Desk, subject: str) -> dict[str, Any]:
    listed = desk.get("/cases?limit=500")["cases"]
    return next(c for c in listed if c["subject"] == subject)


def test_raised_alerts_open_cases_that_are_due_and_filter(desk: Desk) -> None:
    listed = desk.get("/cases")["cases"]
    assert sorted(c["subject"] for c in listed) == ["c-hasan", "c-kassim", "reg-banjul"]
    kassim = _case(desk, "c-kassim")
    assert kassim["title"] == "Kassim Tajideen" and kassim["kinds"] == ["screening"]
    assert kassim["due_at"] > kassim["created_at"] and kassim["overdue"] is False
    assert kassim["age_days"] == 0 and kassim["created_by"] == "monitor"
    trace = desk.get("/cases?kind=trace")["cases"]
    assert [c["subject"] for c in trace] == ["reg-banjul"]
    assert [c["subject"] for c in desk.get("/cases?q=HASAN")["cases"]] == ["c-hasan"]
    assert desk.get("/cases?overdue=true")["cases"] == []
    assert desk.get("/cases?min_age_days=1")["cases"] == []
    assert desk.client.get("/cases?kind=nope", headers=desk.keys["ana"]).status_code == 422


def test_the_case_list_filters_by_list_and_programme(desk: Desk) -> None:
    """Hasan Nasrallah is listed under SDGT and SYRIA, the Tajideens under SDGT alone."""
    on_sdn = desk.get("/cases?dataset=us_ofac_sdn")["cases"]
    assert sorted(c["subject"] for c in on_sdn) == ["c-hasan", "c-kassim"]
    assert desk.get("/cases?dataset=un_sc_sanctions")["cases"] == []
    assert [c["subject"] for c in desk.get("/cases?program=SYRIA")["cases"]] == ["c-hasan"]
    sdgt = desk.get("/cases?program=SDGT&dataset=us_ofac_sdn")["cases"]
    assert sorted(c["subject"] for c in sdgt) == ["c-hasan", "c-kassim"]
    assert desk.get("/cases?program=NO-SUCH-PROGRAMME")["cases"] == []


def test_merge_and_split_name_their_versions(desk: Desk) -> None:
    kassim, hasan = _case(desk, "c-kassim"), _case(desk, "c-hasan")
    body = {"version": kassim["version"], "other": hasan["id"], "other_version": 99}
    stale = desk.post(f"/cases/{kassim['id']}/merge", body)
    assert stale.status_code == 409 and "someone else changed case" in stale.text
    body["other_version"] = hasan["version"]
    merged = desk.post(f"/cases/{kassim['id']}/merge", body)
    assert merged.status_code == 200, merged.text
    case = merged.json()["case"]
    assert sorted(case["alert_ids"]) == sorted(kassim["alert_ids"] + hasan["alert_ids"])
    closed = desk.get(f"/cases/{hasan['id']}")["case"]
    assert (closed["status"], closed["merged_into"], closed["alert_ids"]) == (
        "closed",
        kassim["id"],
        [],
    )
    split = {"version": case["version"] - 1, "alert_ids": hasan["alert_ids"], "title": "Hasan"}
    assert desk.post(f"/cases/{kassim['id']}/split", split).status_code == 409
    split["version"] = case["version"]
    made = desk.post(f"/cases/{kassim['id']}/split", split)
    assert made.status_code == 201, made.text
    new = made.json()["case"]
    assert (new["title"], new["alert_ids"], new["subject"]) == (
        "Hasan",
        hasan["alert_ids"],
        "c-hasan",
    )
    assert desk.get(f"/cases/{kassim['id']}")["case"]["alert_ids"] == kassim["alert_ids"]


def test_the_timeline_dates_work_and_facts(desk: Desk) -> None:
    kassim, hasan = _case(desk, "c-kassim"), _case(desk, "c-hasan")
    body = {"version": kassim["version"], "other": hasan["id"],
            "other_version": hasan["version"]}  # fmt: skip
    assert desk.post(f"/cases/{kassim['id']}/merge", body).status_code == 200
    events = desk.get(f"/cases/{kassim['id']}/timeline")["events"]
    assert [e["at"] for e in events] == sorted(e["at"] for e in events)
    kinds = {e["kind"] for e in events}
    assert {"alert", "case", "listed"} <= kinds, kinds
    titles = [e["title"] for e in events]
    assert any(t.startswith("Case opened automatically") for t in titles)
    assert f"Case {hasan['id']} merged in (1 alert(s))" in titles
    # the merged case's own history comes along
    assert any(e["subject"] == hasan["id"] for e in events)
    listed = [e for e in events if e["kind"] == "listed"]
    assert all(e["source"].startswith("statement ") for e in listed)
    assert any("us_ofac_sdn" in e["title"] for e in listed)
    assert desk.client.get("/cases/case-nope/timeline", headers=desk.keys["ana"]).status_code == 404


def _by_kind(found: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for hit in found["results"]:
        out.setdefault(hit["kind"], []).append(hit)
    return out


def test_search_finds_entities_customers_alerts_and_cases(desk: Desk) -> None:
    kassim = _case(desk, "c-kassim")
    found = _by_kind(desk.get("/search?q=tajideen"))
    assert [(h["id"], h["link"]) for h in found["customer"]] == [
        ("c-kassim", "/ui/entities/c-kassim")
    ]
    assert [h["id"] for h in found["alert"]] == kassim["alert_ids"]
    assert [h["link"] for h in found["case"]] == [f"/ui/cases/{kassim['id']}"]
    # a transliteration finds the list's own spelling, through the screening engine
    spelled = _by_kind(desk.get("/search?q=Qasim Taji al-Din"))
    assert spelled["entity"], spelled
    top = spelled["entity"][0]
    assert "TAJIDEEN" in top["title"] and top["score"] > 0.5
    assert top["link"] == f"/ui/entities/{top['id']}"
    assert desk.get(f"/search?q={kassim['id'][5:]}")["results"][0]["id"] == kassim["id"]
    assert desk.get("/search/us_ofac_sdn?q=Tajideen")["results"]  # the yente route still works
    assert desk.client.get("/search?q=", headers=desk.keys["ana"]).status_code == 422


def test_opening_a_case_over_grouped_alerts_needs_move(desk: Desk) -> None:
    kassim = _case(desk, "c-kassim")
    body = {"title": "Kassim, by hand", "alert_ids": kassim["alert_ids"]}
    refused = desk.post("/cases", body)
    assert refused.status_code == 409 and kassim["id"] in refused.text
    made = desk.post("/cases", {**body, "move": True})
    assert made.status_code == 201, made.text
    assert made.json()["case"]["alert_ids"] == kassim["alert_ids"]
    assert desk.get(f"/cases/{kassim['id']}")["case"]["alert_ids"] == []
