"""One screener over the bundled lists for the validation tests (the pack needs every kind
of name the real lists hold: aliases, original scripts, particles, legal forms)."""

from __future__ import annotations

from pathlib import Path

import pytest

from moneytrail.screening import Screener, screener_from_store
from moneytrail.store import Store


@pytest.fixture(scope="session")
def bundled_screener(bundled_store_path: Path) -> Screener:
    with Store(bundled_store_path, read_only=True) as store:
        return screener_from_store(store)
