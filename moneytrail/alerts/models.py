"""The records of review: alerts, decisions, accounts and audit entries.

They are plain frozen dataclasses so every repository (DuckDB now, PostgreSQL next)
stores and returns the same values, and services never see a database row.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from moneytrail.errors import InvalidInput


class DecisionKind(StrEnum):
    """What an analyst concluded about an alert."""

    TRUE_MATCH = "true_match"
    FALSE_POSITIVE = "false_positive"
    ESCALATE = "escalate"


class AlertStatus(StrEnum):
    """Where an alert stands; a decision moves it, a reopen sends it back to open.

    ``pending_review``: an analyst proposed a decision that a second person must
    approve (four-eyes review, alerts/review.py) before it takes effect.
    """

    OPEN = "open"
    PENDING_REVIEW = "pending_review"
    ESCALATED = "escalated"
    TRUE_MATCH = "true_match"
    FALSE_POSITIVE = "false_positive"


STATUS_AFTER: dict[DecisionKind, AlertStatus] = {
    DecisionKind.TRUE_MATCH: AlertStatus.TRUE_MATCH,
    DecisionKind.FALSE_POSITIVE: AlertStatus.FALSE_POSITIVE,
    DecisionKind.ESCALATE: AlertStatus.ESCALATED,
}


class DecisionState(StrEnum):
    """Four-eyes review: a proposal is final once a second person approves it.

    Decisions taken with four-eyes review off are final at once; a rejected
    proposal stays on record, with the reviewer and their note.
    """

    PROPOSED = "proposed"
    FINAL = "final"
    REJECTED = "rejected"


class Role(StrEnum):
    """Analysts review alerts and propose decisions; reviewers also approve or reject
    other people's proposals; admins do both and manage accounts and the audit log."""

    ANALYST = "analyst"
    REVIEWER = "reviewer"
    ADMIN = "admin"

    @classmethod
    def parse(cls, value: str) -> Role:
        try:
            return cls(value)
        except ValueError:
            raise InvalidInput(
                f"unknown role {value!r} (expected analyst, reviewer or admin)", field="role"
            ) from None


def alert_id(query_id: str, entity_id: str, entry_digest: str) -> str:
    """Deterministic, so raising the same hit twice finds the existing alert.

    The key is screening/suppress.py's: a changed list entry (new digest) is a new
    alert, an unchanged one stays where its decision left it.
    """
    key = f"{query_id}\x1f{entity_id}\x1f{entry_digest}".encode()
    return "al-" + hashlib.sha256(key).hexdigest()[:20]


@dataclass(frozen=True, slots=True)
class Alert:
    """One screening hit that needs a person's decision, with what explains it."""

    id: str
    query_id: str
    entity_id: str
    entry_digest: str
    caption: str
    schema: str
    datasets: tuple[str, ...]
    score: float
    algorithm: str
    query: dict[str, Any]
    explanation: dict[str, Any]
    list_versions: dict[str, str]
    status: AlertStatus
    created_at: str
    updated_at: str
    # Optimistic concurrency: every change adds one; a change names the version it saw.
    version: int = 1

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.query_id, self.entity_id, self.entry_digest)

    def as_record(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "query_id": self.query_id,
            "entity_id": self.entity_id,
            "entry_digest": self.entry_digest,
            "caption": self.caption,
            "schema": self.schema,
            "datasets": list(self.datasets),
            "score": self.score,
            "algorithm": self.algorithm,
            "query": self.query,
            "explanation": self.explanation,
            "list_versions": self.list_versions,
            "status": self.status.value,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
            "version": self.version,
        }


