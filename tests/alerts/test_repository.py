"""The Repository contract, on both stores: what services rely on, read back unchanged."""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path

import pytest

from moneytrail.alerts import (
    Alert,
    AlertFilter,
    AlertStatus,
    AuditLog,
    Decision,
    DecisionKind,
    Repository,
    Role,
    User,
    verify,
)
from moneytrail.alerts.factory import open_repository
from moneytrail.alerts.models import AuditEntry, alert_id
from moneytrail.errors import ConfigError
from moneytrail.settings import Settings
from tests.alerts.backends import postgres_backend


def _alert(
    query: str, entity: str, *, score: float = 0.9, at: str = "2025-01-01T00:00:00"
) -> Alert:
    return Alert(
        id=alert_id(query, entity, "d1"),
        query_id=query,
        entity_id=entity,
        entry_digest="d1",
        caption=f"Caption of {entity} – ünïcode",
        schema="Person",
        datasets=("us_ofac_sdn", "un_sc_sanctions"),
        score=score,
        algorithm="screen-v1",
        query={"id": query, "names": ["Kassim Tajideen"]},
        explanation={"name": {"query": "Kassim", "contribution": 0.8125}, "features": {}},
        list_versions={"us_ofac_sdn": "2021-07-07"},
        status=AlertStatus.OPEN,
        created_at=at,
        updated_at=at,
    )


def test_alerts_round_trip_and_filters(repo: Repository) -> None:
    first, second = _alert("c1", "e1", score=0.95), _alert("c2", "e2", score=0.75, at="2025-02")
    assert repo.add_alert(first) and repo.add_alert(second)
    assert not repo.add_alert(replace(first, caption="changed"))  # the id exists: kept as is
    assert repo.alert(first.id) == first
    assert repo.alert("al-none") is None
    assert [a.id for a in repo.alerts(AlertFilter())] == [second.id, first.id]  # newest first
    assert [a.id for a in repo.alerts(AlertFilter(min_score=0.9))] == [first.id]
    assert [a.id for a in repo.alerts(AlertFilter(query_id="c2"))] == [second.id]
    assert [a.id for a in repo.alerts(AlertFilter(entity_id="e1"))] == [first.id]
    assert len(repo.alerts(AlertFilter(dataset="un_sc_sanctions"))) == 2
    assert repo.alerts(AlertFilter(dataset="eu_fsf")) == []
    assert [a.id for a in repo.alerts(AlertFilter(limit=1, offset=1))] == [first.id]
    repo.set_status(first.id, AlertStatus.FALSE_POSITIVE, "2025-03")
    stored = repo.alert(first.id)
    assert stored is not None and stored.status is AlertStatus.FALSE_POSITIVE
    assert stored.updated_at == "2025-03"
    assert [a.id for a in repo.alerts(AlertFilter(status=AlertStatus.OPEN))] == [second.id]
    assert repo.suppression_keys() == frozenset({("c1", "e1", "d1")})


def test_decisions_in_order(repo: Repository) -> None:
    alert = _alert("c1", "e1")
    repo.add_alert(alert)
    later = Decision("d-b", alert.id, DecisionKind.ESCALATE, "ask compliance", "ann", "2025-02")
    earlier = Decision("d-a", alert.id, DecisionKind.FALSE_POSITIVE, "born 1990", "ann", "2025-01")
    repo.add_decision(later)
    repo.add_decision(earlier)
    assert repo.decisions(alert.id) == [earlier, later]
    assert repo.decisions("al-other") == []


def test_users_and_credentials(repo: Repository) -> None:
    bob = User("u2", "bob", Role.ADMIN, "k2", "2025-01-02")
    ann = User("u1", "ann", Role.ANALYST, "k1", "2025-01-01")
    repo.add_user(bob, b"\x00salt", b"\xffhash")
    repo.add_user(ann, b"salt2", b"hash2")
    assert repo.users() == [ann, bob]
    found = repo.credentials("k2")
    assert found is not None
    assert (found.user, found.salt, found.key_hash) == (bob, b"\x00salt", b"\xffhash")
    assert repo.credentials("nope") is None


