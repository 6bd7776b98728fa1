"""The sentences of the evidence table, each with the statement and transaction ids behind it.

Wording lives here so every export says the same thing; the ids come from the
analyses' own explanations, so a claim can never cite something the analysis did
not use.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from moneytrail.errors import NotFound
from moneytrail.graph.paths import network_report
from moneytrail.store import Store
from moneytrail.store.entities import EntityView

if TYPE_CHECKING:
    from moneytrail.reports.model import AlertSection, CaseReport

# (about, source, text, statement ids, transaction ids)
Draft = tuple[str, str, str, tuple[str, ...], tuple[str, ...]]
MAX_PATHS = 3


def designation_statements(store: Store, entity_ids: list[str]) -> tuple[str, ...]:
    """The ``topics: sanction`` statements that make these entities designated."""
    if not entity_ids:
        return ()
    rows = store.engine.rows(
        "SELECT id FROM statements WHERE prop = 'topics' AND value = 'sanction' "
        "AND list_contains(?, entity_id) ORDER BY id",
        [entity_ids],
    )
    return tuple(str(r[0]) for r in rows)


def alert_claims(store: Store, section: AlertSection) -> list[Draft]:
    alert = section.alert
    source = f"alert {alert.id}"
    if section.kind == "screening":
        return _screening(store, alert.entity_id, alert.caption, alert.explanation, source)
    if section.kind == "trade":
        return _trade(alert.entity_id, alert.explanation, source)
    explanation = alert.explanation
    statements = tuple(explanation.get("statements", ()))
    txs = tuple(explanation.get("transactions", ()))
    designated = list(explanation.get("designated", ()))
    statements += designation_statements(store, designated)
    return [
        (alert.entity_id, source, str(reason), statements, txs)
        for reason in explanation.get("reasons", ())
    ]


def _screening(
    store: Store, entity_id: str, caption: str, explanation: dict[str, Any], source: str
) -> list[Draft]:
    name = explanation.get("name", {})
    out: list[Draft] = []
    if name:
        text = (
            f"The name {name.get('query')!r} matches {name.get('list')!r} "
            f"({name.get('list_prop', 'name')} of {caption}, {entity_id}), name score "
            f"{float(name.get('score', 0)):.2f}"
        )
        out.append((entity_id, source, text, _ids(name.get("statement")), ()))
    for feature, detail in sorted(explanation.get("features", {}).items()):
        contribution = float(detail.get("contribution", 0))
        text = (
            f"{feature}: {detail.get('detail', '')} (query {detail.get('query')!r}, "
            f"list {detail.get('list')!r}), contribution {contribution:+.2f}"
        )
        out.append((entity_id, source, text, _ids(detail.get("statement")), ()))
    versions = ", ".join(
        f"{d} {v}" for d, v in sorted(explanation.get("list_versions", {}).items())
    )
    cited = designation_statements(store, [entity_id])
    if cited:
        text = f"{caption} ({entity_id}) is designated (list versions: {versions or 'unknown'})"
        out.append((entity_id, source, text, cited, ()))
    return out


def _trade(subject: str, explanation: dict[str, Any], source: str) -> list[Draft]:
    """A trade alert: the shipment (parties, goods, route), then a claim per hit or flag,
    each citing the list statements it rests on."""
    shipment = explanation.get("shipment", {})
    out: list[Draft] = [(subject, source, shipment_text(shipment), (), ())]
    if explanation.get("algorithm") == "trade-flags-v1":
        for flag in explanation.get("flags", ()):
            cited = [s for e in flag.get("evidence", ()) for s in e.get("statements", ()) or ()]
            text = (
                f"Shipment {shipment.get('id', subject)}: red flag {flag.get('rule')} "
                f"(score {float(flag.get('score', 0)):.2f}): {flag.get('explanation', '')}"
            )
            out.append((subject, source, text, tuple(dict.fromkeys(cited)), ()))
        return out
    statements = tuple(explanation.get("statements", ()))
    for reason in explanation.get("reasons", ()):
        out.append((subject, source, f"Screening hit on {reason}", statements, ()))
    return out


def shipment_text(shipment: dict[str, Any]) -> str:
    """One sentence of what was shipped, by whom, along which route."""
    parties = "; ".join(
        f"{p.get('role', '').replace('_', ' ')} {p.get('name')}"
        + (f" ({p['country']})" if p.get("country") else "")
        for p in shipment.get("parties", ())
    )
    goods = "; ".join(
        f"HS {g.get('hs')} {g.get('description', '')}".rstrip()
        + (f", {g['quantity']:g} {g.get('unit', '')}".rstrip() if g.get("quantity") else "")
        + (f", {g['value']:,.2f} {g.get('currency', '')}".rstrip() if g.get("value") else "")
        for g in shipment.get("goods", ())
    )
    route = shipment.get("route", {})
    ports = [route.get("loading"), *route.get("transshipment", ()), route.get("discharge")]
    vessel = shipment.get("vessel") or {}
    text = f"Shipment {shipment.get('id')}" + (
        f" of {shipment['date']}" if shipment.get("date") else ""
    )
    text += f": parties {parties or 'not given'}; goods {goods or 'not given'}"
    text += f"; route {' → '.join(p for p in ports if p) or 'not given'}"
    if vessel:
        text += f"; vessel {vessel.get('name') or ''} (IMO {vessel.get('imo') or 'not given'})"
    return text + "."


def _ids(value: Any) -> tuple[str, ...]:
    if isinstance(value, str) and value:
        return (value,)
    if isinstance(value, list | tuple):
        return tuple(str(v) for v in value if v)
    return ()


def entity_claims(store: Store, view: EntityView) -> list[Draft]:
    """Designation, programmes, and the shortest paths to designated parties."""
    source = f"entity {view.id}"
    out: list[Draft] = []
    topics = tuple(s.id for s in view.statements if s.prop == "topics" and s.value == "sanction")
    if topics:
        lists = ", ".join(
            sorted({f"{s.dataset} {s.list_version}" for s in view.statements if s.id in topics})
        )
        out.append((view.id, source, f"{view.caption} is designated ({lists})", topics, ()))
    for side_id, facts in view.sanctions:
        programs = ", ".join(s.value for s in facts if s.prop == "program") or "unnamed"
        authority = ", ".join(s.value for s in facts if s.prop == "authority")
        text = f"Sanction {side_id}: programme {programs}" + (f", {authority}" if authority else "")
        out.append((view.id, source, text, tuple(s.id for s in facts), ()))
    out += _paths(store, view, source)
    return out


def _paths(store: Store, view: EntityView, source: str) -> list[Draft]:
    try:
        report = network_report(store, view.id, hops=1)
    except NotFound:
        return []
    out: list[Draft] = []
    for path in report.paths[:MAX_PATHS]:
        steps = " → ".join(
            f"{report.nodes[s.target]['caption']} ({'; '.join(e.label for e in s.edges)})"
            for s in path.steps
        )
        target = report.nodes[path.target]["caption"]
        text = f"{view.caption} is {path.length} step(s) from designated {target}: {steps}"
        designation = report.nodes[path.target].get("designation")
        cited = tuple(path.statements()) + ((designation,) if designation else ())
        out.append((view.id, source, text, cited, ()))
    for ind in report.indicators:
        if ind.entity == view.id:
            out.append((view.id, source, ind.explanation, ind.statements, ()))
    return out


def counted(n: int, one: str, many: str) -> str:
    """``1 alert``, ``3 alerts``: a count with the right form of its noun."""
    return f"{n:,} {one if n == 1 else many}"


def summary(report: CaseReport) -> list[str]:
    """A few plain sentences a reader takes in before the evidence."""
    kinds = Counter(s.kind for s in report.alerts)
    status = Counter(s.alert.status.value.replace("_", " ") for s in report.alerts)
    lines = []
    if report.alerts:
        by_kind = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items()))
        by_status = ", ".join(f"{n} {k}" for k, n in sorted(status.items()))
        lines.append(
            f"{counted(len(report.alerts), 'alert', 'alerts')} reviewed ({by_kind}); "
            f"status: {by_status}."
        )
    designated = [e.caption for e in report.entities if e.designated]
    if report.entities:
        lines.append(
            f"{counted(len(report.entities), 'entity', 'entities')} examined"
            + (f"; designated: {', '.join(designated)}." if designated else ".")
        )
    decisions = sum(len(s.decisions) for s in report.alerts)
    cited_txs = len({t for c in report.claims for t in c.transactions})
    lines.append(
        f"{counted(len(report.claims), 'claim', 'claims')} cite "
        f"{counted(len(report.statements), 'statement', 'statements')} and "
        f"{counted(cited_txs, 'transaction', 'transactions')}; "
        f"{counted(decisions, 'decision', 'decisions')} recorded."
    )
    if report.transactions:
        filed = report.cited_transactions()
        lines.append(
            f"{counted(len(report.transactions), 'transaction', 'transactions')} totalling "
            f"{report.total_amount():,.2f} {report.currency} are listed; "
            f"{counted(len(filed), 'is', 'are')} cited by the alerts and go into the STR "
            f"({sum(t.amount for t in filed):,.2f} {report.currency})."
        )
    return lines
