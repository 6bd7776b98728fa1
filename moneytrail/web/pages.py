"""What each workbench page shows, computed from the services; the views only render it.

Kept apart from the routes so the pages' content can be tested without a browser
and so no route holds more than parsing and rendering.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from normality import ascii_text

from moneytrail.alerts.kinds import KIND_HELP, Kind, QueueFilter, kind_of, queue
from moneytrail.alerts.models import (
    Alert,
    AlertFilter,
    AlertStatus,
    AuditEntry,
    Decision,
    DecisionKind,
)
from moneytrail.alerts.queue import read_alert
from moneytrail.alerts.repository import Repository
from moneytrail.errors import InvalidInput, NotFound
from moneytrail.model.designation import is_designated_topic
from moneytrail.services.snapshots import ListService
from moneytrail.store import Store
from moneytrail.store.entities import EntityView
from moneytrail.store.versions import describe, freshness

# The properties shown side by side on a screening alert, query key -> list props.
COMPARED: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("names", "Names", ("name", "alias", "weakAlias", "previousName")),
    ("birth_dates", "Birth dates", ("birthDate",)),
    ("countries", "Countries", ("country", "nationality", "citizenship", "jurisdiction")),
    ("identifiers", "Identifiers", ("passportNumber", "idNumber", "registrationNumber")),
)
_WORD = re.compile(r"(\w+)", re.UNICODE)


CASE_CHOICES: dict[str, bool] = {"yes": True, "no": False}  # the "case" filter's values


def parse_queue_filter(
    kind: str | None,
    status: str | None,
    min_score: str | None,
    dataset: str | None,
    *,
    assignee: str = "",
    case: str = "",
    entity_ids: tuple[str, ...] | None = None,
) -> QueueFilter:
    """Form values (empty strings mean "any") to a filter; bad values name their field.

    ``entity_ids`` is the chosen programme's entries (``ListService.program_entities``), or None.
    """
    if case and case not in CASE_CHOICES:
        raise InvalidInput(f"the case filter is yes, no or empty, not {case!r}", field="case")
    try:
        chosen_kind = Kind(kind) if kind else None
    except ValueError:
        raise InvalidInput(f"unknown alert kind {kind!r}", field="kind") from None
    try:
        chosen_status = AlertStatus(status) if status else None
    except ValueError:
        raise InvalidInput(f"unknown status {status!r}", field="status") from None
    score = None
    if min_score:
        try:
            score = float(min_score)
        except ValueError:
            raise InvalidInput(
                "the minimum score is a number from 0 to 1", field="min_score"
            ) from None
        if not 0.0 <= score <= 1.0:
            raise InvalidInput("the minimum score is a number from 0 to 1", field="min_score")
    return QueueFilter(
        chosen_kind, chosen_status, dataset or None, score,
        assignee=assignee.strip() or None, has_case=CASE_CHOICES.get(case), entity_ids=entity_ids,
    )  # fmt: skip


# What a score means in each kind: scores compare only within a kind, so the queue
# groups by kind (in this order) and sorts by score inside each group.
SCALES: dict[str, str] = {
    Kind.SCREENING.value: "match of the screened name and details with the list entry (0-1)",
    Kind.OWNERSHIP.value: "strength of the ownership indicator (1.00: blocked under the 50% rule)",
    Kind.NETWORK.value: "strength of the strongest front-company indicator (1/3, 2/3 or 1)",
    Kind.TRACE.value: "closeness to the designated party: 1.00 one hop, 0.75 two, 0.67 three",
    Kind.TYPOLOGY.value: "the typology's own score for the pattern (0-1)",
}


@dataclass(frozen=True, slots=True)
class QueueRow:
    """One queue line: who was screened or what was found, against what, how old."""

    alert: Alert
    kind: str
    summary: str
    subject_id: str = ""
    subject_name: str = ""
    lists: tuple[str, ...] = ()
    programs: tuple[str, ...] = ()
    raised: str = ""
    age_days: int = 0
    assignee: str = ""
    case_id: str = ""


@dataclass
class QueueGroup:
    kind: str
    scale: str
    rows: list[QueueRow]


def queue_rows(
    alerts: list[Alert],
    programs: dict[str, list[str]] | None = None,
    today: date | None = None,
    cases: dict[str, tuple[str, str | None]] | None = None,
) -> list[QueueRow]:
    """The queue's alerts grouped by kind (screening first), strongest first within each;
    ``cases`` (``kinds.cases_of``) gives each its case and the case's assignee."""
    order = {k.value: n for n, k in enumerate(Kind)}
    rows = [_row(a, programs or {}, today or date.today(), cases or {}) for a in alerts]
    rows.sort(key=lambda r: (order.get(r.kind, 99), r.alert.status is not AlertStatus.OPEN))
    return rows