def test_merged_ids_upsert(repo: Repository) -> None:
    assert repo.canonical_id("old") is None
    repo.add_merged_id("old", "new")
    repo.add_merged_id("old", "newer")
    assert repo.canonical_id("old") == "newer"


def test_transaction_rolls_back_everything(repo: Repository) -> None:
    log = AuditLog(repo)
    log.append("ann", "screen", "s1", {"n": 1})
    head = repo.audit_head()
    with pytest.raises(RuntimeError), repo.transaction():
        repo.add_alert(_alert("c1", "e1"))
        log.append("ann", "alert.raise", "x")
        raise RuntimeError("crash mid-way")
    assert repo.alerts(AlertFilter()) == []
    assert repo.audit_head() == head
    assert [e.seq for e in repo.audit_entries()] == [1]
    assert log.append("ann", "screen", "s2").seq == 2
    assert verify(repo).ok


def test_audit_lines_read_back_as_written(repo: Repository) -> None:
    assert repo.audit_head() is None
    payload = {"input": {"names": ["Ĥásan", "حسن"]}, "score": 0.8125, "n": 3, "ok": True}
    entry = AuditLog(repo).append("cli:root", "lists.update", "us_ofac_sdn", payload)
    (stored,) = list(repo.audit_entries())
    assert stored == entry and isinstance(stored, AuditEntry)
    assert repo.audit_head() == (1, entry.hash)


def test_factory_picks_the_store(tmp_path: Path) -> None:
    settings = Settings(store=tmp_path / "s.duckdb", progress=False)
    repo = open_repository(settings, env={})
    assert type(repo).__name__ == "DuckDBRepository"
    repo.close()
    with pytest.raises(ConfigError, match="postgresql://"):
        open_repository(settings, env={"MONEYTRAIL_DATABASE_URL": "mysql://x"})


def test_settings_carry_the_database_url(tmp_path: Path) -> None:
    env = {"MONEYTRAIL_STORE": str(tmp_path / "s.duckdb"), "MONEYTRAIL_DATABASE_URL": " mysql://x "}
    settings = Settings.from_env(env)
    assert settings.database_url == "mysql://x"
    with pytest.raises(ConfigError, match="postgresql://"):
        open_repository(settings)
    assert Settings.from_env({"MONEYTRAIL_DATABASE_URL": "  "}).database_url is None


def test_postgres_appends_from_many_connections_keep_one_chain(tmp_path: Path) -> None:
    """Separate connections (as separate servers would hold) must not fork the chain.

    Without the row lock on audit_head two writers read the same head and both
    write line n+1; verify would then report an inserted line.
    """
    with postgres_backend(tmp_path / "unused.duckdb") as backend:
        repos = [backend.open() for _ in range(4)]

        def write(repo: Repository, worker: int) -> None:
            log = AuditLog(repo)
            for i in range(25):
                log.append(f"w{worker}", "screen", f"{worker}/{i}", {"i": i})

        threads = [threading.Thread(target=write, args=(r, n)) for n, r in enumerate(repos)]
        try:
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            report = verify(repos[0])
        finally:
            for repo in repos:
                repo.close()
        assert report.ok, report.problems
        assert report.lines == 100


def test_kind_filter_reaches_past_the_newest_alerts(repo: Repository) -> None:
    """The kind lives in the explanation; the store filters on it, so an old typology
    alert is found however many newer screening alerts there are."""
    old = replace(
        _alert("acct-9", "typology-fan_in", at="2024-01-01T00:00:00"),
        explanation={"kind": "typology", "reasons": ["12 payers in 3 days"]},
    )
    repo.add_alert(old)
    for k in range(30):
        repo.add_alert(_alert(f"c{k}", "e1", at=f"2025-01-01T00:00:{k:02d}"))
    assert [a.id for a in repo.alerts(AlertFilter(kind="typology", limit=5))] == [old.id]
    screening = repo.alerts(AlertFilter(kind="screening", limit=100))
    assert len(screening) == 30 and old.id not in {a.id for a in screening}
    assert repo.alerts(AlertFilter(kind="trace")) == []
