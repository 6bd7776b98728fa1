"""An API over a small store (two list slices, an admin and an analyst), per test."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from moneytrail.alerts import AuditLog, DuckDBRepository, Role, add_user
from moneytrail.server import ApiConfig, create_app
from moneytrail.services.lists import load_source
from moneytrail.settings import Settings
from moneytrail.store import Store
from moneytrail.store.snapshots import copy_store
from tests.conftest import FIXTURES


@dataclass(frozen=True)
class SliceStore:
    path: Path
    admin_key: str
    analyst_key: str


@pytest.fixture(scope="session")
def slice_store(tmp_path_factory: pytest.TempPathFactory) -> SliceStore:
    """OFAC SDN (July 2021 slice) and UN slice, with one admin and one analyst."""
    path = tmp_path_factory.mktemp("api") / "slice.duckdb"
    with Store(path) as store:
        load_source(store, FIXTURES / "ofac_sdn_2021-07_slice", version="2021-07-07")
        load_source(store, FIXTURES / "un_sc_slice")
    repo = DuckDBRepository(path)
    try:
        audit = AuditLog(repo)
        _, admin = add_user(repo, audit, "ada", Role.ADMIN, "test")
        _, analyst = add_user(repo, audit, "ann", Role.ANALYST, "test")
    finally:
        repo.close()
    return SliceStore(path, admin, analyst)


@dataclass
class Api:
    client: TestClient
    store: Path
    admin: dict[str, str]
    analyst: dict[str, str]

    def repo(self) -> DuckDBRepository:
        """A second connection to the same file, as the lead's tools would open."""
        return self.client.app.state.services.repo  # type: ignore[attr-defined,no-any-return]

    def counts(self) -> dict[str, int]:
        eng = self.repo().engine
        tables = ("alerts", "decisions", "users", "audit_log", "merged_ids")
        return {t: int(eng.rows(f"SELECT count(*) FROM {t}")[0][0]) for t in tables}

    def audit_lines(self) -> list[dict[str, object]]:
        return [e.as_record() for e in self.repo().audit_entries()]


def make_api(source: SliceStore, target: Path, config: ApiConfig) -> Iterator[Api]:
    copy_store(source.path, target)
    app = create_app(Settings(store=target, progress=False), config)
    with TestClient(app) as client:
        yield Api(
            client,
            target,
            {"Authorization": f"ApiKey {source.admin_key}"},
            {"X-API-Key": source.analyst_key},
        )


@pytest.fixture
def api(slice_store: SliceStore, tmp_path: Path) -> Iterator[Api]:
    yield from make_api(slice_store, tmp_path / "store.duckdb", ApiConfig(rate=0, anon_rate=0))
