"""``lists load`` decides SDN vs Consolidated from the content, and ``--dataset`` overrides."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_cli

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
NON_SDN_2023 = FIXTURES / "ofac_non_sdn_xml_2023-03_slice" / "ofac_non_sdn.xml"
SDN_2020 = FIXTURES / "ofac_sdn_xml_2020-04_slice" / "SDN.XML"


def test_content_decides_and_dataset_overrides(tmp_path: Path) -> None:
    store = str(tmp_path / "store")
    proc = run_cli("--store", store, "lists", "load", str(NON_SDN_2023))
    assert proc.returncode == 0, proc.stderr
    assert "loaded us_ofac_cons 2023-03-08: 40 entries" in proc.stderr
    proc = run_cli("--store", store, "lists", "load", str(SDN_2020), "--dataset", "my_sdn_slice")
    assert proc.returncode == 0, proc.stderr
    assert "loaded my_sdn_slice 2020-04-22: 7 entries" in proc.stderr
    proc = run_cli("--store", store, "lists", "--json")
    rows = {r["dataset"]: r for r in map(json.loads, proc.stdout.splitlines())}
    assert set(rows) == {"us_ofac_cons", "my_sdn_slice"}
    notes = rows["my_sdn_slice"]["notes"]
    assert "dataset my_sdn_slice given by --dataset; the file read as us_ofac_sdn" in notes
    assert any(n.startswith("Record_Count declares 8197 records, found 7") for n in notes)


def test_a_bad_dataset_name_is_refused(tmp_path: Path) -> None:
    proc = run_cli(
        "--store", str(tmp_path / "s"), "lists", "load", str(SDN_2020), "--dataset", "X!"
    )
    assert proc.returncode == 2
    assert "lower-case" in proc.stderr
