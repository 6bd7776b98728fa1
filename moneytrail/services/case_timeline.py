"""A case's timeline: what happened to it and to what its alerts rest on, in date order.

Two sources. The case store's audit log gives the work: alerts raised, proposals,
approvals and decisions, notes, assignments, status changes, merges and splits (of
this case and of every case merged into it). The statement store gives the facts the
alerts cite: when a listed party was designated (a sanction's listing or start date)
and since when the list has carried it (the first time a list version held its
statements), when a company was incorporated, and the date of every payment a trace
or typology alert cites. Each event says where it comes from (audit line, statement,
transaction), so the timeline is evidence, not a summary.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import asdict, dataclass
from typing import Any

from moneytrail.alerts.cases import read_case, store
from moneytrail.alerts.kinds import kind_of
from moneytrail.alerts.models import Alert, AuditEntry
from moneytrail.alerts.repository import Repository
from moneytrail.errors import NotFound
from moneytrail.flows.stored import Tx, transactions
from moneytrail.store import Store
from moneytrail.store.entities import EntityView

# How facts are fetched: the web passes its store, the API its list service.
EntityLookup = Callable[[str], EntityView]
PaymentLookup = Callable[[list[str]], list[Tx]]

DESIGNATION_PROPS = ("listingDate", "startDate", "date")
MAX_ENTITIES = 25  # entities looked up for one case (each is a store read)


@dataclass(frozen=True, slots=True)
class Event:
    """One dated line of the timeline; ``link`` is a workbench path when there is one."""

    at: str
    kind: str  # alert | proposal | decision | approval | note | case | status |
    # designation | listed | incorporation | transaction
    title: str
    subject: str
    source: str
    actor: str | None = None
    link: str | None = None

    def as_record(self) -> dict[str, Any]:
        return asdict(self)


def case_timeline(
    repo: Repository,
    case_id: str,
    *,
    entities: EntityLookup | None = None,
    payments: PaymentLookup | None = None,
) -> list[Event]:
    """Every event of the case, oldest first (facts without a lookup are left out)."""
    case = read_case(repo, case_id)
    cases = _with_merged(repo, case_id)
    alerts = [a for a in (repo.alert(i) for i in case.alert_ids) if a is not None]
    lines = store(repo).audit_about([*cases, *(a.id for a in alerts)])
    events = [e for line in lines if (e := _from_audit(line)) is not None]
    if entities is not None:
        events += _designations(alerts, entities)
    if payments is not None:
        events += _payments(alerts, payments)
    return sorted(events, key=lambda e: (e.at, e.kind, e.subject))


def stored_payments(store_: Store, lock: AbstractContextManager[Any]) -> PaymentLookup:
    """Payments by id from a store connection used under ``lock`` (one thread at a time)."""

    def look(ids: list[str]) -> list[Tx]:
        with lock:
            return transactions(store_, ids)

    return look


def _with_merged(repo: Repository, case_id: str) -> list[str]:
    """The case and, transitively, every case merged into it."""
    out, todo = [], [case_id]
    while todo:
        current = todo.pop()
        if current not in out:
            out.append(current)
            todo.extend(store(repo).merged_into(current))
    return out


def _from_audit(line: AuditEntry) -> Event | None:
    p = line.payload
    said = _AUDIT.get(line.action)
    if said is None:
        return None
    kind, title = said(p)
    link = f"/ui/alerts/{line.subject}" if line.action.startswith("alert.") else None
    link = link or f"/ui/cases/{line.subject}"
    return Event(line.at, kind, title, line.subject, f"audit line {line.seq}", line.actor, link)


def _decision(verb: str) -> Callable[[dict[str, Any]], tuple[str, str]]:
    def said(p: dict[str, Any]) -> tuple[str, str]:
        what = str(p.get("decision", "")).replace("_", " ")
        why = p.get("reason") or p.get("note") or p.get("review_note") or ""
        return _KIND[verb], f"{verb} {what}" + (f": {why}" if why else "")

    return said


_KIND = {"Proposed": "proposal", "Decided": "decision", "Approved": "approval",
         "Rejected": "approval"}  # fmt: skip


def _case_open(p: dict[str, Any]) -> tuple[str, str]:
    how = " automatically (MONEYTRAIL_AUTO_CASES)" if p.get("auto") else ""
    if p.get("split_from"):
        how = f" by splitting case {p['split_from']}"
    return "case", f"Case opened{how}: {p.get('title', '')}"


def _case_add(p: dict[str, Any]) -> tuple[str, str]:
    n = len(p.get("alert_ids", []))
    if p.get("merged_from"):
        return "case", f"Case {p['merged_from']} merged in ({n} alert(s))"
    return "case", f"{n} alert(s) added" + (" automatically" if p.get("auto") else "")


def _case_remove(p: dict[str, Any]) -> tuple[str, str]:
    n = len(p.get("alert_ids", []))
    return "case", f"{n} alert(s) split out" if p.get("op") == "split" else f"{n} alert(s) removed"


def _case_status(p: dict[str, Any]) -> tuple[str, str]:
    if p.get("merged_into"):
        return "status", f"Closed: merged into case {p['merged_into']}"
    return "status", f"Status {p.get('previous', '?')} → {p.get('status', '?')}"


_AUDIT: dict[str, Callable[[dict[str, Any]], tuple[str, str]]] = {
    "alert.raise": lambda p: ("alert", f"Alert raised ({p.get('kind', 'screening')}, "
                                        f"score {p.get('score', '?')})"),
    "alert.propose": _decision("Proposed"),
    "alert.decide": _decision("Decided"),
    "alert.approve": _decision("Approved"),
    "alert.reject": _decision("Rejected"),
    "alert.reopen": lambda p: ("status", f"Alert reopened: {p.get('reason', '')}"),
    "case.open": _case_open,
    "case.add_alerts": _case_add,
    "case.remove_alerts": _case_remove,
    "case.assign": lambda p: ("case", f"Assigned to {p.get('assignee') or 'nobody'}"),
    "case.status": _case_status,
    "case.narrative": lambda p: ("note", "Narrative and conclusion written"),
}  # fmt: skip


def _cited_entities(alerts: Iterable[Alert]) -> list[str]:
    """List entities the alerts are about: a screening hit's entry, the designated parties."""
    out: dict[str, None] = {}
    for alert in alerts:
        if kind_of(alert).value == "screening":
            out[alert.entity_id] = None
        for found in alert.explanation.get("designated", []) or []:
            out[str(found)] = None
        if kind_of(alert).value in ("ownership", "network"):
            out[alert.entity_id] = None
    return list(out)[:MAX_ENTITIES]


