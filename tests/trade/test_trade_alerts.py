"""``trade screen --raise-alerts``: hits and red flags become alerts of kind trade.

The demo shipments (moneytrail/data/demo/SHIPMENTS.md) are screened against the bundled
SDN list into a temporary store that holds that list, so the statements the alerts
cite resolve in the case report.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from moneytrail.alerts import DuckDBRepository
from moneytrail.alerts.kinds import Kind, QueueFilter, kind_of, queue
from moneytrail.alerts.models import Alert
from moneytrail.cli.main import app
from moneytrail.reports import build_case
from moneytrail.services.lists import load_source
from moneytrail.services.trade import raise_trade_alerts
from moneytrail.store import Store
from moneytrail.trade.read import read_shipments
from tests.conftest import ROOT

DEMO = ROOT / "moneytrail" / "data" / "demo" / "shipments.jsonl"
SDN = ROOT / "moneytrail" / "data" / "lists" / "us_ofac_sdn"
PLANTED = {"demo-tj-01", "demo-tj-02", "demo-tj-03", "demo-jm-01", "demo-jm-02"}

pytestmark = pytest.mark.slow


@dataclass
class Screened:
    store_path: Path
    output: Path
    stderr: str
    plain: str  # the output of the same screen without --raise-alerts


def _screen(store: Path, out: Path, *extra: str) -> str:
    args = ["--quiet", "trade", "screen", str(DEMO), "--list", str(SDN), "-o", str(out), *extra]
    env = {
        "MONEYTRAIL_PROGRESS": "0",
        "MONEYTRAIL_STORE": str(store),
        "MONEYTRAIL_DATABASE_URL": "",
    }
    result = CliRunner().invoke(app, args, env=env)
    assert result.exit_code == 0, result.output
    return result.stderr


@pytest.fixture(scope="module")
def screened(tmp_path_factory: pytest.TempPathFactory) -> Screened:
    tmp = tmp_path_factory.mktemp("trade-alerts")
    store_path = tmp / "case.duckdb"
    with Store(store_path) as store:
        load_source(store, SDN)
    plain_out = tmp / "plain.jsonl"
    _screen(tmp / "untouched.duckdb", plain_out)
    assert not (tmp / "untouched.duckdb").exists()  # no flag: no case store written
    out = tmp / "flags.jsonl"
    err = _screen(store_path, out, "--raise-alerts")
    return Screened(store_path, out, err, plain_out.read_text())


@pytest.fixture
def repo(screened: Screened) -> Iterator[DuckDBRepository]:
    opened = DuckDBRepository(screened.store_path)
    yield opened
    opened.close()


def _trade(repo: DuckDBRepository) -> list[Alert]:
    return queue(repo, QueueFilter(kind=Kind.TRADE, status=None, limit=1000))


def _shipment(alert: Alert) -> str:
    return str(alert.explanation["shipment"]["id"])


def test_output_is_unchanged_by_the_flag(screened: Screened) -> None:
    assert screened.output.read_text() == screened.plain


def test_planted_shipments_raise_trade_alerts_and_clean_ones_none(
    repo: DuckDBRepository, screened: Screened
) -> None:
    alerts = _trade(repo)
    assert {_shipment(a) for a in alerts} == PLANTED
    assert all(kind_of(a) is Kind.TRADE for a in alerts)
    assert f"raised {len(alerts)} trade alerts" in screened.stderr
    flagged = {a.entity_id: a for a in alerts if a.entity_id.startswith("shipment:")}
    assert set(flagged) == {f"shipment:{s}" for s in PLANTED}
    jm2 = flagged["shipment:demo-jm-02"].explanation
    assert {f["rule"] for f in jm2["flags"]} >= {"listed_vessel-v1", "near_miss_party-v1"}
    assert any("listed_vessel-v1" in r and "IMO 7406784" in r for r in jm2["reasons"])
    assert jm2["statements"]  # the listed vessel's and the near miss's statements
    assert {p["role"] for p in jm2["shipment"]["parties"]} >= {"buyer", "consignee"}
    # a hit is about the listed entity, naming the shipment and the party's role
    tajco = [a for a in alerts if a.entity_id == "ofac-12452"]
    assert len(tajco) == 1 and tajco[0].explanation["roles"] == ["notify_party"]
    assert "demo-tj-02" in tajco[0].explanation["reasons"][0]
    assert tajco[0].list_versions == {"us_ofac_sdn": "2024-05-03"}


def test_raising_twice_adds_none(repo: DuckDBRepository, screened: Screened) -> None:
    before = len(_trade(repo))
    records = [json.loads(line) for line in screened.output.read_text().splitlines()]
    again = raise_trade_alerts(repo, {}, records, "test", read_shipments(DEMO, {}))
    assert again == [] and len(_trade(repo)) == before


def test_an_audit_line_per_alert(repo: DuckDBRepository) -> None:
    raised = [e for e in repo.audit_entries() if e.action == "alert.raise"]
    trade = {a.id for a in _trade(repo)}
    assert sorted(e.subject for e in raised if e.payload["kind"] == "trade") == sorted(trade)


def test_case_report_names_the_rule_and_the_shipment(
    repo: DuckDBRepository, screened: Screened
) -> None:
    alert = next(a for a in _trade(repo) if a.entity_id == "shipment:demo-tj-01")
    with Store(screened.store_path) as store:
        report = build_case(store, repo, [alert.id], [], author="ann", pictures=False)
    texts = [c.text for c in report.claims]
    assert texts[0].startswith("Shipment demo-tj-01 of 2026-03-02: parties exporter")
    assert "HS 854231" in texts[0] and "USNYC → TRAMB → GMBJL" in texts[0]
    chpl = [t for t in texts if "chpl_goods-v1" in t]
    assert len(chpl) == 1 and "demo-tj-01" in chpl[0] and "HS 854231 (tier 1)" in chpl[0]
    assert any("forwarder_consignee-v1" in t for t in texts)
    assert report.alerts[0].kind == "trade"


def test_case_report_cites_list_statements_of_a_flag(
    repo: DuckDBRepository, screened: Screened
) -> None:
    alert = next(a for a in _trade(repo) if a.entity_id == "shipment:demo-jm-02")
    with Store(screened.store_path) as store:
        report = build_case(store, repo, [alert.id], [], author="ann", pictures=False)
    vessel = next(c for c in report.claims if "listed_vessel-v1" in c.text)
    assert vessel.statements and set(vessel.statements) <= set(report.statements)
    cited: dict[str, Any] = {s: report.statements[s] for s in vessel.statements}
    assert {c.entity_id for c in cited.values()} == {"ofac-4243"}


def test_workbench_evidence_shows_the_shipment_and_its_flags(
    repo: DuckDBRepository, screened: Screened
) -> None:
    from moneytrail.web.evidence import alert_evidence
    from moneytrail.web.views import TEMPLATES

    alert = next(a for a in _trade(repo) if a.entity_id == "shipment:demo-jm-02")
    with Store(screened.store_path) as store:
        ev = alert_evidence(store, alert)
    assert ev.shipment["id"] == "demo-jm-02" and len(ev.flags) == len(alert.explanation["flags"])
    assert {f.entity_id for f in ev.facts} >= {"ofac-4243"}  # the flags' statements, looked up
    page = TEMPLATES.env.from_string(
        '{% from "_macros.html" import st, subject, money, txtable %}{% include "_evidence.html" %}'
    ).render(ev=ev, a=alert)
    assert 'id="shipment"' in page and 'id="flags"' in page
    assert "listed_vessel-v1" in page and "USBAL" in page and "used" in page
    assert "<td>buyer</td><td>Ellissa Holding</td>" in page
