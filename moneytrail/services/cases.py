"""Casework: the use cases the API and the workbench call for cases and four-eyes review.

Both faces pass their app's services (anything with ``repo`` and ``four_eyes``), so
they enforce one policy: ``MONEYTRAIL_FOUR_EYES`` (settings.py, default on) decides
whether an analyst's decision is a proposal that a second person approves
(alerts/review.py) or final at once. Every function names the ``version`` the caller
saw (None: the caller does not check, as the old decide endpoint); a change made
meanwhile raises ``Conflict`` (HTTP 409) and writes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from moneytrail.alerts import cases, queue, review
from moneytrail.alerts.models import Case, CaseStatus, User
from moneytrail.alerts.queue import AlertView
from moneytrail.alerts.repository import Repository
from moneytrail.alerts.review import REASON_CODES
from moneytrail.errors import AccessDenied, Conflict

__all__ = [
    "REASON_CODES",
    "CaseView",
    "Casework",
    "add_alerts",
    "approve",
    "assign",
    "bulk_propose",
    "decide",
    "list_cases",
    "open_case",
    "propose",
    "read_case",
    "reject",
    "remove_alerts",
    "reopen",
    "set_status",
    "write_narrative",
]


class Casework(Protocol):
    """What these use cases need of the app: the case store and the review policy."""

    @property
    def repo(self) -> Repository: ...

    @property
    def four_eyes(self) -> bool: ...


@dataclass(frozen=True, slots=True)
class CaseView:
    """A case with its alerts (each with its decision history), as a case page shows it."""

    case: Case
    alerts: tuple[AlertView, ...]


# -- decisions (four-eyes) --------------------------------------------------------


def propose(
    work: Casework,
    user: User,
    alert_id: str,
    decision: str,
    *,
    version: int | None,
    reason_code: str | None = None,
    note: str = "",
) -> AlertView:
    """A proposal for a reviewer (four-eyes on) or a final decision (off)."""
    return review.propose(
        work.repo, user, alert_id, decision, version=version, reason_code=reason_code,
        note=note, four_eyes=work.four_eyes,
    )  # fmt: skip


def decide(work: Casework, user: User, alert_id: str, decision: str, reason: str) -> AlertView:
    """The old decide call (no version): a proposal under four-eyes review, else final."""
    return propose(work, user, alert_id, decision, version=None, note=reason)


def bulk_propose(
    work: Casework,
    user: User,
    versions: Mapping[str, int],
    decision: str,
    *,
    reason_code: str,
    note: str = "",
) -> list[AlertView]:
    """One decision and reason code on many alerts, all or nothing, one audit line each."""
    return review.bulk_propose(
        work.repo, user, versions, decision, reason_code=reason_code, note=note,
        four_eyes=work.four_eyes,
    )  # fmt: skip


def approve(
    work: Casework, user: User, alert_id: str, *, version: int | None, note: str = ""
) -> AlertView:
    return review.approve(work.repo, user, alert_id, version=version, note=note)


def reject(
    work: Casework, user: User, alert_id: str, *, version: int | None, note: str
) -> AlertView:
    return review.reject(work.repo, user, alert_id, version=version, note=note)


def reopen(
    work: Casework, user: User, alert_id: str, reason: str, *, version: int | None = None
) -> AlertView:
    """Back to the queue; refused while a proposal waits (approve or reject it first).

    Under four-eyes review, reopening a final true match or false positive would undo
    it alone: that reversal goes through ``propose`` instead, for a second person.
    """
    with work.repo.transaction():
        alert = queue.read_alert(work.repo, alert_id).alert
        review.check_version(work.repo, alert, version)
        if review.pending(work.repo, alert_id) is not None:
            raise Conflict(
                f"alert {alert_id} has a proposal waiting for review; approve or reject it first"
            )
        if work.four_eyes and alert.status in review.FINAL_STATUSES:
            raise AccessDenied(
                f"alert {alert_id} was decided {alert.status.value}: under four-eyes review a "
                "reversal is proposed (POST /alerts/{id}/propose) and approved by a second person"
            )
        return queue.reopen(work.repo, alert_id, reason, user.name)


# -- cases ---------------------------------------------------------------------


def open_case(
    work: Casework,
    user: User,
    title: str,
    alert_ids: Sequence[str],
    *,
    subject: str | None = None,
    assignee: str | None = None,
) -> CaseView:
    made = cases.open_case(
        work.repo, user.name, title, alert_ids, subject=subject, assignee=assignee
    )
    return _view(work.repo, made)


def read_case(work: Casework, case_id: str) -> CaseView:
    return _view(work.repo, cases.read_case(work.repo, case_id))


def list_cases(
    work: Casework,
    *,
    status: CaseStatus | None = None,
    assignee: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[Case]:
    return cases.list_cases(work.repo, status=status, assignee=assignee, limit=limit, offset=offset)


def add_alerts(
    work: Casework,
    user: User,
    case_id: str,
    alert_ids: Sequence[str],
    *,
    version: int | None,
    move: bool = False,
) -> CaseView:
    changed = cases.add_alerts(work.repo, user.name, case_id, alert_ids, version=version, move=move)
    return _view(work.repo, changed)


def remove_alerts(
    work: Casework, user: User, case_id: str, alert_ids: Sequence[str], *, version: int | None
) -> CaseView:
    changed = cases.remove_alerts(work.repo, user.name, case_id, alert_ids, version=version)
    return _view(work.repo, changed)


def assign(
    work: Casework, user: User, case_id: str, assignee: str | None, *, version: int | None
) -> CaseView:
    changed = cases.assign(work.repo, user.name, case_id, assignee, version=version)
    return _view(work.repo, changed)


def set_status(
    work: Casework, user: User, case_id: str, status: str, *, version: int | None
) -> CaseView:
    changed = cases.set_status(work.repo, user.name, case_id, status, version=version)
    return _view(work.repo, changed)


def write_narrative(
    work: Casework,
    user: User,
    case_id: str,
    *,
    version: int | None,
    narrative: str | None = None,
    conclusion: str | None = None,
) -> CaseView:
    changed = cases.write_narrative(
        work.repo, user.name, case_id, version=version, narrative=narrative, conclusion=conclusion
    )
    return _view(work.repo, changed)


def _view(repo: Repository, case: Case) -> CaseView:
    return CaseView(case, tuple(queue.read_alert(repo, a) for a in case.alert_ids))
