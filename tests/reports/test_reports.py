"""Case reports: every claim cites, the PDF carries the citations, goAML keeps its structure."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from followthemoney import model
from pypdf import PdfReader

from moneytrail.alerts import queue as review
from moneytrail.alerts.kinds import Kind, QueueFilter, queue
from moneytrail.errors import InvalidInput
from moneytrail.reports import ReportFormat, build_case, export
from moneytrail.reports.goaml import check_structure, render_goaml
from moneytrail.reports.model import CaseReport
from moneytrail.services.findings import Finding, raise_findings
from tests.conftest import run_cli
from tests.reports.conftest import Opened
from tests.reports.demo_store import DemoStore, copy_of


def _first(opened: Opened, kind: Kind, caption: str | None = None) -> str:
    for alert in queue(opened.repo, QueueFilter(kind=kind)):
        if caption is None or caption in alert.caption:
            return alert.id
    raise AssertionError(f"no {kind} alert {caption or ''}")


@pytest.fixture(scope="module")
def case(opened: Opened) -> CaseReport:
    alerts = [
        _first(opened, Kind.SCREENING, "TAJCO"),
        _first(opened, Kind.OWNERSHIP, "BANJUL"),
        _first(opened, Kind.TRACE, "BANJUL"),
        _first(opened, Kind.TYPOLOGY),
    ]
    review.decide(opened.repo, alerts[0], "true_match", "same company, Banjul address", "ann")
    return build_case(opened.store, opened.repo, alerts, ["ofac-12452"], author="ann")


def test_the_demo_raises_alerts_of_every_kind(opened: Opened) -> None:
    for kind in Kind:
        assert queue(opened.repo, QueueFilter(kind=kind)), kind


def test_raising_the_same_finding_twice_adds_nothing(opened: Opened) -> None:
    finding = Finding(Kind.NETWORK, "demo-co-x", "X", "Company", "fronts-v1", 0.5, ("why",))
    assert len(raise_findings(opened.repo, [finding], {})) == 1
    assert raise_findings(opened.repo, [finding], {}) == []


def test_every_claim_cites_statements_or_transactions_that_exist(case: CaseReport) -> None:
    assert len(case.claims) >= 8
    assert all(c.cited for c in case.claims)
    cited = {s for c in case.claims for s in c.statements}
    assert cited and cited == set(case.statements)
    kinds = {s.kind for s in case.alerts}
    assert kinds == {"screening", "ownership", "trace", "typology"}
    assert case.network_png and case.network_png.startswith(b"\x89PNG")
    assert case.flow_svg and case.flow_svg.startswith("<svg")
    assert {"TX00044", "TX00055"} <= {t.id for t in case.transactions}
    assert case.alerts[0].decisions[0].reason == "same company, Banjul address"
    assert [e.action for e in case.alerts[0].audit] == ["alert.raise", "alert.decide"]


def test_html_shows_each_citation_and_the_appendix(opened: Opened, case: CaseReport) -> None:
    html = export(opened.store, case, ReportFormat.HTML).data.decode()
    for claim in case.claims:
        for statement in claim.statements:
            assert f"S:{statement[:12]}" in html
            assert f"S:{statement}" in html  # the appendix gives the full id
    assert "data:image/png;base64," in html and "same company, Banjul address" in html


def test_pdf_opens_and_contains_the_citations(opened: Opened, case: CaseReport) -> None:
    data = export(opened.store, case, ReportFormat.PDF).data
    reader = PdfReader(io.BytesIO(data))
    text = re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))
    assert len(reader.pages) >= 2
    assert "Evidence" in text and "Appendix:citedstatements" in text
    for statement in case.statements:
        assert f"S:{statement[:12]}" in text
    assert "TX00044" in text


def test_ftm_export_has_valid_entities_and_the_cited_statements(
    opened: Opened, case: CaseReport
) -> None:
    lines = [json.loads(x) for x in export(opened.store, case, ReportFormat.FTM).data.splitlines()]
    entities = [x for x in lines if "properties" in x]
    statements = [x for x in lines if "prop" in x]
    assert {"ofac-12452", "demo-co-banjul-wholesale"} <= {e["id"] for e in entities}
    for entity in entities:
        assert model.get_proxy(entity).schema.name == entity["schema"]
    assert {s["id"] for s in statements} == set(case.statements)
    assert all(s["origin"] and s["dataset"] for s in statements)


def test_goaml_follows_the_schema_structure(case: CaseReport) -> None:
    xml = render_goaml(case)
    assert check_structure(xml) == []
    assert xml.count("<transaction>") == len(case.cited_transactions())
    assert "<report_code>STR</report_code>" in xml
    assert "<t_from>" in xml and "<t_to>" in xml
    assert "<account>GM01-7001</account>" in xml and "<amount_local>48500.00</amount_local>" in xml
    broken = xml.replace("<report_code>STR</report_code>", "").replace(
        "<rentity_id>0</rentity_id>", "<report_code>STR</report_code><rentity_id>0</rentity_id>"
    )
    assert "report: children out of schema order" in check_structure(broken)
    assert "report/transaction/t_from: missing <from_account>" in check_structure(
        re.sub(r"<from_account>.*?</from_account>", "", xml, count=1, flags=re.S)
    )


def test_goaml_refuses_a_report_without_transactions(opened: Opened) -> None:
    case = build_case(opened.store, opened.repo, [], ["ofac-11494"], author="ann", pictures=False)
    case.transactions = []
    with pytest.raises(InvalidInput, match="needs transactions"):
        render_goaml(case)


def test_report_command_writes_goaml(opened: Opened, seeded: DemoStore, tmp_path: Path) -> None:
    alert = _first(opened, Kind.TRACE, "BANJUL")  # ids are the same in every copy
    store = copy_of(seeded, tmp_path / "cli.duckdb")
    out = f"{tmp_path}/case.xml"
    done = run_cli(
        "--store", str(store.path), "report", "--alert", alert, "--format", "goaml",
        "--output", out,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    with open(out, encoding="utf-8") as fh:
        assert check_structure(fh.read()) == []
