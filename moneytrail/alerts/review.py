"""Four-eyes review and optimistic concurrency on alert decisions.

An analyst's decision is a *proposal*: the alert waits in ``pending_review`` until a
second person with the reviewer or admin role approves it (it becomes final, and the
alert takes its status) or rejects it (the alert goes back to where it was). Nobody
approves their own proposal, and a reversal of a final decision is a proposal like any
other, so it too needs a second person. With four-eyes review off
(``MONEYTRAIL_FOUR_EYES=0``) a decision is final at once, as before.

Every change names the alert ``version`` it was based on; if someone changed the alert
meanwhile, ``Conflict`` says who did what and when, and nothing is written (the check
runs inside the transaction that would write, which excludes every other writer).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping

from moneytrail.alerts.audit import AuditLog, utc_now
from moneytrail.alerts.models import (
    STATUS_AFTER,
    Alert,
    AlertStatus,
    Decision,
    DecisionKind,
    DecisionState,
    User,
)
from moneytrail.alerts.queue import MAX_REASON, AlertView, _key_payload, read_alert
from moneytrail.alerts.repository import Repository
from moneytrail.errors import AccessDenied, Conflict, InvalidInput

# The documented reason codes (docs/api.md lists them): why an analyst concluded what
# they did, in words an examiner can count. "other" asks for a note.
REASON_CODES: dict[str, str] = {
    "name_only": "only the name agrees; nothing else ties the customer to the listed party",
    "common_name": "a frequent name, and no identifier agrees",
    "dob_mismatch": "the customer's date of birth differs from the listed one",
    "different_country": "nationality, residence or registration country differs",
    "different_entity_type": "a person matched against an organisation, or the reverse",
    "deceased_or_dissolved": "the listed person died or the listed company was dissolved",
    "confirmed_identifier": "a passport, tax, registration or other identifier agrees",
    "dob_and_nationality_agree": "date of birth and nationality agree with the listing",
    "ownership_confirmed": "the ownership chain reaches a listed party at the threshold",
    "needs_information": "more information is needed before deciding",
    "other": "another reason, given in the note",
}
FINAL_STATUSES = frozenset({AlertStatus.TRUE_MATCH, AlertStatus.FALSE_POSITIVE})


def parse_kind(decision: str) -> DecisionKind:
    try:
        return DecisionKind(decision)
    except ValueError:
        choices = ", ".join(k.value for k in DecisionKind)
        raise InvalidInput(
            f"unknown decision {decision!r} (expected {choices})", field="decision"
        ) from None


def reason_text(reason_code: str | None, note: str) -> str:
    """The stored reason: the note, else the code's description; one of them is required."""
    note = note.strip()
    if reason_code is not None and reason_code not in REASON_CODES:
        raise InvalidInput(
            f"unknown reason code {reason_code!r} (expected one of {', '.join(REASON_CODES)})",
            field="reason_code",
        )
    if len(note) > MAX_REASON:
        raise InvalidInput(f"a note has at most {MAX_REASON} characters", field="reason")
    if note:
        return note
    if reason_code is None or reason_code == "other":
        raise InvalidInput("a reason is required (a reason code or a note)", field="reason")
    return REASON_CODES[reason_code]


def check_version(repo: Repository, alert: Alert, expected: int | None) -> None:
    """Conflict, naming who changed the alert and how, unless it is still at ``expected``."""
    if expected is None or alert.version == expected:
        return
    history = repo.decisions(alert.id)
    made = history[-1] if history else None
    if made is None:
        what = f"someone else changed this alert at {alert.updated_at}"
    elif made.reviewer and made.reviewed_at:
        verb = "approved" if made.state is DecisionState.FINAL else "rejected"
        what = (
            f"someone else decided this alert at {made.reviewed_at} "
            f"({made.reviewer}: {verb} {made.kind.value} proposed by {made.actor})"
        )
    else:
        verb = "proposed " if made.state is DecisionState.PROPOSED else ""
        what = (
            f"someone else decided this alert at {made.at} ({made.actor}: {verb}{made.kind.value})"
        )
    raise Conflict(f"{what}; reload (version {alert.version}, yours was {expected})")


def pending(repo: Repository, alert_id: str) -> Decision | None:
    """The proposal waiting for a reviewer on this alert, if any."""
    return next((d for d in repo.decisions(alert_id) if d.state is DecisionState.PROPOSED), None)


def propose(
    repo: Repository,
    user: User,
    alert_id: str,
    decision: str,
    *,
    version: int | None,
    reason_code: str | None = None,
    note: str = "",
    four_eyes: bool = True,
) -> AlertView:
    """Propose (four-eyes on) or take (off) a decision based on alert ``version``."""
    kind = parse_kind(decision)
    reason = reason_text(reason_code, note)
    with repo.transaction():
        _propose_one(repo, user, alert_id, kind, version, reason_code, reason, four_eyes)
    return read_alert(repo, alert_id)


