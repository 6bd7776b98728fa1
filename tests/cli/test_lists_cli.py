"""The lists and entity commands, through the real command line."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from tests.conftest import run_cli


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_lists_shows_versions_and_counts(store_copy: Path) -> None:
    proc = run_cli("--store", str(store_copy), "lists", "--json")
    assert proc.returncode == 0, proc.stderr
    rows = {r["dataset"]: r for r in map(json.loads, proc.stdout.splitlines())}
    assert set(rows) == {"us_ofac_sdn", "us_ofac_cons", "un_sc_sanctions"}
    sdn = rows["us_ofac_sdn"]
    assert sdn["version"] == "2024-05-03"
    versions = {f["file"]: f["version"] for f in sdn["files"]}
    assert versions == {
        "sdn.csv": "2024-05-03",
        "alt.csv": "2021-07-07",
        "add.csv": "2021-07-07",
        "sdn_comments.csv": "2021-07-07",
    }
    assert any("2021-07-07" in note for note in sdn["notes"])
    assert rows["un_sc_sanctions"]["entries"] == 1003


def test_entity_shows_every_fact_with_provenance(store_copy: Path) -> None:
    proc = run_cli("--store", str(store_copy), "entity", "ofac-11494", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    view = json.loads(proc.stdout)
    facts = {(s["prop"], s["value"]): s for s in view["statements"]}
    alias = facts[("alias", "TAJI AL-DIN, Qasim")]
    assert (alias["list_version"], alias["source_record"].split(":")[0]) == (
        "2021-07-07",
        "alt.csv",
    )
    dob = facts[("birthDate", "1955-03-21")]
    assert dob["list_version"] == "2024-05-03"
    assert dob["original_value"] == "DOB 21 Mar 1955"
    assert ("program", "SDGT") in facts
    assert {"lb", "sl"} <= {v for p, v in facts if p == "nationality"}
    assert view["sanctions"][0]["id"] == "ofac-11494-sanction"


def test_entity_table_renders(store_copy: Path) -> None:
    proc = run_cli("--store", str(store_copy), "entity", "ofac-12452")
    assert proc.returncode == 0, proc.stderr
    assert "TAJCO" in proc.stdout and "add.csv" in proc.stdout and "Banjul" in proc.stdout


def test_unknown_entity_is_a_clear_error(store_copy: Path) -> None:
    proc = run_cli("--store", str(store_copy), "entity", "ofac-0")
    assert proc.returncode == 4
    assert "ofac-0" in proc.stderr and "Traceback" not in proc.stderr


def test_bad_file_exit_2_and_store_unchanged(store_copy: Path, tmp_path: Path) -> None:
    bad = tmp_path / "sdn.csv"
    good = Path(__file__).resolve().parents[2] / "moneytrail/data/lists/us_ofac_sdn/sdn.csv"
    lines = good.read_bytes().split(b"\r\n")[:50]
    bad.write_bytes(b"\r\n".join(lines) + b'\r\n12345,"UNTERMINATED,individual')
    before = _digest(store_copy)
    proc = run_cli("--store", str(store_copy), "lists", "load", str(bad))
    assert proc.returncode == 2
    lines_err = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines_err) == 1, proc.stderr
    assert "sdn.csv" in lines_err[0] and "line 51" in lines_err[0]
    assert _digest(store_copy) == before


def test_unknown_format_exit_2(store_copy: Path, tmp_path: Path) -> None:
    odd = tmp_path / "list.bin"
    odd.write_bytes(b"\x00\x01binary junk")
    proc = run_cli("--store", str(store_copy), "lists", "load", str(odd))
    assert proc.returncode == 2
    assert "unknown list format" in proc.stderr and "list.bin" in proc.stderr


def test_diff_sdn_2021_against_bundled_2024(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[2]
    old = root / "tests/fixtures/ofac_sdn_2021-07_slice"
    new = root / "moneytrail/data/lists/us_ofac_sdn"
    proc = run_cli("lists", "diff", str(old), str(new), "--format", "jsonl")
    assert proc.returncode == 0, proc.stderr
    changes = [json.loads(line) for line in proc.stdout.splitlines()]
    kinds = {c["change"] for c in changes}
    assert "added" in kinds
    # Entries of the slice that are still listed in 2024 and unchanged are not reported.
    assert "ofac-11494" not in {c["id"] for c in changes if c["change"] != "added"}
    assert "compared files: add.csv, alt.csv, sdn.csv" in proc.stderr


def _audit_actions(store: Path) -> list[tuple[str, str]]:
    from moneytrail.alerts.repository import DuckDBRepository

    repo = DuckDBRepository(store)
    try:
        return [(e.action, e.subject) for e in repo.audit_entries()]
    finally:
        repo.close()


def test_lists_load_is_audited_like_an_update(tmp_path: Path) -> None:
    store = tmp_path / "store.duckdb"
    un = Path(__file__).resolve().parents[1] / "fixtures" / "un_sc_slice"
    proc = run_cli("--store", str(store), "lists", "load", str(un))
    assert proc.returncode == 0, proc.stderr
    actions = _audit_actions(store)
    assert [a for a, _ in actions] == ["lists.load"]
    assert actions[0][1] == str(un)


def test_an_empty_store_says_it_loads_the_bundled_lists_and_audits_it(tmp_path: Path) -> None:
    store = tmp_path / "store.duckdb"
    proc = run_cli("--store", str(store), "lists", "--json")
    assert proc.returncode == 0, proc.stderr
    assert "holds no lists: loading the bundled lists" in proc.stderr
    assert _audit_actions(store) == [("lists.load", "bundled (empty store)")]
