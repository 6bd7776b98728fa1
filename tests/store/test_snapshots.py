"""Statement snapshots: atomic swaps, kill -9 at any step, loads in turn, the index cache."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from moneytrail.screening import screener_from_store
from moneytrail.screening.service import write_index_cache
from moneytrail.store import Store
from moneytrail.store.snapshots import SnapshotDir, lists_dir
from tests.conftest import ROOT
from tests.store.listfactory import make_list, person, version_2021, version_2024

# Where a load can die, each with the code that kills the process there (os._exit: no
# rollback, no close, no atexit: as if the machine lost power).
KILL_POINTS = {
    "after copying the current snapshot": """
import moneytrail.store.snapshots as snaps
copy = snaps.shutil.copyfile
def die(*a, **k):
    copy(*a, **k); os._exit(9)
snaps.shutil.copyfile = die
""",
    "inside the load transaction": """
import moneytrail.store.loading as loading
def die(*a, **k): os._exit(9)
loading._record_version = die
""",
    "after the new file is complete, before it is named current": """
def die(*a, **k): os._exit(9)
store.prepare = die
""",
    "while the pointer is being replaced": """
import moneytrail.store.snapshots as snaps
replace = snaps.os.replace
def die(src, dst):
    if str(dst).endswith("current"): os._exit(9)
    replace(src, dst)
snaps.os.replace = die
""",
}


def _run(script: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


@pytest.mark.parametrize("point", sorted(KILL_POINTS))
def test_kill_9_at_any_step_leaves_the_previous_version_serving(tmp_path: Path, point: str) -> None:
    path = tmp_path / "s.duckdb"
    with Store(path) as store:
        store.load(version_2021())
    script = (
        "import os\nfrom moneytrail.store import Store\n"
        "from tests.store.listfactory import version_2024\n"
        f"store = Store({str(path)!r})\n" + KILL_POINTS[point] + "store.load(version_2024())\n"
    )
    proc = _run(script)
    assert proc.returncode == 9, proc.stderr
    with Store(path) as store:
        assert [i.version for i in store.lists()] == ["2021-07-07"]
        assert store.entity_statements("ofac-99999")  # removed in 2024: still served
        result = store.load(version_2024())
        assert (result.added, result.removed, result.changed) == (1, 1, 1)
        assert [i.version for i in store.lists()] == ["2024-05-03"]
    leftovers = [p.name for p in lists_dir(path).iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


def test_a_reader_keeps_its_snapshot_until_it_refreshes(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    with Store(path) as writer:
        writer.load(version_2021())
        reader = Store(path)
        try:
            writer.load(version_2024())
            assert [i.version for i in reader.lists()] == ["2021-07-07"]
            assert reader.entity_statements("ofac-99999")
            assert reader.refresh() is True
            assert [i.version for i in reader.lists()] == ["2024-05-03"]
            assert reader.refresh() is False
        finally:
            reader.close()


def test_two_loads_at_once_complete_in_turn(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    with Store(path):
        pass
    script = """
import sys
from moneytrail.store import Store
from tests.store.listfactory import make_list, person
name = sys.argv[1]
parsed = make_list("2024-05-03", [person("2024-05-03", name, f"PERSON, {name}", [], "1970")])
parsed.dataset = f"list_{name}"
with Store(sys.argv[2]) as store:
    store.load(parsed)
"""
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", textwrap.dedent(script), name, str(path)],
            cwd=ROOT,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("1001", "1002")
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    with Store(path) as store:
        assert sorted(i.dataset for i in store.lists()) == ["list_1001", "list_1002"]
    current = SnapshotDir(lists_dir(path)).current()
    assert current is not None and current.number == 2  # one each, the second on the first


def test_the_index_is_saved_with_the_snapshot_and_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "s.duckdb"
    with Store(path) as store:
        store.prepare = write_index_cache
        store.load(version_2024())
        assert store.snapshot is not None and store.snapshot.index_path.exists()
        built = screener_from_store(store)
        built_hits = built.index.entries

        def no_building(*args: object) -> None:
            raise AssertionError("the index was built again")

        monkeypatch.setattr("moneytrail.screening.service.build_index", no_building)
        cached = screener_from_store(store)
        assert [e.id for e in cached.index.entries] == [e.id for e in built_hits]


def test_a_damaged_index_is_rebuilt_not_read(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    with Store(path) as store:
        store.prepare = write_index_cache
        store.load(version_2024())
        assert store.snapshot is not None
        index_path = store.snapshot.index_path
        data = bytearray(index_path.read_bytes())
        data[-10] ^= 0xFF
        index_path.write_bytes(bytes(data))
        screener = screener_from_store(store)
        assert {e.id for e in screener.index.entries} == {"ofac-11494", "ofac-12450", "ofac-12451"}
        assert index_path.read_bytes() != bytes(data)  # rewritten


def test_a_store_made_before_snapshots_moves_into_its_first_one(tmp_path: Path) -> None:
    """Schema 1 kept statements in the store file itself."""
    path = tmp_path / "old.duckdb"
    with Store(path) as store:
        store.load(version_2021())
        snap = store.snapshot
    assert snap is not None
    con = duckdb.connect(str(path))
    con.execute(f"ATTACH '{snap.path}' AS snap (READ_ONLY)")
    for table in ("statements", "list_versions", "list_files", "entry_digests"):
        con.execute(f"CREATE TABLE {table} AS SELECT * FROM snap.{table}")
    con.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    con.close()
    for leftover in lists_dir(path).iterdir():
        leftover.unlink()
    lists_dir(path).rmdir()
    with Store(path) as store:
        assert [i.version for i in store.lists()] == ["2021-07-07"]
        assert store.entity_statements("ofac-11494")
    con = duckdb.connect(str(path), read_only=True)
    tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    version = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall()
    con.close()
    assert "statements" not in tables and version == [("2",)]


def test_old_snapshots_are_pruned_to_the_documented_number(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MONEYTRAIL_KEEP_SNAPSHOTS", "1")
    path = tmp_path / "s.duckdb"
    with Store(path) as store:
        for year in range(2019, 2025):
            day = f"{year}-01-01"
            store.load(make_list(day, [person(day, "11494", "TAJIDEEN, Kassim", [], "1955")]))
        assert [i.version for i in store.lists()] == ["2024-01-01"]
    kept = sorted(p.name for p in lists_dir(path).glob("*.duckdb"))
    assert kept == ["000005.duckdb", "000006.duckdb"]  # the current one and one before
