"""``moneytrail resolve`` and ``moneytrail resolve judge`` through the real command line."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_cli


def test_resolve_writes_explained_clusters(store_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "clusters.jsonl"
    proc = run_cli("--store", str(store_path), "resolve", "--output", str(out))
    assert proc.returncode == 0, proc.stderr
    clusters = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    kassim = next(c for c in clusters if "ofac-11494" in c["members"])
    assert kassim["id"].startswith("mt-") and "demo-p-kassim" in kassim["members"]
    assert all(link["explanation"]["text"] for c in clusters for link in c["links"])
    assert "records ->" in proc.stderr


def test_judge_then_resolve(store_path: Path) -> None:
    store = str(store_path)
    proc = run_cli("--store", store, "resolve", "judge", "cust-001", "demo-p-bazzi", "same",
                   "--reason", "passport copy on file")  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["judgement"] == "same"
    proc = run_cli("--store", store, "resolve", "--threshold", "0.95")
    clusters = [json.loads(line) for line in proc.stdout.splitlines()]
    joined = next(c for c in clusters if "cust-001" in c["members"])
    assert joined["members"] == ["cust-001", "demo-p-bazzi"]


def test_bad_input_gets_one_clear_line(store_path: Path) -> None:
    store = str(store_path)
    proc = run_cli("--store", store, "resolve", "judge", "cust-001", "ghost", "same",
                   "--reason", "x")  # fmt: skip
    assert proc.returncode == 4 and "no entity 'ghost'" in proc.stderr
    proc = run_cli("--store", store, "resolve", "judge", "cust-001", "cust-002", "perhaps",
                   "--reason", "x")  # fmt: skip
    assert proc.returncode == 2 and "same, different, unsure" in proc.stderr
    proc = run_cli("--store", store, "resolve", "--threshold", "2")
    assert proc.returncode == 2 and "threshold" in proc.stderr