def bulk_propose(
    repo: Repository,
    user: User,
    versions: Mapping[str, int],
    decision: str,
    *,
    reason_code: str,
    note: str = "",
    four_eyes: bool = True,
) -> list[AlertView]:
    """The same decision and reason code on many alerts, all or none (one audit line each).

    One transaction: a conflict on any alert writes nothing, and names that alert.
    """
    kind = parse_kind(decision)
    reason = reason_text(reason_code, note)
    if not versions:
        raise InvalidInput("no alerts given", field="alerts")
    with repo.transaction():
        for alert_id, version in versions.items():
            _propose_one(repo, user, alert_id, kind, version, reason_code, reason, four_eyes)
    return [read_alert(repo, a) for a in versions]


def _propose_one(
    repo: Repository,
    user: User,
    alert_id: str,
    kind: DecisionKind,
    version: int | None,
    reason_code: str | None,
    reason: str,
    four_eyes: bool,
) -> None:
    alert = read_alert(repo, alert_id).alert
    check_version(repo, alert, version)
    waiting = pending(repo, alert_id)
    if waiting is not None:
        raise Conflict(
            f"alert {alert_id} already has a proposal waiting for review "
            f"({waiting.actor}: {waiting.kind.value} at {waiting.at}); approve or reject it first"
        )
    now = utc_now()
    state = DecisionState.PROPOSED if four_eyes else DecisionState.FINAL
    status = AlertStatus.PENDING_REVIEW if four_eyes else STATUS_AFTER[kind]
    made = Decision(
        str(uuid.uuid4()), alert.id, kind, reason, user.name, now, state,
        reason_code=reason_code, previous=alert.status.value,
    )  # fmt: skip
    repo.add_decision(made)
    payload = {
        **_key_payload(alert),
        "reason": reason,
        "reason_code": reason_code,
        "previous": alert.status.value,
        "status": status.value,
        "decision": kind.value,
        "decision_id": made.id,
        "decided_at": now,
        "state": state.value,
        "reversal": alert.status in FINAL_STATUSES,
        "version": alert.version + 1,
    }
    AuditLog(repo).append(
        user.name, "alert.propose" if four_eyes else "alert.decide", alert.id, payload
    )
    repo.set_status(alert.id, status, now)


def approve(
    repo: Repository, user: User, alert_id: str, *, version: int | None, note: str = ""
) -> AlertView:
    """Make the waiting proposal final: a reviewer or admin, never its proposer."""
    return _review(repo, user, alert_id, version, note, approve=True)


def reject(
    repo: Repository, user: User, alert_id: str, *, version: int | None, note: str
) -> AlertView:
    """Send the waiting proposal back (a note says why); the alert returns to where it was."""
    if not note.strip():
        raise InvalidInput("a rejection needs a note saying why", field="note")
    return _review(repo, user, alert_id, version, note, approve=False)


def _review(
    repo: Repository, user: User, alert_id: str, version: int | None, note: str, *, approve: bool
) -> AlertView:
    verb = "approve" if approve else "reject"
    if not user.may_review:
        raise AccessDenied(
            f"{user.name} is an {user.role.value}: only reviewers and admins may {verb} decisions"
        )
    if len(note) > MAX_REASON:
        raise InvalidInput(f"a note has at most {MAX_REASON} characters", field="note")
    with repo.transaction():
        alert = read_alert(repo, alert_id).alert
        check_version(repo, alert, version)
        waiting = pending(repo, alert_id)
        if waiting is None:
            raise Conflict(f"alert {alert_id} has no proposal waiting for review; reload")
        if waiting.actor == user.name:
            raise AccessDenied(
                f"you proposed this decision ({waiting.kind.value}); four-eyes review needs a "
                "different reviewer to approve or reject it"
            )
        now = utc_now()
        state = DecisionState.FINAL if approve else DecisionState.REJECTED
        if approve:
            status = STATUS_AFTER[waiting.kind]
        else:
            status = AlertStatus(waiting.previous or AlertStatus.OPEN.value)
        repo.review_decision(waiting.id, state, user.name, now, note.strip() or None)
        payload = {
            **_key_payload(alert),
            "decision": waiting.kind.value,
            "decision_id": waiting.id,
            "proposed_by": waiting.actor,
            "state": state.value,
            "note": note.strip(),
            "previous": alert.status.value,
            "status": status.value,
            "version": alert.version + 1,
        }
        AuditLog(repo).append(user.name, f"alert.{verb}", alert.id, payload)
        repo.set_status(alert.id, status, now)
    return read_alert(repo, alert_id)
