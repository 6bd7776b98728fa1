"""A store holding the July 2021 SDN slice, a three-customer portfolio, and a changed copy.

The changed copy of the slice (version 2021-08-01) differs in three entries:

- ofac-7782 gains the alias "NOVAKOVIC, Ibrahim", which customer c-new is called;
- ofac-2686 (Nasrallah) gains an alias; customer c-nasrallah's alert on it was decided
  a false positive before the update, so the changed entry must alert again;
- ofac-4243 (the vessel SAND SWAN) gains a former name no customer resembles.

Customer c-kassim matches ofac-11494, which does not change: decided a false positive,
it must stay quiet.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from moneytrail.alerts import AlertFilter, Repository, decide
from moneytrail.services.lists import load_source
from moneytrail.services.portfolio import add_portfolio
from moneytrail.store import Store
from tests.alerts.backends import BACKENDS, Backend, backend_for
from tests.conftest import FIXTURES

SLICE = FIXTURES / "ofac_sdn_2021-07_slice"
NEW_ALIASES = (
    b'7782,99001,"aka","NOVAKOVIC, Ibrahim",-0- \r\n'
    b'2686,99002,"aka","NASRALLAH, Hassan Abdel Karim",-0- \r\n'
    b'4243,99003,"fka","BLUE HERON",-0- \r\n'
)
CUSTOMERS = (
    {"id": "c-kassim", "schema": "Person", "properties": {"name": ["Kassim Tajideen"]}},
    {"id": "c-nasrallah", "schema": "Person", "properties": {"name": ["Hasan Nasrallah"]}},
    {"id": "c-new", "schema": "Person", "properties": {"name": ["Ibrahim Novakovic"]}},
)


def changed_slice(target: Path) -> Path:
    """A copy of the slice with NEW_ALIASES added before alt.csv's closing Ctrl-Z."""
    shutil.copytree(SLICE, target)
    alt = target / "alt.csv"
    body = alt.read_bytes()
    assert body.endswith(b"\x1a")
    alt.write_bytes(body[:-1] + NEW_ALIASES + b"\x1a")
    return target


@dataclass
class Monitored:
    store: Store
    repo: Repository
    backend: Backend
    changed: Path  # the changed copy of the slice
    tmp: Path

    def alert_keys(self) -> set[tuple[str, str]]:
        return {(a.query_id, a.entity_id) for a in self.repo.alerts(AlertFilter(limit=500))}

    def versions(self) -> dict[str, str]:
        return {i.dataset: i.version for i in self.store.lists()}


@pytest.fixture(params=BACKENDS)
def monitored(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Monitored]:
    """The slice loaded, the portfolio added, both false positives decided."""
    with backend_for(request.param, tmp_path / "store.duckdb") as backend:
        store = Store(backend.store)
        repo = backend.open()
        try:
            load_source(store, SLICE, version="2021-07-07")
            people = tmp_path / "customers.jsonl"
            people.write_text("".join(json.dumps(c) + "\n" for c in CUSTOMERS))
            added = add_portfolio(store, repo, str(people), {}, actor="test")
            assert {(a.query_id, a.entity_id) for a in added.alerts} == {
                ("c-kassim", "ofac-11494"),
                ("c-nasrallah", "ofac-2686"),
            }
            for alert in added.alerts:
                decide(repo, alert.id, "false_positive", "different person", "ann")
            yield Monitored(store, repo, backend, changed_slice(tmp_path / "changed"), tmp_path)
        finally:
            repo.close()
            store.close()
