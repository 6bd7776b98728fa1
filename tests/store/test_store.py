"""The statement store: counts, provenance, first_seen across versions, atomic loads."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from moneytrail.errors import NotFound
from moneytrail.store import Store
from tests.store.listfactory import version_2021, version_2024


def test_load_counts_and_provenance(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        result = store.load(version_2021())
        assert (result.entries, result.aliases, result.added) == (3, 1, 3)
        [info] = store.lists()
        assert (info.dataset, info.version, info.entries, info.aliases) == (
            "test_sdn",
            "2021-07-07",
            3,
            1,
        )
        facts = store.entity_statements("ofac-11494")
        alias = next(s for s in facts if s.prop == "alias")
        assert alias.value == "TAJI AL-DIN, Qasim"
        assert alias.source_record == "alt.csv:114940"
        assert alias.list_version == alias.first_seen == alias.last_seen == "2021-07-07"


def test_new_version_replaces_and_keeps_first_seen(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        store.load(version_2021())
        result = store.load(version_2024())
        assert (result.added, result.removed, result.changed) == (1, 1, 1)
        assert [i.version for i in store.lists()] == ["2024-05-03"]
        with pytest.raises(NotFound):
            store.entity_statements("ofac-99999")
        name = next(s for s in store.entity_statements("ofac-11494") if s.prop == "name")
        assert (name.first_seen, name.last_seen) == ("2021-07-07", "2024-05-03")
        new_alias = next(s for s in store.entity_statements("ofac-12450") if s.prop == "alias")
        assert new_alias.first_seen == "2024-05-03"


def test_failed_load_leaves_store_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        store.load(version_2021())

        def explode(*args: object, **kwargs: object) -> None:
            raise RuntimeError("disk full")

        monkeypatch.setattr("moneytrail.store.loading._record_version", explode)
        with pytest.raises(RuntimeError):
            store.load(version_2024())
        assert [i.version for i in store.lists()] == ["2021-07-07"]
        assert store.entity_statements("ofac-99999")
        assert not [s for s in store.entity_statements("ofac-12450") if s.prop == "alias"]


def test_crash_mid_load_keeps_previous_version(tmp_path: Path) -> None:
    """A process killed inside the load transaction leaves the committed version intact."""
    path = tmp_path / "s.duckdb"
    with Store(path) as store:
        store.load(version_2021())
    script = textwrap.dedent(
        f"""
        import os
        import moneytrail.store.loading as loading
        from moneytrail.store import Store
        from tests.store.listfactory import version_2024
        store = Store({str(path)!r})
        def die(*a, **k):
            os._exit(9)  # no rollback, no close: as if the machine lost power
        loading._record_version = die
        store.load(version_2024())
        """
    )
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.run([sys.executable, "-c", script], cwd=root, check=False)
    assert proc.returncode == 9
    with Store(path) as store:
        assert [i.version for i in store.lists()] == ["2021-07-07"]
        assert store.entity_statements("ofac-99999")
        assert len(store.statements_table()) == sum(1 for _ in version_2021().statements)
