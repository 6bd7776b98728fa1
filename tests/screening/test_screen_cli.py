"""``moneytrail screen``: the output contract, bad input and suppression, end to end."""

from __future__ import annotations

import json
import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path

from tests.conftest import FIXTURES, run_cli

SLICE = FIXTURES / "ofac_sdn_2021-07_slice"
QUERIES = [
    {"id": "a", "schema": "Person", "properties": {"name": ["Kassim Tajideen"]}},
    {"id": "b", "schema": "Person", "properties": {"name": ["Jane Q. Nobody"]}},
    {"id": "c", "schema": "Company", "properties": {"name": ["Tajco Ltd"]}},
    {
        "id": "d",
        "schema": "Person",
        "properties": {"name": ["Ali Tajideen"], "birthDate": ["1961"]},
    },
]


def _jsonl(records: Sequence[Mapping[str, object]]) -> str:
    return "".join(json.dumps(r) + "\n" for r in records)


def test_output_contract_in_input_order(tmp_path: Path) -> None:
    proc = run_cli("screen", "-", "--list", str(SLICE), "--limit", "2", stdin=_jsonl(QUERIES))
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["id"] for r in rows] == ["a", "b", "c", "d"]
    assert rows[1]["matches"] == []
    first = rows[0]["matches"][0]
    assert set(first) == {"id", "caption", "schema", "score", "match", "datasets", "explanation"}
    assert (first["id"], first["caption"], first["match"]) == (
        "ofac-11494",
        "TAJIDEEN, Kassim",
        True,
    )
    assert first["datasets"] == ["us_ofac_sdn"]
    for row in rows:
        scores = [m["score"] for m in row["matches"]]
        assert scores == sorted(scores, reverse=True) and len(scores) <= 2
        assert all(0.5 <= s <= 1 for s in scores)


def test_threshold_and_cutoff_flags(tmp_path: Path) -> None:
    stdin = _jsonl(QUERIES[:1])
    strict = run_cli(
        "screen", "-", "--list", str(SLICE), "--threshold", "1.0", "--cutoff", "0.9", stdin=stdin
    )
    [row] = [json.loads(line) for line in strict.stdout.splitlines()]
    assert all(m["score"] >= 0.9 for m in row["matches"])
    assert all(m["match"] == (m["score"] >= 1.0) for m in row["matches"])


def test_csv_input_with_map(tmp_path: Path) -> None:
    csv_path = tmp_path / "customers.csv"
    csv_path.write_text(
        "cust_id,full_name,dob\nk1,Kassim Tajideen,1955-03-21\nk2,Mary Poppins,1910\n"
    )
    out = tmp_path / "hits.jsonl"
    proc = run_cli(
        "screen",
        str(csv_path),
        "--list",
        str(SLICE),
        "--map",
        "id=cust_id,name=full_name,birthDate=dob",
        "--output",
        str(out),
    )
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert rows[0]["id"] == "k1" and rows[0]["matches"][0]["id"] == "ofac-11494"
    assert rows[0]["matches"][0]["explanation"]["features"]["birthDate"]["detail"] == "same date"
    assert rows[1] == {"id": "k2", "matches": []}


def test_bad_records_name_their_line_and_write_nothing(tmp_path: Path) -> None:
    cases = {
        '{"id": "x", "schema": "Person", "properties": {"name": ["A B"]}}\n{"id": "y", broken\n': (
            "line 2",
            "broken JSON",
        ),
        '{"id": "x", "schema": "Person", "properties": {"birthDate": ["1970"]}}\n': (
            "line 1",
            "needs a name",
        ),
        '{"id": "x", "schema": "Spaceship", "properties": {"name": ["A"]}}\n': (
            "line 1",
            "unknown schema",
        ),
        '{"id": "x", "schema": "Person", "properties": {"name": ["A"], "shoeSize": ["9"]}}\n': (
            "line 1",
            "shoeSize",
        ),
    }
    for text, (where, what) in cases.items():
        source = tmp_path / "in.jsonl"
        source.write_text(text)
        out = tmp_path / "out.jsonl"
        proc = run_cli("screen", str(source), "--list", str(SLICE), "--output", str(out))
        assert proc.returncode == 2, text
        assert where in proc.stderr and what in proc.stderr and "in.jsonl" in proc.stderr
        assert not out.exists()


