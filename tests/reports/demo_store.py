"""One seeded demo store per test session, shared by the report and the web tests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from moneytrail.services.demo import DemoSeed, seed_demo_store
from moneytrail.store.snapshots import copy_store

_CACHE: dict[str, tuple[Path, DemoSeed]] = {}


@dataclass(frozen=True)
class DemoStore:
    path: Path
    seed: DemoSeed


def demo_store(factory: pytest.TempPathFactory) -> DemoStore:
    """The SDN list, the synthetic registry, the demo flows and their alerts (about 10 s)."""
    if "demo" not in _CACHE:
        path = factory.mktemp("demo") / "demo.duckdb"
        _CACHE["demo"] = (path, seed_demo_store(path, all_lists=False))
    path, seed = _CACHE["demo"]
    return DemoStore(path, seed)


def copy_of(source: DemoStore, target: Path) -> DemoStore:
    copy_store(source.path, target)
    return DemoStore(target, source.seed)
