"""Every repository test runs on both stores (see tests/alerts/backends.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from moneytrail.alerts import Repository
from tests.alerts.activity import active, screened  # noqa: F401  (audit-coverage fixtures)
from tests.alerts.backends import BACKENDS, Backend, backend_for


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    with backend_for(request.param, tmp_path / "store.duckdb") as found:
        yield found


@pytest.fixture
def repo(backend: Backend) -> Iterator[Repository]:
    opened = backend.open()
    try:
        yield opened
    finally:
        opened.close()
