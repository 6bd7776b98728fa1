"""List versions: never older, never undated over dated, without --allow-older.

On the real OFAC SDN CSV sets of July 2021 and May 2024 (which carry no date inside)
and the UN consolidated list (whose dateGenerated is its version).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from moneytrail.errors import InvalidInput
from moneytrail.services.lists import load_source
from moneytrail.sources.base import load_date
from moneytrail.store import Store
from moneytrail.store.versions import freshness
from tests.conftest import run_cli

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SDN_2021 = FIXTURES / "ofac_sdn_2021-07_slice"
SDN_2024 = FIXTURES / "ofac_sdn_2024-05_slice"
UN_SLICE = FIXTURES / "un_sc_slice" / "UN_consolidated_slice.xml"


def _un_dated(tmp_path: Path, day: str) -> Path:
    """The UN slice with its dateGenerated moved to ``day``."""
    text = UN_SLICE.read_text(encoding="utf-8")
    assert 'dateGenerated="2026-02-27T' in text
    out = tmp_path / f"un_{day}" / "UN_consolidated.xml"
    out.parent.mkdir()
    out.write_text(text.replace('dateGenerated="2026-02-27T', f'dateGenerated="{day}T'), "utf-8")
    return out


def _snapshot(store: Store) -> tuple[object, ...]:
    infos = tuple(store.lists())
    count = store.engine.rows("SELECT count(*), count(DISTINCT list_version) FROM statements")
    versions = store.engine.rows("SELECT * FROM list_versions ORDER BY dataset, version")
    return infos, tuple(count), tuple(map(tuple, versions))


def test_undated_2021_set_over_bundled_2024_is_refused_and_changes_nothing(
    store_copy: Path,
) -> None:
    with Store(store_copy) as store:
        before = _snapshot(store)
        with pytest.raises(InvalidInput) as err:
            load_source(store, SDN_2021)
        message = str(err.value)
        assert "2024-05-03 (dated from the file)" in message
        assert f"{load_date()} (undated: load date)" in message
        assert "\n" not in message
        assert _snapshot(store) == before


def test_older_dated_version_is_refused_unless_allowed(store_copy: Path) -> None:
    with Store(store_copy) as store:
        before = _snapshot(store)
        with pytest.raises(
            InvalidInput,
            match=r"2021-07-07 \(dated from --version\) over current 2024-05-03.*older",
        ):
            load_source(store, SDN_2021, version="2021-07-07")
        assert _snapshot(store) == before
        result = load_source(store, SDN_2021, version="2021-07-07", allow_older=True)
        assert (result.dataset, result.version) == ("us_ofac_sdn", "2021-07-07")
        sdn = next(i for i in store.lists() if i.dataset == "us_ofac_sdn")
        assert (sdn.version, sdn.version_basis, sdn.entries) == ("2021-07-07", "given", 35)


def test_new_dataset_and_newer_version_load(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        load_source(store, SDN_2021, version="2021-07-07")
        newer = load_source(store, SDN_2024 / "sdn.csv", version="2024-05-03")
        assert newer.version == "2024-05-03"
        same = load_source(store, SDN_2024 / "sdn.csv", version="2024-05-03")
        assert same.version == "2024-05-03"  # a reload of the same version is not older


def test_undated_may_be_replaced_by_undated_or_dated(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        load_source(store, SDN_2021)
        assert store.lists()[0].version_basis == "undated"
        load_source(store, SDN_2021)  # a later load of an undated set
        load_source(store, SDN_2021, version="2021-07-07")
        assert store.lists()[0].version_basis == "given"


def test_un_file_dated_earlier_is_refused(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        load_source(store, UN_SLICE)
        before = _snapshot(store)
        older = _un_dated(tmp_path, "2026-01-01")
        with pytest.raises(
            InvalidInput, match=r"2026-01-01 \(dated from the file\) over current 2026-02-27"
        ):
            load_source(store, older)
        assert _snapshot(store) == before
        # --version cannot pass off the file as newer: the file's own date wins
        with pytest.raises(InvalidInput, match="older"):
            load_source(store, older, version="2026-03-01")
        assert _snapshot(store) == before
        load_source(store, _un_dated(tmp_path, "2026-03-15"))
        assert store.lists()[0].version == "2026-03-15"


def test_freshness_marks_old_lists_stale(store_copy: Path) -> None:
    with Store(store_copy) as store:
        sdn = next(i for i in store.lists() if i.dataset == "us_ofac_sdn")
    fresh = freshness(sdn, 90, today=date(2024, 6, 1))
    assert (fresh.published, fresh.age_days, fresh.stale) == ("2024-05-03", 29, False)
    assert freshness(sdn, 90, today=date(2024, 8, 2)).stale
    assert "STALE" in freshness(sdn, 90, today=date(2024, 8, 2)).text()


# --- the command line: both doors, exit 2, one line -----------------------------------------


def test_cli_load_refuses_older_with_one_line(store_copy: Path) -> None:
    proc = run_cli("--store", str(store_copy), "lists", "load", str(SDN_2021))
    assert proc.returncode == 2, proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "2024-05-03" in lines[0] and "undated" in lines[0]
    ok = run_cli(
        "--store",
        str(store_copy),
        "lists",
        "load",
        str(SDN_2021),
        "--version",
        "2021-07-07",
        "--allow-older",
    )
    assert ok.returncode == 0, ok.stderr
    shown = run_cli("--store", str(store_copy), "lists", "--json")
    rows = {r["dataset"]: r for r in map(json.loads, shown.stdout.splitlines())}
    assert rows["us_ofac_sdn"]["version"] == "2021-07-07"
    assert rows["us_ofac_sdn"]["version_basis"] == "given"
    assert rows["us_ofac_sdn"]["stale"] is True  # published years before today
    assert rows["un_sc_sanctions"]["version_basis"] == "file"


def test_cli_update_refuses_older_too(store_copy: Path, tmp_path: Path) -> None:
    older = _un_dated(tmp_path, "2026-01-01")
    with Store(store_copy) as store:
        before = _snapshot(store)
    proc = run_cli("--store", str(store_copy), "lists", "update", "--from", str(older))
    assert proc.returncode == 2, proc.stderr
    assert "2026-01-01" in proc.stderr and "--allow-older" in proc.stderr
    with Store(store_copy) as store:
        assert _snapshot(store) == before


def test_cli_lists_table_says_why(store_copy: Path) -> None:
    proc = run_cli("--store", str(store_copy), "lists")
    assert proc.returncode == 0, proc.stderr
    assert "(dated" in proc.stdout and "2024-05-03" in proc.stdout
    assert "STALE" in proc.stdout  # the bundled lists are older than 30 days
