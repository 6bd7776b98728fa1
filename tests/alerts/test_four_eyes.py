"""Four-eyes review and optimistic concurrency on decisions, on both stores.

Alerts are raised by screening three customers against the real 2021 OFAC SDN slice
(tests/alerts/activity.py); an analyst (ann), a reviewer (rita) and an admin (ada)
propose, approve and reject as a team would.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import pytest

from moneytrail.alerts import AuditLog, Repository, Role, User, add_user, raise_alerts, verify
from moneytrail.alerts.models import AlertStatus, DecisionState
from moneytrail.alerts.review import REASON_CODES, approve, bulk_propose, propose, reject
from moneytrail.errors import AccessDenied, ConfigError, Conflict, InvalidInput
from moneytrail.settings import Settings
from tests.alerts.activity import VERSIONS, Screened
from tests.alerts.backends import Backend
from tests.conftest import run_cli


@dataclass
class Team:
    ann: User  # analyst
    bob: User  # analyst
    rita: User  # reviewer
    ada: User  # admin
    alerts: list[str]  # Kassim, Hassan, Ali


@pytest.fixture
def team(repo: Repository, screened: Screened) -> Team:
    audit = AuditLog(repo)
    users = {
        name: add_user(repo, audit, name, role, "test")[0]
        for name, role in (
            ("ann", Role.ANALYST),
            ("bob", Role.ANALYST),
            ("rita", Role.REVIEWER),
            ("ada", Role.ADMIN),
        )
    }
    alerts = [raise_alerts(repo, q, m, VERSIONS)[0].id for q, m in screened]
    return Team(users["ann"], users["bob"], users["rita"], users["ada"], alerts)


def _verified(repo: Repository) -> None:
    report = verify(repo)
    assert report.ok, (report.problems, [m.line() for m in report.mismatches])


def test_a_proposal_is_final_only_once_another_person_approves(
    repo: Repository, team: Team
) -> None:
    alert = team.alerts[1]
    view = propose(repo, team.ann, alert, "false_positive", version=1, reason_code="dob_mismatch")
    assert view.alert.status is AlertStatus.PENDING_REVIEW and view.alert.version == 2
    (made,) = view.decisions
    assert (made.state, made.reason_code, made.reviewer) == (
        DecisionState.PROPOSED,
        "dob_mismatch",
        None,
    )
    assert made.reason == REASON_CODES["dob_mismatch"]
    assert repo.suppression_keys() == frozenset()  # a proposal suppresses nothing yet

    with pytest.raises(AccessDenied, match="only reviewers and admins"):
        approve(repo, team.bob, alert, version=2)
    done = approve(repo, team.rita, alert, version=2, note="agree, DOB 1990")
    assert done.alert.status is AlertStatus.FALSE_POSITIVE and done.alert.version == 3
    (made,) = done.decisions
    assert (made.state, made.reviewer, made.review_note) == (
        DecisionState.FINAL,
        "rita",
        "agree, DOB 1990",
    )
    assert len(repo.suppression_keys()) == 1
    actions = [e.action for e in repo.audit_entries()][-2:]
    assert actions == ["alert.propose", "alert.approve"]
    _verified(repo)


def test_nobody_approves_their_own_proposal(repo: Repository, team: Team) -> None:
    alert = team.alerts[0]
    propose(repo, team.rita, alert, "true_match", version=1, note="DOB and nationality agree")
    lines = len(list(repo.audit_entries()))
    for action in (approve, lambda *a, **k: reject(*a, **k, note="no")):
        with pytest.raises(AccessDenied, match="different reviewer"):
            action(repo, team.rita, alert, version=2)
    assert len(list(repo.audit_entries())) == lines  # refusals write nothing
    assert approve(repo, team.ada, alert, version=2).alert.status is AlertStatus.TRUE_MATCH
    _verified(repo)


def test_rejection_and_reversal_send_the_alert_back(repo: Repository, team: Team) -> None:
    alert = team.alerts[1]
    propose(repo, team.ann, alert, "false_positive", version=1, reason_code="name_only")
    approve(repo, team.rita, alert, version=2)
    # A reversal of the final decision is a proposal too: a second person must agree.
    view = propose(repo, team.bob, alert, "true_match", version=3, note="passport matches")
    assert view.alert.status is AlertStatus.PENDING_REVIEW
    assert list(repo.audit_entries())[-1].payload["reversal"] is True
    with pytest.raises(InvalidInput, match="note"):
        reject(repo, team.rita, alert, version=4, note="  ")
    back = reject(repo, team.rita, alert, version=4, note="that passport is the father's")
    assert back.alert.status is AlertStatus.FALSE_POSITIVE  # where it was before
    assert [d.state for d in back.decisions] == [DecisionState.FINAL, DecisionState.REJECTED]
    assert len(repo.suppression_keys()) == 1
    _verified(repo)


def test_a_stale_version_is_a_conflict_that_writes_nothing(repo: Repository, team: Team) -> None:
    alert = team.alerts[0]
    propose(repo, team.ann, alert, "escalate", version=1, reason_code="needs_information")
    lines = len(list(repo.audit_entries()))
    with pytest.raises(
        Conflict, match=r"someone else decided this alert at .* \(ann: proposed escalate\); reload"
    ):
        propose(repo, team.bob, alert, "false_positive", version=1, reason_code="name_only")
    with pytest.raises(Conflict, match="version 2, yours was 1"):
        approve(repo, team.rita, alert, version=1)
    assert len(repo.decisions(alert)) == 1
    assert len(list(repo.audit_entries())) == lines
    # A proposal waiting blocks another one, even at the right version.
    with pytest.raises(Conflict, match="waiting for review"):
        propose(repo, team.bob, alert, "false_positive", version=2, reason_code="name_only")


@pytest.mark.parametrize("attempt", range(2))
def test_two_people_deciding_at_once_one_wins(
    backend: Backend, repo: Repository, team: Team, attempt: int
) -> None:
    """Two analysts, two threads, the same alert at version 1: exactly one proposal lands.

    On PostgreSQL each analyst has their own connection (as two servers would); the
    embedded store has one repository per process, shared by the server's threads.
    """
    alert = team.alerts[2]
    repos = [backend.open(), backend.open()] if backend.name == "postgres" else [repo, repo]
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def decide(who: User, store: Repository, kind: str) -> None:
        start.wait()
        try:
            propose(
                store, who, alert, kind, version=1, reason_code="other", note=f"{who.name} says"
            )
            outcomes.append("won")
        except Conflict as exc:
            outcomes.append(str(exc))

    threads = [
        threading.Thread(target=decide, args=(team.ann, repos[0], "false_positive")),
        threading.Thread(target=decide, args=(team.bob, repos[1], "true_match")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    if backend.name == "postgres":
        for r in repos:
            r.close()
    assert sorted(outcomes, key=lambda o: o != "won")[0] == "won"
    assert outcomes.count("won") == 1 and "reload" in next(o for o in outcomes if o != "won")
    assert len(repo.decisions(alert)) == 1
    assert repo.alert(alert).version == 2  # type: ignore[union-attr]
    _verified(repo)


def test_bulk_proposal_is_all_or_nothing_with_a_line_per_alert(
    repo: Repository, team: Team
) -> None:
    a, b, c = team.alerts
    propose(repo, team.ann, c, "escalate", version=1, reason_code="needs_information")
    lines = len(list(repo.audit_entries()))
    with pytest.raises(Conflict):
        bulk_propose(repo, team.bob, {a: 1, b: 1, c: 1}, "false_positive", reason_code="name_only")
    assert len(list(repo.audit_entries())) == lines
    assert repo.decisions(a) == [] and repo.decisions(b) == []
    views = bulk_propose(
        repo, team.bob, {a: 1, b: 1}, "false_positive", reason_code="different_country"
    )
    assert [v.alert.status for v in views] == [AlertStatus.PENDING_REVIEW] * 2
    new = list(repo.audit_entries())[lines:]
    assert [(e.action, e.subject) for e in new] == [("alert.propose", a), ("alert.propose", b)]
    assert {e.payload["reason_code"] for e in new} == {"different_country"}
    _verified(repo)


def test_four_eyes_off_decides_at_once(repo: Repository, team: Team) -> None:
    view = propose(
        repo, team.ann, team.alerts[1], "false_positive", version=1,
        reason_code="dob_mismatch", four_eyes=False,
    )  # fmt: skip
    assert view.alert.status is AlertStatus.FALSE_POSITIVE
    assert view.decisions[0].state is DecisionState.FINAL
    assert list(repo.audit_entries())[-1].action == "alert.decide"
    _verified(repo)


def test_reason_codes_are_checked(repo: Repository, team: Team) -> None:
    with pytest.raises(InvalidInput) as caught:
        propose(repo, team.ann, team.alerts[0], "false_positive", version=1, reason_code="vibes")
    assert caught.value.field == "reason_code"
    with pytest.raises(InvalidInput, match="reason is required"):
        propose(repo, team.ann, team.alerts[0], "false_positive", version=1, reason_code="other")
    assert repo.decisions(team.alerts[0]) == []


def test_tampered_review_state_is_reported(backend: Backend, repo: Repository, team: Team) -> None:
    alert = team.alerts[0]
    propose(repo, team.ann, alert, "true_match", version=1, reason_code="confirmed_identifier")
    _verified(repo)
    backend.execute("UPDATE decisions SET state = 'final', reviewer = 'ann'")
    report = verify(repo)
    lines = [m.line() for m in report.mismatches]
    assert any("state proposed, reviewer" in line and "state final" in line for line in lines), (
        lines
    )


def test_four_eyes_setting() -> None:
    assert Settings.from_env({}).four_eyes is True
    assert Settings.from_env({"MONEYTRAIL_FOUR_EYES": "0"}).four_eyes is False
    with pytest.raises(ConfigError, match="MONEYTRAIL_FOUR_EYES"):
        Settings.from_env({"MONEYTRAIL_FOUR_EYES": "sometimes"})


def test_cli_adds_a_reviewer(backend: Backend, monkeypatch: pytest.MonkeyPatch) -> None:
    backend.open().close()  # the store exists (PostgreSQL: its schema), as after `init`
    for key, value in backend.env.items():
        monkeypatch.setenv(key, value)
    result = run_cli("--store", str(backend.store), "users", "add", "rita", "--role", "reviewer")
    assert result.returncode == 0, result.stderr
    assert "created reviewer 'rita'" in result.stderr
    opened = backend.open()
    try:
        assert [(u.name, u.role) for u in opened.users()] == [("rita", Role.REVIEWER)]
    finally:
        opened.close()


def test_a_store_from_before_four_eyes_migrates(backend: Backend) -> None:
    """Decisions and alerts written before the new columns read as final, version 1."""
    backend.open().close()
    legacy = ["state", "reason_code", "reviewer", "reviewed_at", "review_note", "previous"]
    backend.execute(
        "DROP INDEX decisions_alert",
        *(f"ALTER TABLE decisions DROP COLUMN {c}" for c in legacy),
        "DROP INDEX alerts_query",
        "ALTER TABLE alerts DROP COLUMN version",
        "INSERT INTO alerts (id, query_id, entity_id, entry_digest, status, created_at, "
        "updated_at) VALUES ('al-old', 'q', 'e', 'd', 'false_positive', '2024', '2024')",
        "INSERT INTO decisions VALUES ('d-old', 'al-old', 'false_positive', 'born 1990', "
        "'ann', '2024')",
    )
    opened = backend.open()
    try:
        assert opened.alert("al-old").version == 1  # type: ignore[union-attr]
        (old,) = opened.decisions("al-old")
        assert (old.state, old.reviewer) == (DecisionState.FINAL, None)
    finally:
        opened.close()
