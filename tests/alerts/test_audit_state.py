"""Audit coverage (issue 19, finding 7): verify compares the tables with the log.

A store with real activity (accounts added, rotated, disabled and removed; alerts
raised by screening the OFAC slice, decided and reopened) verifies; each tampering
the red team made by SQL is then reported on both stores, naming the row, what the
log says and what the table says.
"""

from __future__ import annotations

import pytest

from moneytrail.alerts import AuditLog, Repository, raise_alerts, verify
from moneytrail.alerts.audit import AuditReport
from tests.alerts.activity import VERSIONS, Active, Screened
from tests.alerts.backends import Backend
from tests.conftest import run_cli


def _verify(backend: Backend) -> AuditReport:
    repo = backend.open()
    try:
        return verify(repo)
    finally:
        repo.close()


def test_real_activity_verifies(active: Active) -> None:
    report = _verify(active.backend)
    assert report.ok, (report.problems, report.mismatches)
    assert report.counts is not None
    assert (report.counts.users, report.counts.alerts, report.counts.decisions) == (4, 3, 3)
    result = run_cli("--store", str(active.backend.store), "audit", "verify")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "tables agree with the log: 4 users, 3 alerts, 3 decisions" in result.stdout


TAMPERINGS = {
    "promote analyst": (
        ["UPDATE users SET role = 'admin' WHERE name = 'ann'"],
        ("users", "(ann)", "role analyst", "role admin"),
    ),
    "flip decision": (
        ["UPDATE decisions SET kind = 'false_positive' WHERE kind = 'true_match'"],
        ("decisions", "on al-", "kind true_match", "kind false_positive"),
    ),
    "delete decision": (
        ["DELETE FROM decisions WHERE kind = 'escalate'"],
        ("decisions", "on al-", "kind escalate", "no such row"),
    ),
    "close alert": (
        ["UPDATE alerts SET status = 'false_positive' WHERE entity_id = 'ofac-12450'"],
        ("alerts", "al-", "status open", "status false_positive"),
    ),
    "re-enable account": (
        ["UPDATE users SET disabled_at = NULL WHERE name = 'carl'"],
        ("users", "(carl)", "disabled yes", "disabled no"),
    ),
    "forged admin": (
        [
            "INSERT INTO users SELECT 'u-eve', 'eve', 'admin', 'k-eve', salt, key_hash, "
            "created_at, NULL, NULL FROM users WHERE name = 'ann'"
        ],
        ("users", "u-eve (eve)", "no such row was ever written", "role admin"),
    ),
    "log and head deleted": (
        ["DELETE FROM audit_log", "DELETE FROM audit_head"],
        ("users", "(ann)", "no such row was ever written", "role analyst"),
    ),
}


@pytest.mark.parametrize("name", TAMPERINGS)
def test_tampering_by_sql_is_reported(active: Active, name: str) -> None:
    statements, (table, row, log_says, table_says) = TAMPERINGS[name]
    assert _verify(active.backend).ok
    active.backend.execute(*statements)
    report = _verify(active.backend)
    assert not report.ok
    found = [
        m
        for m in report.mismatches
        if m.table == table and row in m.row and log_says in m.log and table_says in m.stored
    ]
    assert found, [m.line() for m in report.mismatches]


def test_flipped_decision_with_its_status_names_both(active: Active) -> None:
    """The attacker keeps decision and status consistent; both still differ from the log."""
    active.backend.execute(
        "UPDATE decisions SET kind = 'false_positive' WHERE kind = 'true_match'",
        f"UPDATE alerts SET status = 'false_positive' WHERE id = '{active.alerts['c-kassim']}'",
    )
    lines = [m.line() for m in _verify(active.backend).mismatches]
    assert len(lines) == 2, lines
    assert any(line.startswith(f"alerts {active.alerts['c-kassim']}:") for line in lines)
    result = run_cli("--store", str(active.backend.store), "audit", "verify")
    assert result.returncode == 1
    assert "the log says status true_match; the table says status false_positive" in result.stdout
    assert "audit log NOT intact: 2 problem(s)" in result.stderr


def test_unreadable_state_line_is_reported(repo: Repository) -> None:
    """A state line lacking what replay needs cannot vouch for anything: it is named."""
    AuditLog(repo).append("ann", "alert.decide", "al-x", {"reason": "no decision field"})
    report = verify(repo)
    assert [(m.table, m.row) for m in report.mismatches][:1] == [("log", "line 1")]


def test_lines_without_the_new_fields_still_match(repo: Repository, screened: Screened) -> None:
    """Stores written before decision ids were logged: decisions match by their content."""
    from moneytrail.alerts.models import Decision, DecisionKind

    query, matches = screened[0]
    (alert,) = raise_alerts(repo, query, matches, VERSIONS)
    with repo.transaction():
        repo.add_decision(
            Decision("d-old", alert.id, DecisionKind.ESCALATE, "unclear", "ann", "2025-01-01")
        )
        repo.set_status(alert.id, alert.status.ESCALATED, "2025-01-01")
        payload = {"decision": "escalate", "reason": "unclear", "previous": "open"}
        AuditLog(repo).append("ann", "alert.decide", alert.id, payload)
    assert verify(repo).ok
    repo.set_status(alert.id, alert.status.OPEN, "2025-01-02")
    assert [m.table for m in verify(repo).mismatches] == ["alerts"]


def test_api_verify_lists_the_mismatches(repo: Repository, backend: Backend) -> None:
    """GET /audit/verify reports the same disagreements as the command line."""
    from fastapi.testclient import TestClient

    from moneytrail.alerts import Role, add_user
    from moneytrail.server import ApiConfig, create_app
    from moneytrail.settings import Settings

    _, key = add_user(repo, AuditLog(repo), "ada", Role.ADMIN, "test")
    ann, _ = add_user(repo, AuditLog(repo), "ann", Role.ANALYST, "test")
    repo.set_disabled(ann.id, "2026-01-01T00:00:00+00:00")  # a write that skipped the log
    app = create_app(Settings(store=backend.store, progress=False), ApiConfig(rate=0), repo=repo)
    with TestClient(app) as client:
        body = client.get("/audit/verify", headers={"X-API-Key": key}).json()
    assert body["ok"] is False and body["problems"] == []
    assert body["mismatches"] == [
        {
            "table": "users",
            "row": f"{ann.id} (ann)",
            "log": "disabled no",
            "stored": "disabled yes",
        }
    ]
