"""``moneytrail portfolio`` and ``moneytrail lists update`` as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

from moneytrail.alerts import DuckDBRepository, verify
from moneytrail.services.lists import load_source
from moneytrail.services.portfolio import customers
from moneytrail.store import Store
from tests.conftest import run_cli
from tests.services.conftest import SLICE, changed_slice


def test_portfolio_then_update(tmp_path: Path) -> None:
    store = tmp_path / "store.duckdb"
    with Store(store) as opened:
        load_source(opened, SLICE, version="2021-07-07")
    people = tmp_path / "people.csv"
    people.write_text(
        "cust,full_name,dob\nc-kassim,Kassim Tajideen,1955-03-21\nc-new,Ibrahim Novakovic,\n"
    )
    added = run_cli(
        "--store", str(store), "portfolio", "add", str(people), "--map",
        "id=cust,name=full_name,birthDate=dob",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert [json.loads(x)["entity_id"] for x in added.stdout.splitlines()] == ["ofac-11494"]
    assert "2 added, 0 updated, 0 unchanged" in added.stderr

    update = run_cli(
        "--store", str(store), "lists", "update", "--from", str(changed_slice(tmp_path / "new")),
        "--version", "2021-08-01",
    )  # fmt: skip
    assert update.returncode == 0, update.stderr
    lines = [json.loads(x) for x in update.stdout.splitlines()]
    assert [(x["query_id"], x["entity_id"]) for x in lines] == [("c-new", "ofac-7782")]
    assert "us_ofac_sdn 2021-07-07 -> 2021-08-01: 0 added, 3 changed" in update.stderr
    assert "re-screened 2 customers against 3 new or changed entries: 1 new alerts" in update.stderr

    failed = run_cli(
        "--store", str(store), "lists", "update", "--from", "http://127.0.0.1:9/sdn.zip",
        "--sha256", "0" * 64,
    )  # fmt: skip
    assert failed.returncode == 2 and "download failed" in failed.stderr

    repo = DuckDBRepository(store)  # read back in-process: a CLI run costs 2 s
    try:
        records = [c.as_record() for c in customers(repo)]
        assert [r["id"] for r in records] == ["c-kassim", "c-new"]
        assert records[0]["properties"] == {
            "name": ["Kassim Tajideen"],
            "birthDate": ["1955-03-21"],
        }
        assert verify(repo).ok
        actions = [e.action for e in repo.audit_entries()]
    finally:
        repo.close()
    # Each customer's first alert opens its case (alerts/case_policy.py).
    assert actions == [
        "alert.raise",
        "case.open",
        "portfolio.add",
        "alert.raise",
        "case.open",
        "lists.update",
        "lists.update.failed",
    ]
