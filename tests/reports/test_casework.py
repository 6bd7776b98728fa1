"""The case report as an analyst files it: plain wording, the payments the alerts cite,
the signed-in analyst as reporting person, a flow picture that names its accounts."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from defusedxml import ElementTree as SafeET

from moneytrail.alerts.kinds import Kind, QueueFilter, queue
from moneytrail.alerts.models import AlertStatus
from moneytrail.flows.stored import Tx
from moneytrail.reports import ReportFormat, build_case, export
from moneytrail.reports.claims import counted, summary
from moneytrail.reports.goaml import check_structure, render_goaml, signed_by
from moneytrail.reports.model import CaseReport, Claim, EntitySection
from tests.reports.conftest import Opened


def _first(opened: Opened, kind: Kind, caption: str | None = None) -> str:
    for alert in queue(opened.repo, QueueFilter(kind=kind)):
        if caption is None or caption in alert.caption:
            return alert.id
    raise AssertionError(f"no {kind} alert {caption or ''}")


@pytest.fixture(scope="module")
def case(opened: Opened) -> CaseReport:
    alerts = [
        _first(opened, Kind.OWNERSHIP, "BANJUL"),
        _first(opened, Kind.TRACE, "BANJUL"),
        _first(opened, Kind.TYPOLOGY, "WEST COAST"),
    ]
    return build_case(
        opened.store, opened.repo, alerts, ["ofac-12452", "demo-co-banjul-wholesale"],
        author="Ann Mbye", narrative="TAJCO paid Banjul Wholesale.\n\nIt moved on.",
        conclusion="Report to the FIU.",
    )  # fmt: skip


def test_counted_chooses_the_noun_by_number() -> None:
    assert counted(1, "alert", "alerts") == "1 alert"
    assert counted(3, "entity", "entities") == "3 entities"
    assert counted(0, "decision", "decisions") == "0 decisions"


def test_summary_reads_as_sentences(case: CaseReport) -> None:
    text = " ".join(case.summary)
    assert text.startswith("3 alerts reviewed (1 ownership, 1 trace, 1 typology)")
    assert "2 entities examined; designated: TAJCO." in text
    assert "(s)" not in text and "(ies)" not in text
    one = CaseReport("c", "t", "2026-01-01", "ann")
    one.alerts = [replace(case.alerts[0])]
    one.entities = [EntitySection("x", "X", "Company", False, (), ())]
    assert summary(one)[:2] == [
        f"1 alert reviewed (1 ownership); status: 1 {AlertStatus.OPEN.value}.",
        "1 entity examined.",
    ]


def test_goaml_lists_only_the_cited_payments_and_names_the_analyst(case: CaseReport) -> None:
    cited = {t for c in case.claims for t in c.transactions}
    assert cited == {"TX00044", "TX00092", "TX00098"}
    assert len(case.transactions) > len(cited)  # the traced context is larger than the STR
    xml = render_goaml(case)
    assert check_structure(xml) == []
    root = SafeET.fromstring(xml.encode())
    assert {n.text for n in root.iter("transactionnumber")} == cited
    person = root.find("reporting_person")
    assert person is not None
    assert [person.findtext("first_name"), person.findtext("last_name")] == ["Ann", "Mbye"]
    assert "<last_name>Officer</last_name>" not in xml


def test_goaml_without_citations_files_every_listed_payment() -> None:
    report = CaseReport("c", "t", "2026-01-01T00:00:00", "ann")
    report.transactions = [Tx("T1", "2024-01-01", "GM01", "GM02", 10.0, "A", "B")]
    report.claims = [Claim(1, "x", "entity x", "a fact", ("s1",))]
    assert [t.id for t in report.cited_transactions()] == ["T1"]
    assert "<transactionnumber>T1</transactionnumber>" in render_goaml(report)
    assert signed_by("ann").officer_last_name == "ann"


def test_the_flow_picture_names_its_accounts_and_styles_its_boxes(case: CaseReport) -> None:
    svg = case.flow_svg or ""
    texts = re.findall(r"<text[^>]*>([^<]+)</text>", svg)
    assert {"TAJCO", "BANJUL WHOLESALE IMPORTS LTD"} <= set(texts)
    rects = re.findall(r"<rect [^>]*>", svg)
    assert rects and all('fill="#' in r for r in rects)  # never SVG's default black
    assert "class=" not in svg  # no style that depends on a stylesheet left behind


def test_narrative_and_conclusion_are_in_html_and_pdf(opened: Opened, case: CaseReport) -> None:
    html = export(opened.store, case, ReportFormat.HTML).data.decode()
    assert "TAJCO paid Banjul Wholesale." in html and "Report to the FIU." in html
    assert html.index('id="narrative"') < html.index('id="evidence"')
    blank = build_case(opened.store, opened.repo, [], ["ofac-12452"], author="ann", pictures=False)
    assert (
        "No narrative written yet" in export(opened.store, blank, ReportFormat.HTML).data.decode()
    )


def test_pdf_flow_picture_carries_the_names(opened: Opened, case: CaseReport) -> None:
    import io

    from pypdf import PdfReader

    data = export(opened.store, case, ReportFormat.PDF).data
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(data)).pages]
    flow = next(p for p in pages if "Money flow of" in p)
    assert "TAJCO" in flow and "BANJUL WHOLESALE" in flow
