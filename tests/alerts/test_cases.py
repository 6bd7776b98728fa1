"""Cases on both stores: open from alerts, add, move, remove, assign, status, narrative.

The alerts come from screening three customers against the real 2021 OFAC SDN slice;
"Kassim Tajideen" and "Ali Tajideen" stand in for two alerts about one family firm.
"""

from __future__ import annotations

import threading

import pytest

from moneytrail.alerts import AuditLog, Repository, Role, add_user, decide, raise_alerts, verify
from moneytrail.alerts.cases import (
    add_alerts,
    assign,
    list_cases,
    open_case,
    read_case,
    remove_alerts,
    set_status,
    write_narrative,
)
from moneytrail.alerts.models import CaseStatus
from moneytrail.errors import Conflict, InvalidInput, NotFound
from tests.alerts.activity import VERSIONS, Screened
from tests.alerts.backends import Backend


@pytest.fixture
def alerts(repo: Repository, screened: Screened) -> list[str]:
    audit = AuditLog(repo)
    add_user(repo, audit, "ann", Role.ANALYST, "test")
    add_user(repo, audit, "rita", Role.REVIEWER, "test")
    return [raise_alerts(repo, q, m, VERSIONS)[0].id for q, m in screened]


def _verified(repo: Repository) -> None:
    report = verify(repo)
    assert report.ok, (report.problems, [m.line() for m in report.mismatches])
    assert report.counts is not None and report.counts.cases >= 1


def test_open_read_and_list(repo: Repository, alerts: list[str]) -> None:
    kassim, _, ali = alerts
    case = open_case(repo, "ann", "  Tajideen wholesale  ", [kassim, ali], assignee="ann")
    assert (case.title, case.subject, case.status, case.version) == (
        "Tajideen wholesale",
        "c-kassim",  # the first alert's screened party
        CaseStatus.OPEN,
        1,
    )
    assert set(case.alert_ids) == {kassim, ali} and case.assignee == "ann"
    assert read_case(repo, case.id) == case
    assert list_cases(repo, assignee="ann") == [case]
    assert list_cases(repo, status=CaseStatus.CLOSED) == []
    line = list(repo.audit_entries())[-1]
    assert (line.action, line.subject, line.payload["alerts"]) == (
        "case.open",
        case.id,
        sorted([kassim, ali]),
    )
    with pytest.raises(NotFound):
        open_case(repo, "ann", "nothing", ["al-nope"])
    with pytest.raises(InvalidInput, match="at least one alert"):
        open_case(repo, "ann", "empty", [])
    _verified(repo)


def test_changes_name_their_version(repo: Repository, alerts: list[str]) -> None:
    kassim, hasan, ali = alerts
    case = open_case(repo, "ann", "Tajideen", [kassim])
    case = add_alerts(repo, "ann", case.id, [ali], version=1)
    assert case.version == 2 and set(case.alert_ids) == {kassim, ali}
    lines = len(list(repo.audit_entries()))
    with pytest.raises(Conflict, match=r"someone else changed case .* reload"):
        add_alerts(repo, "rita", case.id, [hasan], version=1)
    assert set(read_case(repo, case.id).alert_ids) == {kassim, ali}
    assert len(list(repo.audit_entries())) == lines
    case = remove_alerts(repo, "ann", case.id, [ali], version=2)
    assert case.alert_ids == (kassim,) and repo.case_of_alert(ali) is None
    with pytest.raises(InvalidInput, match="not in case"):
        remove_alerts(repo, "ann", case.id, [hasan], version=3)
    _verified(repo)


def test_an_alert_is_in_one_case_and_moves_explicitly(repo: Repository, alerts: list[str]) -> None:
    kassim, hasan, ali = alerts
    first = open_case(repo, "ann", "first", [kassim, hasan])
    with pytest.raises(Conflict, match="already in case"):
        open_case(repo, "ann", "second", [ali, hasan])
    assert list_cases(repo) == [first]  # the refused case was not half-opened
    second = open_case(repo, "ann", "second", [ali])
    with pytest.raises(Conflict, match="move it"):
        add_alerts(repo, "rita", second.id, [kassim], version=1)
    moved = add_alerts(repo, "rita", second.id, [kassim], version=1, move=True)
    assert set(moved.alert_ids) == {ali, kassim}
    left = read_case(repo, first.id)
    assert (left.alert_ids, left.version) == ((hasan,), 2)
    assert repo.case_of_alert(kassim) == second.id
    _verified(repo)


def test_assign_status_and_narrative(repo: Repository, alerts: list[str]) -> None:
    kassim, _, ali = alerts
    case = open_case(repo, "ann", "Tajideen", [kassim, ali])
    with pytest.raises(InvalidInput, match="no account named"):
        assign(repo, "ann", case.id, "mallory", version=1)
    case = assign(repo, "ann", case.id, "rita", version=1)
    assert case.assignee == "rita" and case.version == 2
    case = write_narrative(
        repo, "rita", case.id, version=2, narrative="Two relatives share a firm."
    )
    case = write_narrative(repo, "rita", case.id, version=3, conclusion="Report to the FIU.")
    assert (case.narrative, case.conclusion) == (
        "Two relatives share a firm.",
        "Report to the FIU.",
    )
    with pytest.raises(InvalidInput, match="still open or waiting"):
        set_status(repo, "rita", case.id, "closed", version=4)
    decide(repo, kassim, "true_match", "DOB and nationality agree", "rita")
    decide(repo, ali, "false_positive", "different person", "rita")
    with pytest.raises(InvalidInput, match="unknown case status"):
        set_status(repo, "rita", case.id, "done", version=4)
    case = set_status(repo, "rita", case.id, "closed", version=4)
    assert case.status is CaseStatus.CLOSED
    _verified(repo)


def test_tampered_cases_are_reported(backend: Backend, repo: Repository, alerts: list[str]) -> None:
    case = open_case(repo, "ann", "Tajideen", alerts[:2], assignee="ann")
    _verified(repo)
    backend.execute(
        "UPDATE cases SET assignee = 'rita'",
        f"DELETE FROM case_alerts WHERE alert_id = '{alerts[1]}'",
    )
    lines = [m.line() for m in verify(repo).mismatches]
    assert len(lines) == 1 and lines[0].startswith(f"cases {case.id}"), lines
    assert "assignee ann" in lines[0] and "assignee rita" in lines[0]


def test_two_people_changing_a_case_at_once_one_wins(
    backend: Backend, repo: Repository, alerts: list[str]
) -> None:
    case = open_case(repo, "ann", "Tajideen", alerts[:1])
    repos = [backend.open(), backend.open()] if backend.name == "postgres" else [repo, repo]
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def change(who: str, store: Repository) -> None:
        start.wait()
        try:
            assign(store, who, case.id, who, version=1)
            outcomes.append("won")
        except Conflict:
            outcomes.append("conflict")

    threads = [
        threading.Thread(target=change, args=(name, r))
        for name, r in zip(("ann", "rita"), repos, strict=True)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    if backend.name == "postgres":
        for r in repos:
            r.close()
    assert sorted(outcomes) == ["conflict", "won"]
    assert read_case(repo, case.id).version == 2
    _verified(repo)
