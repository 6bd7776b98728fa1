"""CSL licence terms on hits, and the BIS Affiliates rule by shipment date.

The list is the real Consolidated Screening List slice (tests/fixtures/us_trade_csl_2022_slice,
77 rows of trade.gov's CSV); the registry is a small synthetic FtM file (as
tests/graph/helpers.py writes them) whose owners are real Entity List and MEU entries.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from moneytrail.cli.main import app
from moneytrail.engines import DuckDBEngine
from moneytrail.graph import ownership_report
from moneytrail.graph.ownership import get_rule
from moneytrail.screening import ScreenConfig
from moneytrail.trade import parse_shipment
from moneytrail.trade.affiliates import find_affiliates
from moneytrail.trade.lists import TradeLists, csl_list, lists_from_sources
from moneytrail.trade.rules import BisAffiliates, RuleContext
from moneytrail.trade.screen import screen_shipments
from tests.conftest import FIXTURES
from tests.graph.helpers import company, owns, write

CSL = FIXTURES / "us_trade_csl_2022_slice" / "consolidated.csv.gz"
# Real entries of the slice: an Entity List company and a Military End User.
EL = "us-csl-entity-list-327175dd1247e04cf9bf2f4a9545704780ccafad"  # 32 Group China Ltd.
MEU = "us-csl-meu-a115de6b0d2f889dc57c7b1bf35ca970436819f8"  # AECC Aero Science & Technology
SDN_ROW = "us-csl-sdn-"


@pytest.fixture(scope="module")
def lists() -> TradeLists:
    return lists_from_sources([CSL])


def registry(path: Path) -> Path:
    """Pearl River (synthetic) is 30% EL + 25% MEU: 55% together, caught only in aggregate;
    its 60% subsidiary is caught through the chain; Delta is 49% EL, not caught."""
    return write(
        path / "entities.jsonl",
        [
            company("pearl", "Pearl River Microelectronics Trading Co Ltd"),
            company("pearl-sub", "Shenzhen Lingxin Components Ltd"),
            company("delta", "Delta Harbour Instruments Ltd"),
            owns(EL, "pearl", "30%"),
            owns(MEU, "pearl", "25%"),
            owns("pearl", "pearl-sub", "60%"),
            owns(EL, "delta", "49%"),
        ],
    )


def shipment(sid: str, day: str, consignee: str) -> dict[str, Any]:
    return {
        "id": sid,
        "date": day,
        "parties": [
            {"role": "exporter", "name": "Harborview Semiconductor Supply Inc", "country": "us"},
            {"role": "consignee", "name": consignee, "country": "cn"},
        ],
        "goods": [{"hs": "854231", "quantity": 100, "unit": "pcs", "value": 5000}],
    }


def test_entity_list_hit_carries_its_licence_terms(lists: TradeLists) -> None:
    rows = list(
        screen_shipments(
            [parse_shipment(shipment("s", "2026-03-02", "32 Group China Ltd."))],
            lists.screener,
            ScreenConfig(),
            workers=1,
            licences=lists.licences,
        )
    )
    hit = rows[0]["hits"][0]
    assert hit["match"]["id"] == EL and hit["role"] == "consignee"
    # As trade.gov's row states them (whitespace collapsed by the parser).
    assert hit["licence"] == {
        "list": "us_trade_csl_entity_list",
        "requirement": "For all items subject to the EAR. (See §744.11 of the EAR)",
        "policy": "Presumption of denial.",
        "federal_register": "80 FR 69852",
    }


def test_licence_list_is_named_per_list_also_when_loaded_as_one() -> None:
    assert csl_list(MEU, "us_trade_csl") == "us_trade_csl_meu"
    assert csl_list("us-csl-ns-mbs-1", "us_trade_csl") == "us_trade_csl_ns_mbs"
    assert csl_list("x", "us_trade_csl_dpl") == "us_trade_csl_dpl"
    assert csl_list("ofac-1", "us_ofac_sdn") == "us_ofac_sdn"


def test_non_csl_hits_have_no_licence_key(lists: TradeLists) -> None:
    assert all(e.startswith("us-csl-") for e in lists.licences)
    assert all(lic.list.startswith("us_trade_csl_") for lic in lists.licences.values())


def test_bis_affiliates_rule_aggregates_el_and_meu_and_ignores_other_lists(
    tmp_path: Path,
) -> None:
    path = registry(tmp_path)
    duck = DuckDBEngine()
    try:
        result = ownership_report(path, [CSL], "bis-affiliates", engine=duck)
    finally:
        duck.close()
    blocked = {r["id"]: r for r in result.records if r["blocked"]}
    assert set(blocked) == {"pearl", "pearl-sub"}  # delta: 49% < 50%
    assert blocked["pearl"]["share"] == 55.0
    assert get_rule("bis-affiliates").designates(EL)
    assert not get_rule("bis-affiliates").designates("us-csl-sdn-1")


def test_sanction_topic_does_not_designate_under_bis_affiliates(tmp_path: Path) -> None:
    sdn = company("sdn-co", "Some Sanctioned Co", designated=True)
    path = write(tmp_path / "e.jsonl", [sdn, company("child"), owns("sdn-co", "child", "100%")])
    duck = DuckDBEngine()
    try:
        bis = ownership_report(path, [], "bis-affiliates", engine=duck)
        ofac = ownership_report(path, [], "ofac", engine=duck)
    finally:
        duck.close()
    assert not any(r["blocked"] for r in bis.records)
    assert any(r["blocked"] for r in ofac.records)


@pytest.mark.parametrize(
    ("day", "flagged"),
    [
        ("2025-09-28", False),  # before the interim final rule
        ("2025-09-29", True),  # in force from publication
        ("2025-11-09", True),
        ("2025-11-10", False),  # suspended
        ("2026-11-09", False),
        ("2026-11-10", True),  # in force again
    ],
)
def test_affiliate_flag_follows_the_shipment_date(
    tmp_path: Path, lists: TradeLists, day: str, flagged: bool
) -> None:
    duck = DuckDBEngine()
    try:
        found = find_affiliates(registry(tmp_path), lists, engine=duck)
    finally:
        duck.close()
    rows = list(
        screen_shipments(
            [parse_shipment(shipment("s", day, "Pearl River Microelectronics Trading Co., Ltd."))],
            lists.screener,
            ScreenConfig(),
            workers=1,
            affiliates=found,
        )
    )
    flags = {f["rule"]: f for f in rows[0]["flags"]}
    assert (BisAffiliates.NAME in flags) is flagged
    if flagged:
        evidence = flags[BisAffiliates.NAME]["evidence"][0]
        assert evidence["entity"] == "pearl" and evidence["share"] == 55.0
        assert {(o["id"], o["share"]) for o in evidence["owners"]} == {(EL, 30.0), (MEU, 25.0)}
        assert "32 Group China Ltd." in flags[BisAffiliates.NAME]["explanation"]


def test_no_affiliates_no_flag() -> None:
    s = parse_shipment(shipment("s", "2026-12-01", "Anyone Ltd"))
    assert BisAffiliates().check(s, RuleContext()) is None


def test_cli_ownership_option_flags_the_subsidiary_not_delta(tmp_path: Path) -> None:
    ships = tmp_path / "s.jsonl"
    ships.write_text(
        json.dumps(shipment("sub", "2026-12-01", "Shenzhen Lingxin Components Ltd"))
        + "\n"
        + json.dumps(shipment("delta", "2026-12-01", "Delta Harbour Instruments Ltd"))
        + "\n"
        + json.dumps(shipment("el", "2026-12-01", "32 Group China Ltd."))
        + "\n"
    )
    out = tmp_path / "out.jsonl"
    args = ["trade", "screen", str(ships), "--list", str(CSL), "--output", str(out)]
    result = CliRunner().invoke(
        app, [*args, "--ownership", str(registry(tmp_path)), "--workers", "1"]
    )
    assert result.exit_code == 0, result.output
    rows = {r["id"]: r for r in map(json.loads, out.read_text().splitlines())}
    assert [f["rule"] for f in rows["sub"]["flags"] if f["rule"] == BisAffiliates.NAME]
    assert not [f for f in rows["delta"]["flags"] if f["rule"] == BisAffiliates.NAME]
    assert rows["el"]["hits"][0]["licence"]["list"] == "us_trade_csl_entity_list"
    assert "2 entities owned 50% or more" in result.output


def test_store_lists_carry_licence_terms_per_list(tmp_path: Path) -> None:
    """`lists load` stores one dataset per CSL list; the store path reads their terms."""
    store = str(tmp_path / "store.duckdb")
    loaded = CliRunner().invoke(app, ["--store", store, "lists", "load", str(CSL)])
    assert loaded.exit_code == 0, loaded.output
    ships = tmp_path / "s.jsonl"
    ships.write_text(json.dumps(shipment("el", "2026-12-01", "32 Group China Ltd.")) + "\n")
    out = tmp_path / "out.jsonl"
    args = ["--store", store, "trade", "screen", str(ships), "--output", str(out)]
    result = CliRunner().invoke(app, [*args, "--workers", "1"])
    assert result.exit_code == 0, result.output
    hit = json.loads(out.read_text())["hits"][0]
    assert hit["match"]["datasets"] == ["us_trade_csl_entity_list"]
    assert hit["licence"]["list"] == "us_trade_csl_entity_list"
    assert hit["licence"]["policy"] == "Presumption of denial."


def test_graph_rule_and_trade_rule_share_the_documented_periods() -> None:
    rule = get_rule("bis-affiliates")
    assert rule.in_force == BisAffiliates().config.in_force
    assert [rule.applies_on(d) for d in ("2025-10-01", "2026-01-01", "2027-01-01")] == [
        True,
        False,
        True,
    ]
    assert get_rule("ofac").applies_on("1990-01-01")  # no periods: always