def _designations(alerts: Sequence[Alert], entities: EntityLookup) -> list[Event]:
    events: list[Event] = []
    for entity_id in _cited_entities(alerts):
        try:
            view = entities(entity_id)
        except NotFound:
            continue
        link = f"/ui/entities/{entity_id}"
        if view.statements:
            first = min(view.statements, key=lambda s: s.first_seen)
            events.append(Event(first.first_seen[:10], "listed",
                                f"{view.caption}: first seen in {first.dataset} "
                                f"{first.list_version}", entity_id,
                                f"statement {first.id}", link=link))  # fmt: skip
        for s in view.statements:
            if s.prop == "incorporationDate":
                events.append(Event(s.value, "incorporation", f"{view.caption} incorporated",
                                    entity_id, f"statement {s.id}", link=link))  # fmt: skip
        for _sanction, facts in view.sanctions:
            program = next((f.value for f in facts if f.prop == "program"), "")
            for s in facts:
                if s.prop in DESIGNATION_PROPS and s.value:
                    title = f"{view.caption} designated" + (f" ({program})" if program else "")
                    events.append(Event(s.value, "designation", title, entity_id,
                                        f"statement {s.id}", link=link))  # fmt: skip
                    break
    return events


def _payments(alerts: Sequence[Alert], payments: PaymentLookup) -> list[Event]:
    ids = list(dict.fromkeys(str(t) for a in alerts for t in a.explanation.get("transactions", [])))
    if not ids:
        return []
    return [
        Event(tx.date, "transaction",
              f"{tx.amount:,.2f} from {tx.source_name or tx.source} "
              f"to {tx.target_name or tx.target}",
              tx.id, f"transaction {tx.id}", link=f"/ui/entities/{tx.source}")
        for tx in payments(ids)
    ]  # fmt: skip
