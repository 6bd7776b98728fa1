"""Build a case report from chosen alerts and entities: one service for the CLI and the web.

The evidence table is written from what the analyses already recorded (a screening
explanation's name and feature statements, an indicator's statements, a trace's
transactions), never re-derived, so the report says exactly what the analyst saw
when deciding.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from moneytrail.alerts.audit import utc_now
from moneytrail.alerts.cases import read_case
from moneytrail.alerts.kinds import kind_of
from moneytrail.alerts.queue import read_alert
from moneytrail.alerts.repository import Repository
from moneytrail.errors import InvalidInput, NotFound
from moneytrail.flows import Direction, trace
from moneytrail.flows.stored import accounts_of, flow_graph, flow_view, holders, transactions
from moneytrail.graph.paths import network_report
from moneytrail.graph.render import render_png
from moneytrail.reports import claims as write
from moneytrail.reports.model import (
    AlertSection,
    CaseReport,
    CitedStatement,
    Claim,
    EntitySection,
)
from moneytrail.reports.picture import flow_svg
from moneytrail.store import Store
from moneytrail.store.entities import describe_entity

MAX_FLOW_TRANSACTIONS = 200


def build_case(
    store: Store,
    repo: Repository,
    alert_ids: Sequence[str],
    entity_ids: Sequence[str],
    *,
    author: str,
    title: str | None = None,
    pictures: bool = True,
    case_id: str | None = None,
    narrative: str | None = None,
    conclusion: str | None = None,
) -> CaseReport:
    """The report on ``alert_ids`` and ``entity_ids``; NotFound names the first unknown id.

    With ``case_id`` the case's alerts, title, narrative and conclusion are used
    (``narrative`` and ``conclusion`` given here take precedence over the case's).
    """
    if case_id is not None:
        case = read_case(repo, case_id)
        alert_ids = [*case.alert_ids, *alert_ids]
        title = title or case.title
        narrative = case.narrative if narrative is None else narrative
        conclusion = case.conclusion if conclusion is None else conclusion
    if not alert_ids and not entity_ids:
        raise InvalidInput("pick at least one alert or entity for the report", field="alert")
    report = CaseReport(
        id=case_id or "case-" + uuid.uuid4().hex[:12],
        title=title or "Case report",
        created_at=utc_now(),
        author=author,
        narrative=(narrative or "").strip(),
        conclusion=(conclusion or "").strip(),
        case_id=case_id,
    )
    drafts: list[tuple[str, str, str, tuple[str, ...], tuple[str, ...]]] = []
    for alert_id in dict.fromkeys(alert_ids):
        section = _alert_section(repo, alert_id)
        report.alerts.append(section)
        drafts += write.alert_claims(store, section)
    for entity_id in dict.fromkeys(entity_ids):
        section_e, entity_claims = _entity_section(store, entity_id)
        report.entities.append(section_e)
        drafts += entity_claims
    report.claims = [
        Claim(n, about, source, text, stmts, txs)
        for n, (about, source, text, stmts, txs) in enumerate(drafts, start=1)
    ]
    report.statements = lookup_statements(store, {s for c in report.claims for s in c.statements})
    focus = [*entity_ids, *(s.alert.entity_id for s in report.alerts)]
    _transactions(store, report, focus)
    if pictures:
        _pictures(store, report, focus)
    report.summary = write.summary(report)
    return report


def _alert_section(repo: Repository, alert_id: str) -> AlertSection:
    view = read_alert(repo, alert_id)
    audit = tuple(e for e in repo.audit_entries() if e.subject == alert_id)
    return AlertSection(view.alert, kind_of(view.alert).value, view.decisions, audit)


def _entity_section(store: Store, entity_id: str) -> tuple[EntitySection, list[write.Draft]]:
    view = describe_entity(store, entity_id)
    programs = sorted(
        {s.value for _, facts in view.sanctions for s in facts if s.prop == "program"}
    )
    designated = any(s.prop == "topics" and s.value == "sanction" for s in view.statements)
    datasets = tuple(sorted({s.dataset for s in view.statements}))
    section = EntitySection(
        view.id, view.caption, view.schema, designated, tuple(programs), datasets
    )
    return section, write.entity_claims(store, view)


def lookup_statements(store: Store, ids: set[str]) -> dict[str, CitedStatement]:
    """Cited statements with their provenance; an id the store no longer has is left out."""
    if not ids:
        return {}
    rows = store.engine.rows(
        "SELECT id, entity_id, schema, prop, value, dataset, list_version, source_record, "
        "first_seen, last_seen FROM statements WHERE list_contains(?, id)",
        [sorted(ids)],
    )
    return {str(r[0]): CitedStatement(*(str(v) for v in r)) for r in rows}


def _transactions(store: Store, report: CaseReport, focus: list[str]) -> None:
    """Cited payments, then the traced flows of the focus entities, without repeats."""
    cited = sorted({t for c in report.claims for t in c.transactions})
    found = {t.id: t for t in transactions(store, cited)} if cited else {}
    for entity_id in dict.fromkeys(focus):
        for item in flow_view(store, entity_id).timeline:
            if len(found) >= MAX_FLOW_TRANSACTIONS:
                break
            found.setdefault(item["id"], *transactions(store, [item["id"]]))
    report.transactions = sorted(found.values(), key=lambda t: (t.date, t.id))


def _pictures(store: Store, report: CaseReport, focus: list[str]) -> None:
    """The network of the first entity the graph knows; the flow of the first with money."""
    for entity_id in dict.fromkeys(focus):
        if report.network_png is None:
            try:
                net = network_report(store, entity_id, hops=2)
            except NotFound:
                net = None
            if net is not None:
                report.network_entity, report.network_png = entity_id, render_png(net)
        if report.flow_svg is None:
            svg = flow_picture(store, entity_id, currency=report.currency)
            if svg is not None:
                report.flow_entity, report.flow_svg = entity_id, svg
        if report.network_png is not None and report.flow_svg is not None:
            return


def flow_picture(store: Store, entity_id: str, hops: int = 4, currency: str = "") -> str | None:
    """The money out of (else into) the entity's accounts, each account named by its holder."""
    graph = flow_graph(store)
    seeds = accounts_of(store, entity_id)
    if graph is None or not seeds or not (graph.codes(seeds) >= 0).any():
        return None
    held = holders(store)
    names = {account: name for account, (_, name, _) in held.items()}
    designated = {account for account, (_, _, listed) in held.items() if listed}
    for direction in (Direction.FORWARD, Direction.BACKWARD):
        result = trace(graph, seeds, direction=direction, hops=hops)
        if len(result.accounts):
            return flow_svg(result, names, designated, currency)
    return None


def report_record(report: CaseReport) -> dict[str, Any]:
    """A JSON summary for the web and the CLI's notes: counts, not the whole report."""
    return {
        "id": report.id,
        "alerts": len(report.alerts),
        "entities": len(report.entities),
        "claims": len(report.claims),
        "statements": len(report.statements),
        "transactions": len(report.transactions),
    }