def queue_groups(rows: list[QueueRow]) -> list[QueueGroup]:
    groups: list[QueueGroup] = []
    for row in rows:
        if not groups or groups[-1].kind != row.kind:
            groups.append(QueueGroup(row.kind, SCALES.get(row.kind, ""), []))
        groups[-1].rows.append(row)
    return groups


def _row(
    alert: Alert,
    programs: dict[str, list[str]],
    today: date,
    cases: dict[str, tuple[str, str | None]],
) -> QueueRow:
    kind = kind_of(alert)
    case_id, assignee = cases.get(alert.id, ("", None))
    explanation = alert.explanation
    if kind is Kind.SCREENING:
        names = alert.query.get("names") or [explanation.get("name", {}).get("query", "")]
        subject_id, subject_name = alert.query_id, str(names[0])
        versions = explanation.get("list_versions") or alert.list_versions
    else:
        subject_id, subject_name = alert.entity_id, alert.caption
        versions = {d: v for d, v in alert.list_versions.items() if d in alert.datasets}
    try:
        age = (today - date.fromisoformat(alert.created_at[:10])).days
    except ValueError:
        age = 0
    return QueueRow(
        alert, kind.value, _one_line(alert), subject_id, subject_name,
        tuple(f"{d} {v}" for d, v in sorted(versions.items())),
        tuple(programs.get(alert.entity_id, [])) if kind is Kind.SCREENING else (),
        alert.created_at[:10], age, assignee or "", case_id,
    )  # fmt: skip


def _one_line(alert: Alert) -> str:
    """What the queue says about an alert in one line."""
    explanation = alert.explanation
    if kind_of(alert) is Kind.SCREENING:
        name = explanation.get("name", {})
        return f"{name.get('query', alert.query_id)} ↔ {name.get('list', alert.caption)}"
    reasons = explanation.get("reasons", [])
    return str(reasons[0]) if reasons else KIND_HELP[kind_of(alert)]


def neighbours(repo: Repository, alert_id: str) -> tuple[str | None, str | None]:
    """The alerts before and after this one in the open queue (else the whole queue)."""
    for status in (AlertStatus.OPEN, None):
        ids = [r.alert.id for r in queue_rows(queue(repo, QueueFilter(status=status)))]
        if alert_id in ids:
            i = ids.index(alert_id)
            return (ids[i - 1] if i > 0 else None, ids[i + 1] if i + 1 < len(ids) else None)
    return None, None


def highlight(text: str, tokens: set[str]) -> list[tuple[str, bool]]:
    """The text cut into (piece, aligned) so the template can mark the aligned words.

    The explanation's pairs hold normalised tokens ("taj" for "Taji", "din" for
    "al-Din"); a written word is aligned when its plain form and a token agree on the
    shorter of the two.
    """
    out: list[tuple[str, bool]] = []
    for piece in _WORD.split(text):
        plain = re.sub(r"[^a-z0-9]", "", (ascii_text(piece) or "").lower())
        aligned = bool(plain) and any(
            plain == t or (min(len(plain), len(t)) >= 3 and (plain in t or t in plain))
            for t in tokens
        )
        out.append((piece, aligned))
    return out


@dataclass
class AlertPage:
    """An alert as its page shows it."""

    alert: Alert
    kind: str
    decisions: tuple[Decision, ...]
    audit: list[AuditEntry]
    query_side: list[tuple[str, list[str]]] = field(default_factory=list)
    list_side: list[tuple[str, list[str]]] = field(default_factory=list)
    query_name: list[tuple[str, bool]] = field(default_factory=list)
    list_name: list[tuple[str, bool]] = field(default_factory=list)
    pairs: list[list[Any]] = field(default_factory=list)
    features: list[dict[str, Any]] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)


