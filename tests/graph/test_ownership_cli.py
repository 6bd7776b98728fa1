"""``moneytrail ownership`` through the real command line, as other tools call it.

tests/fixtures/ownership_tajideen.jsonl: the SDN entries ofac-11494 (TAJIDEEN,
Kassim), ofac-12452 (TAJCO) and ofac-12455 (KAIRABA SUPERMARKET), designated by
topic, and ten synthetic companies: majority owned (tj-co-001), owned through a
blocked company (-002), jointly by two designated parties (-003), through an
unblocked 40% intermediary (-004, -005: neither blocked), by a PSC band plus a blocked
company (-006), with an unknown share (-007), in a cross-ownership cycle (-008,
-009) and controlled without shares (-010).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import FIXTURES, run_cli
from tests.graph.helpers import KASSIM, network, owns, write

TAJIDEEN = FIXTURES / "ownership_tajideen.jsonl"
SDN_SLICE = FIXTURES / "ofac_sdn_2024-05_slice"


def _records(stdout: str) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in map(json.loads, stdout.splitlines())}


def test_ofac_rule_finds_the_front_companies() -> None:
    proc = run_cli("ownership", "--entities", str(TAJIDEEN), "--output", "-")
    assert proc.returncode == 0, proc.stderr
    records = _records(proc.stdout)
    blocked = {i for i, r in records.items() if r["blocked"]}
    assert blocked == {"tj-co-001", "tj-co-002", "tj-co-003", "tj-co-006", "tj-co-008", "tj-co-009"}
    assert {i for i, r in records.items() if r.get("review")} == {"tj-co-007", "tj-co-010"}
    assert list(records) == sorted(records)
    first = records["tj-co-001"]
    assert {"id", "blocked", "share", "rule", "owners"} <= first.keys()
    assert (first["share"], first["rule"]) == (60.0, "ofac")
    assert first["owners"][0] == {"id": KASSIM, "share": 60.0, "via": ["tj-own-001"]}
    assert "6 blocked by ownership" in proc.stderr


def test_eu_rule_differs() -> None:
    proc = run_cli("ownership", "--entities", str(TAJIDEEN), "--rule", "eu", "--output", "-")
    assert proc.returncode == 0, proc.stderr
    records = _records(proc.stdout)
    assert {i for i, r in records.items() if r["blocked"]} == {"tj-co-001", "tj-co-010"}
    assert records["tj-co-010"]["basis"] == "control"
    assert records["tj-co-006"]["review"] is True  # joint: 25% and "more than 25%"
    assert "tj-co-002" not in records  # exactly 50% is not "more than 50%"


def test_output_file_is_written_whole(tmp_path: Path) -> None:
    out = tmp_path / "blocked.jsonl"
    proc = run_cli("ownership", "--entities", str(TAJIDEEN), "--output", str(out))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""
    assert len(out.read_text(encoding="utf-8").splitlines()) == 8
    assert [p.name for p in tmp_path.iterdir()] == ["blocked.jsonl"]


def test_list_designates_entities_without_topics(tmp_path: Path) -> None:
    entities = [*network("tj-co-001"), owns(KASSIM, "tj-co-001", "75%")]
    entities[0]["properties"].pop("topics")
    path = write(tmp_path / "registry.jsonl", entities)
    without = run_cli("ownership", "--entities", str(path), "--output", "-")
    assert (without.returncode, without.stdout) == (0, "")
    proc = run_cli("ownership", "--entities", str(path), "--list", str(SDN_SLICE), "--output", "-")
    assert proc.returncode == 0, proc.stderr
    assert list(_records(proc.stdout)) == ["tj-co-001"]


def test_registry_may_refer_to_list_entries_by_id(tmp_path: Path) -> None:
    """A registry names its shareholder by list id without repeating the list entry."""
    entities = [*network("tj-co-001", blocked=()), owns(KASSIM, "tj-co-001", "60%")]
    path = write(tmp_path / "registry.jsonl", entities)
    dangling = run_cli("ownership", "--entities", str(path), "--output", "-")
    assert dangling.returncode == 2 and KASSIM in dangling.stderr
    proc = run_cli("ownership", "--entities", str(path), "--list", str(SDN_SLICE), "--output", "-")
    assert proc.returncode == 0, proc.stderr
    [line] = proc.stdout.splitlines()
    record = json.loads(line)
    assert (record["id"], record["share"], record["owners"][0]["id"]) == ("tj-co-001", 60.0, KASSIM)


def test_bad_input_exits_2_naming_the_record(tmp_path: Path) -> None:
    entities = [*network("tj-co-001"), owns(KASSIM, "tj-co-001", "half")]
    path = write(tmp_path / "registry.jsonl", entities)
    out = tmp_path / "out.jsonl"
    proc = run_cli("ownership", "--entities", str(path), "--output", str(out))
    assert proc.returncode == 2
    assert "line 3" in proc.stderr
    assert "properties.percentage" in proc.stderr
    assert not out.exists()


def test_unknown_rule_is_refused() -> None:
    proc = run_cli("ownership", "--entities", str(TAJIDEEN), "--rule", "uk", "--output", "-")
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "'uk' is not one of 'ofac', 'eu', 'eu-2024'" in proc.stderr
    assert proc.stdout == ""
