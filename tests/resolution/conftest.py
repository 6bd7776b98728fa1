"""A small store where resolution has something to find: an OFAC slice with Kassim
Tajideen (ofac-11494), the synthetic Tajideen registry (demo-p-kassim shares his
passport 0285669) and hand-built bank customers with spelling variants."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from moneytrail.services.lists import load_source
from moneytrail.store import Store
from moneytrail.store.snapshots import copy_store

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def resolution_store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("resolution") / "store.duckdb"
    with Store(path) as store:
        load_source(store, ROOT / "tests" / "fixtures" / "ofac_sdn_2024-05_slice")
        load_source(store, ROOT / "moneytrail/data/demo/tajideen_registry.jsonl",
                    version="2025-06-30")  # fmt: skip
        load_source(store, DATA / "customers.jsonl", version="2025-07-01")
    return path


@pytest.fixture
def store_path(resolution_store_path: Path, tmp_path: Path) -> Path:
    """A private copy, free to judge and resolve."""
    target = tmp_path / "store.duckdb"
    copy_store(resolution_store_path, target)
    return target


@pytest.fixture
def store(store_path: Path) -> Iterator[Store]:
    with Store(store_path) as opened:
        yield opened
