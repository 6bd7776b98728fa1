"""Findings from every analysis become alerts in the one queue the analyst works.

The review queue (``alerts/queue.py``) was built for screening hits, keyed by query,
list entry and entry digest. Ownership findings, front-company indicators, typology
hits and traced exposures need the same review, decision and audit, so they are
stored as the same ``Alert`` record: ``query_id`` names the finding
(``<kind>:<subject>``), ``entry_digest`` hashes what the finding rests on (a changed
finding is a new alert, an unchanged one keeps its decision) and ``explanation``
carries the kind, a sentence per reason and the statements or transactions cited.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from moneytrail.alerts.audit import AuditLog, utc_now
from moneytrail.alerts.case_grouping import group_alerts
from moneytrail.alerts.case_policy import DEFAULT_POLICY, CasePolicy
from moneytrail.alerts.kinds import Kind
from moneytrail.alerts.models import Alert, AlertStatus, alert_id
from moneytrail.alerts.queue import raise_alerts
from moneytrail.alerts.repository import Repository
from moneytrail.screening import DEFAULT_THRESHOLD, Match, Query


@dataclass(frozen=True, slots=True)
class Finding:
    """One non-screening result to review, with everything that explains it.

    ``reasons`` are sentences a person reads; ``statements`` and ``transactions``
    are the ids they rest on, so the case report can cite them.
    """

    kind: Kind
    subject: str
    caption: str
    schema: str
    algorithm: str
    score: float
    reasons: tuple[str, ...]
    statements: tuple[str, ...] = ()
    transactions: tuple[str, ...] = ()
    datasets: tuple[str, ...] = ()
    details: dict[str, Any] = field(default_factory=dict)

    def digest(self) -> str:
        body = json.dumps(
            [self.algorithm, sorted(self.statements), sorted(self.transactions), self.reasons],
            sort_keys=True,
        )
        return hashlib.sha256(body.encode()).hexdigest()[:40]

    def explanation(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "algorithm": self.algorithm,
            "reasons": list(self.reasons),
            "statements": list(self.statements),
            "transactions": list(self.transactions),
            **self.details,
        }


def raise_findings(
    repo: Repository,
    findings: Sequence[Finding],
    list_versions: dict[str, str],
    actor: str = "system",
    *,
    cases: CasePolicy = DEFAULT_POLICY,
) -> list[Alert]:
    """Store each finding as an open alert unless the same finding was raised before.

    Under the case policy (``MONEYTRAIL_AUTO_CASES``, on unless ``cases.auto`` is off;
    callers pass ``CasePolicy.from_settings``) a new alert joins its subject's open case
    or opens one, in the same transaction as the alert itself (alerts/case_grouping.py).
    """
    audit = AuditLog(repo)
    created: list[Alert] = []
    for found in findings:
        query_id = f"{found.kind.value}:{found.subject}"
        digest = found.digest()
        now = utc_now()
        alert = Alert(
            id=alert_id(query_id, found.subject, digest),
            query_id=query_id,
            entity_id=found.subject,
            entry_digest=digest,
            caption=found.caption,
            schema=found.schema,
            datasets=found.datasets,
            score=round(found.score, 4),
            algorithm=found.algorithm,
            query={"id": found.subject, "kind": found.kind.value, "caption": found.caption},
            explanation=found.explanation(),
            list_versions=dict(list_versions),
            status=AlertStatus.OPEN,
            created_at=now,
            updated_at=now,
        )
        with repo.transaction():
            if repo.add_alert(alert):
                payload = {"query_id": query_id, "kind": found.kind.value, "score": alert.score}
                audit.append(actor, "alert.raise", alert.id, payload)
                group_alerts(repo, [alert], actor=actor, policy=cases)
                created.append(alert)
    return created


def raise_screening_alerts(
    repo: Repository,
    query: Query,
    matches: Sequence[Match],
    list_versions: dict[str, str],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    actor: str = "system",
    cases: CasePolicy = DEFAULT_POLICY,
) -> list[Alert]:
    """Screening hits as alerts (alerts/queue.py), grouped into the screened party's case
    under the case policy, all in one transaction: batch screening and portfolio
    monitoring call this so their alerts follow ``MONEYTRAIL_AUTO_CASES`` too."""
    with repo.transaction():
        made = raise_alerts(repo, query, matches, list_versions, threshold=threshold, actor=actor)
        group_alerts(repo, made, actor=actor, policy=cases)
    return made