@dataclass(frozen=True, slots=True)
class Decision:
    """An analyst's conclusion on an alert; the reason is what an examiner reads.

    Under four-eyes review it starts ``proposed`` and the reviewer's approval makes it
    ``final`` (or rejection ``rejected``); ``previous`` is the alert's status before
    the proposal, where a rejection sends it back.
    """

    id: str
    alert_id: str
    kind: DecisionKind
    reason: str
    actor: str
    at: str
    state: DecisionState = DecisionState.FINAL
    reason_code: str | None = None
    reviewer: str | None = None
    reviewed_at: str | None = None
    review_note: str | None = None
    previous: str | None = None

    def as_record(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "alert_id": self.alert_id,
            "decision": self.kind.value,
            "reason": self.reason,
            "actor": self.actor,
            "at": self.at,
            "state": self.state.value,
            "reason_code": self.reason_code,
            "reviewer": self.reviewer,
            "reviewed_at": self.reviewed_at,
            "review_note": self.review_note,
        }


# Screening alerts predate kinds: an explanation without one is a screening hit.
DEFAULT_KIND = "screening"


@dataclass(frozen=True, slots=True)
class AlertFilter:
    """What the review queue can be narrowed by; None means any."""

    status: AlertStatus | None = None
    query_id: str | None = None
    entity_id: str | None = None
    dataset: str | None = None
    min_score: float | None = None
    limit: int = 50
    offset: int = 0
    kind: str | None = None  # what raised it (explanation "kind"; screening when absent)


@dataclass(frozen=True, slots=True)
class User:
    """An account; its API key is never stored, only a salted hash of it."""

    id: str
    name: str
    role: Role
    key_id: str
    created_at: str
    # ISO UTC timestamps; the key is refused from expires_at on, and once disabled.
    expires_at: str | None = None
    disabled_at: str | None = None

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN

    @property
    def may_review(self) -> bool:
        """Whether this account may approve or reject someone else's proposal."""
        return self.role in (Role.REVIEWER, Role.ADMIN)

    def refusal(self, now: str) -> str | None:
        """Why this account's key is refused at ``now`` (ISO UTC), or None if it works."""
        if self.disabled_at is not None:
            return f"the account {self.name!r} is disabled"
        if self.expires_at is not None and now >= self.expires_at:
            return f"the API key of {self.name!r} expired at {self.expires_at}"
        return None

    def as_record(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "role": self.role.value,
            "key_id": self.key_id,
            "created_at": self.created_at,
            "expires_at": self.expires_at,
            "disabled_at": self.disabled_at,
        }


@dataclass(frozen=True, slots=True)
class Credentials:
    """What a repository keeps to check a presented key: the scrypt salt and hash."""

    user: User
    salt: bytes
    key_hash: bytes


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One line of the hash-chained audit log.

    ``hash`` covers every other field and ``prev_hash``, so an edited line breaks its
    own hash and an inserted or deleted one breaks the chain after it.
    """

    seq: int
    at: str
    actor: str
    action: str
    subject: str
    payload: dict[str, Any] = field(default_factory=dict)
    prev_hash: str = ""
    hash: str = ""

    def as_record(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "at": self.at,
            "actor": self.actor,
            "action": self.action,
            "subject": self.subject,
            "payload": self.payload,
            "prev_hash": self.prev_hash,
            "hash": self.hash,
        }


class CaseStatus(StrEnum):
    """Where a case stands: worked on, waiting for a reviewer, or done."""

    OPEN = "open"
    IN_REVIEW = "in_review"
    CLOSED = "closed"


@dataclass(frozen=True, slots=True)
class Case:
    """The alerts about one subject (a customer, an account, a company), worked as one.

    ``narrative`` and ``conclusion`` are the analyst's own words for the case report;
    ``version`` grows with every change, as an alert's does.
    """

    id: str
    title: str
    subject: str
    status: CaseStatus
    assignee: str | None
    narrative: str
    conclusion: str
    created_by: str
    created_at: str
    updated_at: str
    version: int
    alert_ids: tuple[str, ...] = ()

    def as_record(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "subject": self.subject,
            "status": self.status.value,
            "assignee": self.assignee,
            "narrative": self.narrative,
            "conclusion": self.conclusion,
            "created_by": self.created_by,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
            "version": self.version,
            "alert_ids": list(self.alert_ids),
        }
