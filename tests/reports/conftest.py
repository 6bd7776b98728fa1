"""The seeded demo store, opened read-write on a private copy per test module."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from moneytrail.alerts import DuckDBRepository
from moneytrail.store import Store
from tests.reports.demo_store import DemoStore, copy_of, demo_store


@pytest.fixture(scope="session")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> DemoStore:
    return demo_store(tmp_path_factory)


@dataclass
class Opened:
    store: Store
    repo: DuckDBRepository
    path: object


@pytest.fixture(scope="module")
def opened(seeded: DemoStore, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Opened]:
    target = copy_of(seeded, tmp_path_factory.mktemp("case") / "case.duckdb")
    store = Store(target.path)
    repo = DuckDBRepository(target.path)
    yield Opened(store, repo, target.path)
    repo.close()
    store.close()
