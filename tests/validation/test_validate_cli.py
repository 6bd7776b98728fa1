"""``moneytrail validate`` end to end: the four files and the audit line."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from tests.conftest import FIXTURES, run_cli

LISTS = (FIXTURES / "un_sc_slice", FIXTURES / "ofac_sdn_2024-05_slice")
CUSTOMERS = [
    {
        "id": "c1",
        "schema": "Person",
        "properties": {"name": ["Kassem Tajideen"], "birthDate": ["1955"]},
    },
    {"id": "c2", "schema": "Person", "properties": {"name": ["Anna Berg"]}},
    {
        "id": "c3",
        "schema": "Company",
        "properties": {"name": ["Nordic Timber AB"], "country": ["se"]},
    },
    {
        "id": "c4",
        "schema": "Person",
        "properties": {"name": ["Ola Nordmann"], "birthDate": ["<script>alert(1)</script>"]},
    },
]


def test_writes_the_pack_and_an_audit_line(tmp_path: Path) -> None:
    customers = tmp_path / "customers.jsonl"
    customers.write_text("".join(json.dumps(c) + "\n" for c in CUSTOMERS))
    store, out = tmp_path / "store.duckdb", tmp_path / "pack"
    lists = [arg for path in LISTS for arg in ("--list", str(path))]
    args = ["--store", str(store), "validate", str(customers), *lists, "--seed", "4"]
    proc = run_cli(*args, "--sample", "5", "--output", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "validation pack in" in proc.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "below_the_line.csv",
        "validation.html",
        "validation.pdf",
        "variations.jsonl",
    ]
    assert (out / "validation.pdf").read_bytes().startswith(b"%PDF")
    html = (out / "validation.html").read_text()
    # The unreadable birth date is reported, escaped (autoescape is on).
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>" not in html
    for section in (
        "Name-variation test pack",
        "Threshold sweep",
        "Below the line",
        "Data quality",
        "Lists screened against",
        "Model documentation",
    ):
        assert section in html
    variations = [json.loads(line) for line in (out / "variations.jsonl").read_text().splitlines()]
    assert variations and all({"kind", "expected", "query", "score"} <= set(v) for v in variations)
    with (out / "below_the_line.csv").open() as fh:
        header = next(csv.reader(fh))
    assert header[:6] == ["origin", "query_id", "query_name", "list_id", "list_name", "score"]
    assert "reviewer" in header

    export = run_cli("--store", str(store), "audit", "export")
    assert export.returncode == 0, export.stderr
    [line] = [json.loads(x) for x in export.stdout.splitlines()]
    assert line["action"] == "screening.validate"
    payload = line["payload"]
    assert payload["seed"] == 4 and payload["records"] == 4
    # The OFAC CSV slice carries no date: its version is the day it was read.
    assert sorted(k.split("@")[0] for k in payload["lists"]) == ["un_sc_sanctions", "us_ofac_sdn"]
    assert "un_sc_sanctions@2026-02-27" in payload["lists"]
    assert payload["variations"] == len(variations)

    again = run_cli(*args, "--sample", "5", "--output", str(tmp_path / "again"))
    assert again.returncode == 0, again.stderr
    assert (tmp_path / "again" / "variations.jsonl").read_text() == (
        out / "variations.jsonl"
    ).read_text()
