"""Shipment records: what is accepted, and bad lines named by file, line and field."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from moneytrail.errors import InvalidInput
from moneytrail.trade import parse_shipment, read_shipments
from tests.conftest import run_cli

GOOD: dict[str, Any] = {
    "id": "s1",
    "date": "2026-03-02",
    "parties": [{"role": "consignee", "name": "Dossou Automobiles", "country": "BJ"}],
    "goods": [{"hs": "8703.23", "quantity": 12, "unit": "PCS", "value": 84000, "currency": "usd"}],
    "vessel": {"name": "MORNING CAROL", "imo": "IMO 9267066"},
    "route": {"loading": "USBAL", "discharge": "bjcoo", "transshipment": []},
}


def test_the_issue_example_parses_and_normalises() -> None:
    s = parse_shipment(GOOD, file="x.jsonl", line=1)
    assert s.parties[0].country == "bj"
    assert (s.goods[0].hs, s.goods[0].unit, s.goods[0].currency) == ("870323", "pcs", "USD")
    assert s.goods[0].unit_price == 7000
    assert s.vessel is not None and s.vessel.imo == "9267066"
    assert s.route.ports() == ("USBAL", "BJCOO")


@pytest.mark.parametrize(
    ("change", "field", "reason"),
    [
        ({"id": ""}, "id", "needs an id"),
        ({"parties": [{"role": "customer", "name": "X"}]}, "parties[0].role", "unknown role"),
        ({"goods": [{"hs": "87032"}]}, "goods[0].hs", "malformed HS code"),
        ({"goods": [{"hs": "8703AB"}]}, "goods[0].hs", "malformed HS code"),
        ({"goods": [{"hs": "870323", "quantity": -1}]}, "goods[0].quantity", "non-negative"),
        ({"route": {"discharge": "Cotonou"}}, "route.discharge", "UN/LOCODE"),
        ({"vessel": {"imo": "12345"}}, "vessel.imo", "IMO"),
    ],
)
def test_bad_fields_are_named(change: dict[str, Any], field: str, reason: str) -> None:
    with pytest.raises(InvalidInput, match=reason) as info:
        parse_shipment({**GOOD, **change}, file="in.jsonl", line=7)
    assert (info.value.file, info.value.line, info.value.field) == ("in.jsonl", 7, field)


def test_missing_id_is_refused() -> None:
    record = {k: v for k, v in GOOD.items() if k != "id"}
    with pytest.raises(InvalidInput, match=r"in\.jsonl, line 3, field id"):
        parse_shipment(record, file="in.jsonl", line=3)


def test_csv_rows_of_one_shipment_are_merged(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text(
        "sid,hs,qty,val,cons,cc,pod\n"
        "a,854231,10,500,Acme Trading,ae,AEJEA\n"
        "a,847130,2,900,Acme Trading,ae,AEJEA\n"
        "b,870323,1,9000,Dossou Automobiles,bj,BJCOO\n"
    )
    mapping = {"id": "sid", "hs": "hs", "quantity": "qty", "value": "val"}
    mapping |= {"consignee": "cons", "consignee_country": "cc", "discharge": "pod"}
    a, b = read_shipments(path, mapping)
    assert [g.hs for g in a.goods] == ["854231", "847130"]
    assert a.parties[0].name == "Acme Trading" and a.route.discharge == "AEJEA"
    assert b.line == 4


def test_cli_bad_line_is_one_line_and_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "ship.jsonl"
    bad = {**GOOD, "id": "s2", "goods": [{"hs": "85.42"}]}
    path.write_text(json.dumps(GOOD) + "\n" + json.dumps(bad) + "\n")
    out = tmp_path / "out.jsonl"
    proc = run_cli("trade", "screen", str(path), "--output", str(out))
    assert proc.returncode == 2
    (line,) = proc.stderr.strip().splitlines()
    assert line.startswith(f"error: {path}, line 2, field goods[0].hs: malformed HS code")
    assert not out.exists()


def test_cli_unscreenable_party_name_is_named_before_indexing(tmp_path: Path) -> None:
    path = tmp_path / "ship.jsonl"
    bad = {**GOOD, "parties": [{"role": "buyer", "name": "--- ..."}]}
    path.write_text(json.dumps(bad) + "\n")
    proc = run_cli("trade", "screen", str(path), "--list", "/nonexistent", "--output", "-")
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"error: {path}, line 1, field parties[0].name: ")
