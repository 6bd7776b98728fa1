"""The screening half of ``trade screen`` on a small SDN slice: parties and vessels
screened by the same code as ``moneytrail screen``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from moneytrail.cli.main import app
from moneytrail.screening import Decisions, Query, ScreenConfig, Screener, screener_from_sources
from moneytrail.screening.batch import result_record
from moneytrail.trade import parse_shipment
from moneytrail.trade.screen import screen_shipments
from tests.conftest import FIXTURES

SLICE = FIXTURES / "ofac_sdn_2021-07_slice"
CONFIG = ScreenConfig()


@pytest.fixture(scope="module")
def screener() -> Screener:
    return screener_from_sources([SLICE])


def run(screener: Screener, *records: dict[str, Any]) -> list[dict[str, Any]]:
    shipments = [parse_shipment(r) for r in records]
    return list(screen_shipments(shipments, screener, CONFIG, workers=1))


def test_party_match_is_exactly_what_screen_gives(screener: Screener) -> None:
    buyer = {"role": "buyer", "name": "Kassim Tajideen", "country": "lb"}
    rows = run(screener, {"id": "a", "parties": [buyer]}, {"id": "b", "parties": [buyer]})
    query = Query.from_record(
        {
            "id": "q",
            "schema": "LegalEntity",
            "properties": {"name": [buyer["name"]], "country": ["lb"]},
        }
    )
    expected = [
        m
        for m in result_record(query, screener, CONFIG, Decisions.empty())["matches"]
        if m["match"]
    ]
    assert [h["match"] for h in rows[0]["hits"]] == expected
    assert expected and expected[0]["id"] == "ofac-11494"
    assert rows[1]["hits"] == rows[0]["hits"]  # screened once, reported for both


def test_vessel_by_name_and_by_imo(screener: Screener) -> None:
    by_name = {"id": "n", "vessel": {"name": "ARTAVIL"}}
    by_imo = {"id": "i", "vessel": {"name": "SUNRISE GLORY", "imo": "IMO 9569683"}}
    clean = {"id": "c", "vessel": {"name": "SUNRISE GLORY", "imo": "9569684"}}
    named, numbered, unlisted = run(screener, by_name, by_imo, clean)
    assert [(h["role"], h["match"]["id"], "basis" in h) for h in named["hits"]] == [
        ("vessel", "ofac-15036", False)
    ]
    (hit,) = numbered["hits"]
    assert hit["basis"] == "imo" and hit["match"]["match"] is False
    assert hit["match"]["explanation"]["features"]["identifier"]["query"] == "9569683"
    assert (
        {f["rule"] for f in named["flags"]}
        == {f["rule"] for f in numbered["flags"]}
        == {"listed_vessel-v1"}
    )
    assert unlisted == {"id": "c", "hits": [], "flags": []}


def test_csv_through_the_command_line(tmp_path: Path) -> None:
    path = tmp_path / "lines.csv"
    path.write_text(
        "ref,hs_code,qty,amount,cur,buyer_name,pod,ship,imo\n"
        "x1,854231,100,4000,USD,Kassim Tajideen,RULED,ARTAVIL,\n"
        "x1,870323,1,9000,USD,Kassim Tajideen,RULED,ARTAVIL,\n"
        "x2,620342,50,600,USD,Northfield Outfitters Ltd,GBFXT,,\n"
    )
    mapping = "id=ref,hs=hs_code,quantity=qty,value=amount,currency=cur,buyer=buyer_name,"
    mapping += "discharge=pod,vessel_name=ship,vessel_imo=imo"
    out = tmp_path / "out.jsonl"
    args = ["trade", "screen", str(path), "--map", mapping, "--list", str(SLICE)]
    result = CliRunner().invoke(app, [*args, "--output", str(out)])
    assert result.exit_code == 0, result.output
    x1, x2 = (json.loads(line) for line in out.read_text().splitlines())
    assert {(h["role"], h["match"]["id"]) for h in x1["hits"]} == {
        ("buyer", "ofac-11494"),
        ("vessel", "ofac-15036"),
    }
    assert {f["rule"] for f in x1["flags"]} == {"chpl_goods-v1", "listed_vessel-v1"}
    assert x2 == {"id": "x2", "hits": [], "flags": []}