def test_decided_false_positive_is_suppressed_until_the_entry_changes(tmp_path: Path) -> None:
    stdin = _jsonl(QUERIES[:1])
    first = json.loads(run_cli("screen", "-", "--list", str(SLICE), stdin=stdin).stdout)
    hit = first["matches"][0]
    decisions = tmp_path / "decisions.jsonl"
    decisions.write_text(
        json.dumps(
            {
                "query_id": "a",
                "entity_id": hit["id"],
                "entry_digest": hit["explanation"]["entry_digest"],
                "decision": "false_positive",
                "reason": "different person: customer born 1990",
            }
        )
        + "\n"
    )
    again = json.loads(
        run_cli(
            "screen", "-", "--list", str(SLICE), "--decisions", str(decisions), stdin=stdin
        ).stdout
    )
    assert hit["id"] not in [m["id"] for m in again["matches"]]
    # OFAC publishes a new alias for the entry: the decision no longer covers it.
    changed = tmp_path / "slice_v2"
    shutil.copytree(SLICE, changed)
    alt = changed / "alt.csv"
    body = alt.read_bytes().rstrip(b"\x1a")
    alt.write_bytes(body + b'11494,99999,"aka","TAJ AL DEEN, Kasem",-0- \r\n\x1a')
    after = json.loads(
        run_cli(
            "screen", "-", "--list", str(changed), "--decisions", str(decisions), stdin=stdin
        ).stdout
    )
    assert after["matches"][0]["id"] == hit["id"]
    assert after["matches"][0]["explanation"]["entry_digest"] != hit["explanation"]["entry_digest"]


def test_only_designated_entries_are_screened(store_copy: Path) -> None:
    """A registry loaded beside the lists is investigated, never screened against."""
    registry = FIXTURES.parent.parent / "moneytrail/data/demo/tajideen_registry.jsonl"
    load = run_cli(
        "--store", str(store_copy), "lists", "load", "--version", "2025-06-30", str(registry)
    )
    assert load.returncode == 0, load.stderr
    query = {
        "id": "r",
        "schema": "Company",
        "properties": {"name": ["Banjul Wholesale Imports Ltd"]},
    }
    proc = run_cli("--store", str(store_copy), "screen", "-", stdin=_jsonl([query]))
    assert proc.returncode == 0, proc.stderr
    [row] = [json.loads(line) for line in proc.stdout.splitlines()]
    assert all(not m["id"].startswith("demo-") for m in row["matches"])


def test_bad_text_one_line_exit_2_and_invisibles_screened() -> None:
    """A lone surrogate is refused with its line and field; a zero-width space between
    given name and surname is screened as the name a reader sees (issue 19)."""
    bad = '{"id": "x", "schema": "Person", "properties": {"name": ["Kassim\\ud800 Tajideen"]}}\n'
    proc = run_cli("screen", "-", "--list", str(SLICE), stdin=bad)
    assert proc.returncode == 2, proc.stderr
    assert "line 1" in proc.stderr and "surrogate" in proc.stderr
    assert "Traceback" not in proc.stderr
    hidden = [{"id": "z", "schema": "Person", "properties": {"name": ["Kassim\u200bTajideen"]}}]
    proc = run_cli("screen", "-", "--list", str(SLICE), stdin=_jsonl(hidden))
    assert proc.returncode == 0, proc.stderr
    (row,) = [json.loads(line) for line in proc.stdout.splitlines()]
    assert row["matches"][0]["id"] == "ofac-11494" and row["matches"][0]["match"] is True
