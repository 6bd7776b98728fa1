"""The review queue: raising alerts from screening hits, reading, deciding, reopening.

An alert is keyed like a suppression decision (query id, list entity id, entry
digest), so raising the same hit again finds the alert already there, decided or
not: a false positive stays quiet until the list changes what it says about the
entry, and then the new digest raises a new alert. Every change is audited in the
same transaction as the change itself.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from moneytrail.alerts.audit import AuditLog, utc_now
from moneytrail.alerts.models import (
    STATUS_AFTER,
    Alert,
    AlertFilter,
    AlertStatus,
    Decision,
    DecisionKind,
    alert_id,
)
from moneytrail.alerts.repository import Repository
from moneytrail.errors import InvalidInput, NotFound
from moneytrail.screening import DEFAULT_THRESHOLD, Decisions, Match, Query

MAX_REASON = 4000
SYSTEM = "system"


@dataclass(frozen=True, slots=True)
class AlertView:
    """An alert with its decision history, as the queue shows it."""

    alert: Alert
    decisions: tuple[Decision, ...]


def raise_alerts(
    repo: Repository,
    query: Query,
    matches: Sequence[Match],
    list_versions: Mapping[str, str],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    actor: str = SYSTEM,
) -> list[Alert]:
    """Alert on every match at or above ``threshold`` not alerted before; returns new ones.

    Called by batch screening and list monitoring; the API does not raise alerts from
    ad hoc /match calls, which are audited instead.
    """
    audit = AuditLog(repo)
    now = utc_now()
    created = []
    for match in matches:
        if match.score < threshold:
            continue
        entry = match.entry
        alert = Alert(
            id=alert_id(query.id, entry.id, entry.digest),
            query_id=query.id,
            entity_id=entry.id,
            entry_digest=entry.digest,
            caption=entry.caption,
            schema=entry.schema,
            datasets=tuple(entry.datasets),
            score=round(match.score, 4),
            algorithm=match.explanation.algorithm,
            query=dataclasses.asdict(query),
            explanation=match.explanation.as_dict(),
            list_versions=dict(list_versions),
            status=AlertStatus.OPEN,
            created_at=now,
            updated_at=now,
        )
        with repo.transaction():
            if repo.add_alert(alert):
                payload = {**_key_payload(alert), "status": alert.status.value}
                audit.append(actor, "alert.raise", alert.id, payload)
                created.append(alert)
    return created


def suppressions(repo: Repository) -> Decisions:
    """Decided false positives in the form batch screening takes (screening/suppress.py)."""
    return Decisions(repo.suppression_keys())


def list_alerts(repo: Repository, where: AlertFilter) -> list[Alert]:
    if not 1 <= where.limit <= 500:
        raise InvalidInput("limit must be between 1 and 500", field="limit")
    if where.offset < 0:
        raise InvalidInput("offset must not be negative", field="offset")
    return repo.alerts(where)


def read_alert(repo: Repository, alert_id_: str) -> AlertView:
    alert = repo.alert(alert_id_)
    if alert is None:
        raise NotFound(f"no alert {alert_id_!r}")
    return AlertView(alert, tuple(repo.decisions(alert_id_)))


def decide(repo: Repository, alert_id_: str, decision: str, reason: str, actor: str) -> AlertView:
    """Record a decision (a reason is required) and move the alert to its new status."""
    try:
        kind = DecisionKind(decision)
    except ValueError:
        choices = ", ".join(k.value for k in DecisionKind)
        raise InvalidInput(
            f"unknown decision {decision!r} (expected {choices})", field="decision"
        ) from None
    return _change(repo, alert_id_, kind, STATUS_AFTER[kind], reason, actor)


def reopen(repo: Repository, alert_id_: str, reason: str, actor: str) -> AlertView:
    """Send a decided alert back to the queue; the earlier decisions stay on record."""
    return _change(repo, alert_id_, None, AlertStatus.OPEN, reason, actor)


def _change(
    repo: Repository,
    alert_id_: str,
    kind: DecisionKind | None,
    status: AlertStatus,
    reason: str,
    actor: str,
) -> AlertView:
    reason = reason.strip()
    if not reason:
        raise InvalidInput("a reason is required", field="reason")
    if len(reason) > MAX_REASON:
        raise InvalidInput(f"a reason has at most {MAX_REASON} characters", field="reason")
    audit = AuditLog(repo)
    now = utc_now()
    with repo.transaction():
        alert = read_alert(repo, alert_id_).alert
        # The new state goes into the line, so ``audit verify`` can replay it (audit_state.py).
        payload = {
            **_key_payload(alert),
            "reason": reason,
            "previous": alert.status.value,
            "status": status.value,
        }
        if kind is not None:
            made = Decision(str(uuid.uuid4()), alert.id, kind, reason, actor, now)
            repo.add_decision(made)
            audit.append(
                actor,
                "alert.decide",
                alert.id,
                {
                    **payload,
                    "decision": kind.value,
                    "decision_id": made.id,
                    "decided_at": now,
                    "state": made.state.value,
                },
            )
        else:
            audit.append(actor, "alert.reopen", alert.id, payload)
        repo.set_status(alert.id, status, now)
    return read_alert(repo, alert_id_)


def _key_payload(alert: Alert) -> dict[str, object]:
    return {
        "query_id": alert.query_id,
        "entity_id": alert.entity_id,
        "entry_digest": alert.entry_digest,
        "score": alert.score,
        "list_versions": alert.list_versions,
    }