def alert_page(repo: Repository, lists: ListService, alert_id: str) -> AlertPage:
    view = read_alert(repo, alert_id)
    alert = view.alert
    audit = [e for e in repo.audit_entries() if e.subject == alert_id]
    page = AlertPage(alert, kind_of(alert).value, view.decisions, audit)
    page.reasons = [str(r) for r in alert.explanation.get("reasons", [])]
    if page.kind == Kind.SCREENING.value:
        _screening(page, lists)
    return page


def _screening(page: AlertPage, lists: ListService) -> None:
    alert, explanation = page.alert, page.alert.explanation
    try:
        entry = lists.entity(alert.entity_id)
        props: dict[str, list[str]] = {}
        for st in entry.statements:
            props.setdefault(st.prop, []).append(st.value)
    except NotFound:
        props = {}
    for key, label, list_props in COMPARED:
        page.query_side.append((label, [str(v) for v in alert.query.get(key, [])]))
        page.list_side.append((label, [v for p in list_props for v in props.get(p, [])]))
    name = explanation.get("name", {})
    page.pairs = list(name.get("pairs", []))
    page.query_name = highlight(str(name.get("query", "")), {str(p[0]) for p in page.pairs})
    page.list_name = highlight(str(name.get("list", "")), {str(p[1]) for p in page.pairs})
    page.features = [
        {
            "feature": "name",
            "query": name.get("query"),
            "list": name.get("list"),
            "detail": f"{name.get('method', '')}, strength {float(name.get('strength', 0)):.2f}",
            "contribution": float(name.get("contribution", 0.0)),
            "statement": name.get("statement"),
        }
    ]
    for feature, detail in sorted(explanation.get("features", {}).items()):
        page.features.append({"feature": feature, **detail})


@dataclass
class EntityPage:
    view: EntityView
    facts: list[tuple[str, list[Any]]]
    programs: list[str]
    designated: bool
    alerts: list[Alert]


def entity_page(repo: Repository, lists: ListService, entity_id: str) -> EntityPage:
    view = lists.entity(entity_id)
    grouped: dict[str, list[Any]] = {}
    for st in view.statements:
        grouped.setdefault(st.prop, []).append(st)
    programs = sorted(
        {s.value for _, facts in view.sanctions for s in facts if s.prop == "program"}
    )
    designated = any(is_designated_topic(s.prop, s.value) for s in view.statements)
    alerts = repo.alerts(AlertFilter(entity_id=entity_id, limit=100))
    return EntityPage(view, sorted(grouped.items()), programs, designated, alerts)


def programs_by_entity(store: Store, entity_ids: list[str]) -> dict[str, list[str]]:
    """List entry id -> the programmes of its sanctions (one query for the whole queue)."""
    if not entity_ids:
        return {}
    rows = store.engine.rows(
        "SELECT DISTINCT e.value, p.value FROM statements e JOIN statements p "
        "ON p.entity_id = e.entity_id WHERE e.prop = 'entity' AND p.prop = 'program' "
        "AND list_contains(?, e.value) ORDER BY 1, 2",
        [sorted(set(entity_ids))],
    )
    out: dict[str, list[str]] = {}
    for entity, program in rows:
        out.setdefault(str(entity), []).append(str(program))
    return out


@dataclass(frozen=True, slots=True)
class ListAge:
    """A loaded list's publication date and age, for the workbench's banner."""

    dataset: str
    title: str
    version: str
    basis: str
    age: str
    stale: bool


def list_ages(store: Store, stale_days: int, today: date | None = None) -> list[ListAge]:
    return [
        ListAge(
            info.dataset, info.title, info.version, describe(info.version, info.version_basis),
            (fresh := freshness(info, stale_days, today)).text(), fresh.stale,
        )
        for info in store.lists()
    ]  # fmt: skip


def parse_version(text: str) -> int | None:
    """The version a form showed; empty means the form predates versions (not checked)."""
    if not text.strip():
        return None
    try:
        return int(text)
    except ValueError:
        raise InvalidInput(f"not a version number: {text!r}", field="version") from None


def bulk_done(cookie: str) -> dict[str, str] | None:
    """What the last bulk proposal did ("count:decision:proposed|final"), for its message."""
    count, _, rest = cookie.partition(":")
    decision, _, state = rest.partition(":")
    if not count.isdigit() or decision not in {k.value for k in DecisionKind}:
        return None
    return {"count": count, "decision": decision.replace("_", " "), "state": state}
