"""A day of review activity through the services, for the audit-coverage tests.

Accounts added, rotated, disabled and removed; three customers screened against the
real 2021 OFAC SDN slice; alerts escalated, decided and reopened. Every change goes
through the services, so every change is audited, as in production.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from moneytrail.alerts import (
    AuditLog,
    Repository,
    Role,
    add_user,
    decide,
    disable_user,
    raise_alerts,
    remove_user,
    reopen,
    rotate_key,
)
from moneytrail.screening import Match, Query, ScreenConfig, screener_from_store
from moneytrail.services.lists import load_source
from moneytrail.store import Store
from tests.alerts.backends import Backend
from tests.conftest import FIXTURES

VERSIONS = {"us_ofac_sdn": "2021-07-07"}
CUSTOMERS = {"c-kassim": "Kassim Tajideen", "c-hasan": "Hassan Nasrallah", "c-ali": "Ali Tajideen"}

Screened = list[tuple[Query, list[Match]]]


@pytest.fixture(scope="module")
def screened(tmp_path_factory: pytest.TempPathFactory) -> Screened:
    """The three customers screened against the real 2021 SDN slice (once per module)."""
    with Store(tmp_path_factory.mktemp("lists") / "lists.duckdb") as store:
        load_source(store, FIXTURES / "ofac_sdn_2021-07_slice", version="2021-07-07")
        screener = screener_from_store(store)
        out = []
        for cid, name in CUSTOMERS.items():
            query = Query.from_record(
                {"id": cid, "schema": "Person", "properties": {"name": [name]}}
            )
            out.append((query, screener.screen(query, ScreenConfig())))
    return out


@dataclass
class Active:
    backend: Backend
    alerts: dict[str, str]  # customer id -> alert id


def record_activity(repo: Repository, screened: Screened) -> dict[str, str]:
    """What a team does in a day, through the services (so every change is audited)."""
    audit = AuditLog(repo)
    for name, role in (("ann", Role.ANALYST), ("ada", Role.ADMIN), ("bob", Role.ANALYST)):
        add_user(repo, audit, name, role, "cli:root")
    add_user(repo, audit, "carl", Role.ANALYST, "cli:root", expires_days=30)
    add_user(repo, audit, "dave", Role.ADMIN, "cli:root")
    rotate_key(repo, audit, "bob", "ada", expires_days=90)
    disable_user(repo, audit, "carl", "ada")
    remove_user(repo, audit, "dave", "ada")
    alerts = {}
    for query, matches in screened:
        (alert,) = raise_alerts(repo, query, matches, VERSIONS)
        alerts[query.id] = alert.id
    decide(repo, alerts["c-kassim"], "escalate", "same name, DOB not given", "ann")
    decide(repo, alerts["c-kassim"], "true_match", "DOB and nationality agree", "ada")
    decide(repo, alerts["c-hasan"], "false_positive", "customer born 1990 in Oslo", "ann")
    reopen(repo, alerts["c-hasan"], "passport copy disagrees", "ada")
    return alerts


@pytest.fixture
def active(
    backend: Backend, screened: Screened, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Active]:
    repo = backend.open()
    try:
        alerts = record_activity(repo, screened)
    finally:
        repo.close()
    for key, value in backend.env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("MONEYTRAIL_AUDIT_KEY", raising=False)
    monkeypatch.delenv("MONEYTRAIL_AUDIT_ANCHOR", raising=False)
    yield Active(backend, alerts)
