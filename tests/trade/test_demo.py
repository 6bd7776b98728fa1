"""``moneytrail trade screen`` on the demo shipments, with the bundled SDN list.

The planted shipments (Tajideen procurement, Joumaa used cars) must be flagged with
explanations and the clean control set must not (moneytrail/data/demo/SHIPMENTS.md).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

from moneytrail.cli.main import app
from tests.conftest import ROOT

DEMO = ROOT / "moneytrail" / "data" / "demo" / "shipments.jsonl"
SDN = ROOT / "moneytrail" / "data" / "lists" / "us_ofac_sdn"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    out = tmp_path_factory.mktemp("trade") / "flags.jsonl"
    args = ["--quiet", "trade", "screen", str(DEMO), "--list", str(SDN), "--output", str(out)]
    result = CliRunner().invoke(app, args, env={"MONEYTRAIL_PROGRESS": "0"})
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    ids = [json.loads(line)["id"] for line in DEMO.read_text().splitlines()]
    assert [r["id"] for r in rows] == ids  # one line per shipment, input order
    return {r["id"]: r for r in rows}


def _rules(row: dict[str, Any]) -> set[str]:
    return {f["rule"] for f in row["flags"]}


def _hits(row: dict[str, Any]) -> set[tuple[str, str]]:
    return {(h["role"], h["match"]["id"]) for h in row["hits"]}


def test_clean_control_set_has_no_hit_and_no_flag(results: dict[str, dict[str, Any]]) -> None:
    clean = {k: v for k, v in results.items() if k.startswith("demo-cl-")}
    assert len(clean) == 12
    assert {k: (v["hits"], v["flags"]) for k, v in clean.items() if v["hits"] or v["flags"]} == {}


def test_tajideen_procurement(results: dict[str, dict[str, Any]]) -> None:
    assert _rules(results["demo-tj-01"]) == {"forwarder_consignee-v1", "chpl_goods-v1"}
    chpl = next(f for f in results["demo-tj-01"]["flags"] if f["rule"] == "chpl_goods-v1")
    assert "HS 854231 (tier 1)" in chpl["explanation"] and "TR" in chpl["explanation"]
    assert ("notify_party", "ofac-12452") in _hits(results["demo-tj-02"])  # TAJCO
    assert _rules(results["demo-tj-02"]) == {"forwarder_consignee-v1"}
    assert ("buyer", "ofac-11494") in _hits(results["demo-tj-03"])  # Kassim Tajideen
    assert "chpl_goods-v1" in _rules(results["demo-tj-03"])


def test_joumaa_used_cars(results: dict[str, dict[str, Any]]) -> None:
    jm1, jm2 = results["demo-jm-01"], results["demo-jm-02"]
    assert ("consignee", "ofac-12466") in _hits(jm1)  # ELLISSA GROUP SA
    price = next(f for f in jm1["flags"] if f["rule"] == "unit_price_outlier-v1")
    assert "under-invoicing" in price["explanation"] and price["evidence"][0]["hs"] == "870323"
    assert ("buyer", "ofac-12464") in _hits(jm2)  # ELLISSA HOLDING
    assert _rules(jm2) >= {"listed_vessel-v1", "near_miss_party-v1", "forwarder_consignee-v1"}
    vessel = next(h for h in jm2["hits"] if h["role"] == "vessel")
    assert (vessel["match"]["id"], vessel["basis"]) == ("ofac-4243", "imo")
    assert vessel["match"]["explanation"]["features"]["identifier"]["query"] == "7406784"
    near = next(f for f in jm2["flags"] if f["rule"] == "near_miss_party-v1")
    assert near["evidence"][0]["entry"] == "ofac-12543" and near["evidence"][0]["statements"]


def test_hits_carry_screen_v1_match_objects(results: dict[str, dict[str, Any]]) -> None:
    hit = next(h for h in results["demo-tj-02"]["hits"] if h["match"]["id"] == "ofac-12452")
    assert set(hit) == {"role", "party", "match"}
    assert set(hit["match"]) == {"id", "caption", "schema", "score", "match", "datasets",
                                 "explanation"}  # fmt: skip
    assert hit["match"]["explanation"]["algorithm"] == "screen-v1"
    assert hit["party"] == {"role": "notify_party", "name": "Tajco Ltd", "country": "gm",
                            "address": "62 Buckle Street, Banjul"}  # fmt: skip
    for row in results.values():
        assert all(0 <= f["score"] <= 1 and f["explanation"] for f in row["flags"])
