"""The case policy on both stores: alerts grouped by subject as raised, due dates, merge, split.

Screening alerts come from three customers screened against the real 2021 OFAC SDN
slice; findings stand in for the ownership and trace alerts the demo raises about the
Tajideen family's wholesale company.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from moneytrail.alerts import AuditLog, Repository, Role, add_user, raise_alerts, verify
from moneytrail.alerts.case_grouping import group_alerts, merge, split
from moneytrail.alerts.case_policy import CasePolicy, age_days
from moneytrail.alerts.case_queries import CaseFilter
from moneytrail.alerts.cases import list_cases, read_case, terms_of, write_narrative
from moneytrail.alerts.kinds import Kind
from moneytrail.alerts.models import CaseStatus
from moneytrail.errors import ConfigError, Conflict, InvalidInput
from moneytrail.services.findings import Finding, raise_findings, raise_screening_alerts
from moneytrail.settings import Settings
from tests.alerts.activity import VERSIONS, Screened

WHOLESALE = "reg-banjul-wholesale"


def _finding(kind: Kind, subject: str, why: str) -> Finding:
    return Finding(kind, subject, "BANJUL WHOLESALE IMPORTS LTD", "Company", f"{kind}-v1", 0.6,
                   (why,), statements=(f"st-{kind}-{subject}",))  # fmt: skip


def _verified(repo: Repository) -> None:
    report = verify(repo)
    assert report.ok, (report.problems, [m.line() for m in report.mismatches])


def _due_days(repo: Repository, case_id: str) -> float:
    case = read_case(repo, case_id)
    due = terms_of(repo, [case_id])[case_id].due_at
    assert due is not None
    delta = datetime.fromisoformat(due) - datetime.fromisoformat(case.created_at)
    return round(delta / timedelta(days=1), 3)


def test_findings_about_one_subject_share_a_case(repo: Repository) -> None:
    owned = raise_findings(repo, [_finding(Kind.TRACE, WHOLESALE, "48,500 from TAJCO")], VERSIONS)
    (case,) = list_cases(repo)
    assert (case.subject, case.alert_ids, case.created_by) == (WHOLESALE, (owned[0].id,), "system")
    assert case.title == "BANJUL WHOLESALE IMPORTS LTD"
    assert _due_days(repo, case.id) == 10  # trace: ten days
    more = raise_findings(repo, [_finding(Kind.OWNERSHIP, WHOLESALE, "TAJCO holds 60%")], VERSIONS)
    (case,) = list_cases(repo)
    assert set(case.alert_ids) == {owned[0].id, more[0].id} and case.version == 2
    assert _due_days(repo, case.id) == 5  # an ownership alert brings the date forward
    other = raise_findings(repo, [_finding(Kind.TRACE, "cust-0024", "paid by the wholesaler")], {})
    assert {c.subject for c in list_cases(repo)} == {WHOLESALE, "cust-0024"}
    assert list_cases(repo, where=CaseFilter(subject="cust-0024"))[0].alert_ids == (other[0].id,)
    lines = [e for e in repo.audit_entries() if e.action.startswith("case.")]
    assert [e.action for e in lines] == ["case.open", "case.add_alerts", "case.open"]
    assert all(e.payload["policy"] == "MONEYTRAIL_AUTO_CASES" for e in lines)
    _verified(repo)


def test_the_policy_can_be_off_and_a_closed_case_is_not_joined(repo: Repository) -> None:
    off = CasePolicy(auto=False)
    raise_findings(repo, [_finding(Kind.TRACE, WHOLESALE, "first")], VERSIONS, cases=off)
    assert list_cases(repo) == []
    raise_findings(repo, [_finding(Kind.TRACE, WHOLESALE, "second")], VERSIONS)
    (first,) = list_cases(repo)
    repo.update_case(first.__class__(**{**first.as_record(), "status": CaseStatus.CLOSED,
                                        "alert_ids": first.alert_ids}))  # fmt: skip
    raise_findings(repo, [_finding(Kind.TRACE, WHOLESALE, "third")], VERSIONS)
    assert len(list_cases(repo)) == 2


def test_screening_alerts_group_by_screened_customer(repo: Repository, screened: Screened) -> None:
    alerts = [a for q, m in screened for a in raise_alerts(repo, q, m, VERSIONS)]
    policy = CasePolicy(due_days={"screening": 3, "default": 9})
    made = group_alerts(repo, alerts, actor="system", policy=policy)
    assert sorted(c.subject for c in made) == ["c-ali", "c-hasan", "c-kassim"]
    kassim = next(c for c in made if c.subject == "c-kassim")
    assert kassim.title == "Kassim Tajideen"  # the customer's name, not the list entry's
    assert _due_days(repo, kassim.id) == 3
    assert group_alerts(repo, alerts, actor="system") == []  # each alert is in one case
    _verified(repo)


def test_merge_carries_alerts_and_narrative_and_leaves_a_pointer(
    repo: Repository, screened: Screened
) -> None:
    add_user(repo, AuditLog(repo), "ann", Role.ANALYST, "test")
    alerts = [a for q, m in screened for a in raise_alerts(repo, q, m, VERSIONS)]
    made = {c.subject: c for c in group_alerts(repo, alerts, actor="system")}
    kassim, ali = made["c-kassim"], made["c-ali"]
    ali = write_narrative(repo, "ann", ali.id, version=ali.version, narrative="Brother of Kassim.")
    with pytest.raises(Conflict, match="someone else changed case"):
        merge(repo, "ann", kassim.id, ali.id, version=kassim.version, other_version=1)
    assert read_case(repo, ali.id).status is CaseStatus.OPEN  # nothing written
    merged = merge(repo, "ann", kassim.id, ali.id, version=kassim.version,
                   other_version=ali.version)  # fmt: skip
    assert set(merged.alert_ids) == set(kassim.alert_ids) | set(ali.alert_ids)
    assert f"[from case {ali.id}" in merged.narrative and "Brother of Kassim." in merged.narrative
    gone = read_case(repo, ali.id)
    assert (gone.status, gone.alert_ids) == (CaseStatus.CLOSED, ())
    assert terms_of(repo, [ali.id])[ali.id].merged_into == kassim.id
    with pytest.raises(InvalidInput, match="closed"):
        merge(repo, "ann", kassim.id, ali.id, version=None, other_version=None)
    with pytest.raises(InvalidInput, match="itself"):
        merge(repo, "ann", kassim.id, kassim.id, version=None, other_version=None)
    _verified(repo)


def test_split_takes_alerts_into_a_new_case(repo: Repository, screened: Screened) -> None:
    alerts = [a for q, m in screened for a in raise_alerts(repo, q, m, VERSIONS)]
    made = {c.subject: c for c in group_alerts(repo, alerts, actor="system")}
    kassim, ali = made["c-kassim"], made["c-ali"]
    both = merge(repo, "ann", kassim.id, ali.id, version=None, other_version=None)
    moved = list(ali.alert_ids)
    with pytest.raises(InvalidInput, match="at least one alert"):
        split(repo, "ann", both.id, both.alert_ids, version=both.version, title="all")
    with pytest.raises(Conflict):
        split(repo, "ann", both.id, moved, version=both.version - 1, title="Ali")
    new = split(repo, "ann", both.id, moved, version=both.version, title="Ali Tajideen")
    assert (new.title, list(new.alert_ids), new.subject) == ("Ali Tajideen", moved, "c-ali")
    assert read_case(repo, both.id).alert_ids == kassim.alert_ids
    opened = [e for e in repo.audit_entries() if e.subject == new.id]
    assert opened[0].payload["split_from"] == both.id
    _verified(repo)


def test_filters_by_kind_overdue_age_and_text(repo: Repository, screened: Screened) -> None:
    raise_findings(repo, [_finding(Kind.OWNERSHIP, WHOLESALE, "TAJCO holds 60%")], VERSIONS)
    alerts = [a for q, m in screened for a in raise_alerts(repo, q, m, VERSIONS)]
    group_alerts(repo, alerts, actor="system")
    assert [c.subject for c in list_cases(repo, where=CaseFilter(kind="ownership"))] == [WHOLESALE]
    assert len(list_cases(repo, where=CaseFilter(kind="screening"))) == 3
    soon = (datetime.now().astimezone() + timedelta(days=3)).isoformat()
    overdue = list_cases(repo, where=CaseFilter(overdue_at=soon))
    assert sorted(c.subject for c in overdue) == ["c-ali", "c-hasan", "c-kassim"]  # 2 days
    assert list_cases(repo, where=CaseFilter(opened_before="2000-01-01")) == []
    assert [c.subject for c in list_cases(repo, where=CaseFilter(text="HASAN"))] == ["c-hasan"]
    (case,) = list_cases(repo, where=CaseFilter(text="hasan"))
    assert age_days(case, soon) == 2 or age_days(case, soon) == 3


def test_filters_by_list_and_by_the_entries_of_a_programme(
    repo: Repository, screened: Screened
) -> None:
    raise_findings(repo, [_finding(Kind.OWNERSHIP, WHOLESALE, "TAJCO holds 60%")], VERSIONS)
    alerts = [a for q, m in screened for a in raise_alerts(repo, q, m, VERSIONS)]
    group_alerts(repo, alerts, actor="system")
    on_sdn = list_cases(repo, where=CaseFilter(dataset="us_ofac_sdn"))
    assert sorted(c.subject for c in on_sdn) == ["c-ali", "c-hasan", "c-kassim"]
    assert list_cases(repo, where=CaseFilter(dataset="eu_fsf")) == []
    hasan = next(a for a in alerts if a.query_id == "c-hasan")
    about = list_cases(repo, where=CaseFilter(entity_ids=(hasan.entity_id, "ofac-none")))
    assert hasan.id in [i for c in about for i in c.alert_ids]
    assert all(
        any(a.entity_id == hasan.entity_id for a in alerts if a.id in c.alert_ids) for c in about
    )
    assert list_cases(repo, where=CaseFilter(entity_ids=())) == []  # a programme with no entry


def test_due_days_come_from_the_environment() -> None:
    settings = Settings.from_env({"MONEYTRAIL_CASE_DUE_DAYS": "screening=1, default=7"})
    policy = CasePolicy.from_settings(settings)
    assert (policy.days_for("screening"), policy.days_for("other"), policy.auto) == (1, 7, True)
    assert policy.days_for("ownership") == 5  # unnamed kinds keep their default
    assert not Settings.from_env({"MONEYTRAIL_AUTO_CASES": "0"}).auto_cases
    with pytest.raises(ConfigError, match="kind=days"):
        Settings.from_env({"MONEYTRAIL_CASE_DUE_DAYS": "screening:2"})
    with pytest.raises(ConfigError, match="unknown kind"):
        CasePolicy.from_settings(Settings.from_env({"MONEYTRAIL_CASE_DUE_DAYS": "sanctions=2"}))


def test_screening_through_the_services_follows_the_policy(
    repo: Repository, screened: Screened
) -> None:
    (kassim_q, kassim_m), (hasan_q, hasan_m), _ = screened
    (alert,) = raise_screening_alerts(repo, kassim_q, kassim_m, VERSIONS, actor="monitor")
    (case,) = list_cases(repo)
    assert (case.subject, case.alert_ids, case.created_by) == ("c-kassim", (alert.id,), "monitor")
    assert raise_screening_alerts(repo, kassim_q, kassim_m, VERSIONS) == []  # raised before
    off = CasePolicy(auto=False)
    assert raise_screening_alerts(repo, hasan_q, hasan_m, VERSIONS, cases=off)
    assert [c.subject for c in list_cases(repo)] == ["c-kassim"]
    _verified(repo)
