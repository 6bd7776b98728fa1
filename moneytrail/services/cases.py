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
from dataclasses import dataclass, field
from typing import Protocol

from moneytrail.alerts import case_grouping, cases, queue, review
from moneytrail.alerts.audit import utc_now
from moneytrail.alerts.case_policy import DEFAULT_POLICY, CasePolicy, CaseTerms, age_days
from moneytrail.alerts.case_queries import CaseFilter
from moneytrail.alerts.kinds import kind_of
from moneytrail.alerts.models import Case, CaseStatus, User
from moneytrail.alerts.queue import AlertView
from moneytrail.alerts.repository import Repository
from moneytrail.alerts.review import REASON_CODES
from moneytrail.errors import AccessDenied, Conflict

__all__ = [
    "REASON_CODES",
    "CaseFilter",
    "CaseRow",
    "CaseView",
    "Casework",
    "add_alerts",
    "approve",
    "assign",
    "bulk_propose",
    "case_rows",
    "decide",
    "list_cases",
    "merge",
    "open_case",
    "propose",
    "read_case",
    "reject",
    "remove_alerts",
    "reopen",
    "set_status",
    "split",
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
    terms: CaseTerms = field(default_factory=CaseTerms)
    merged: tuple[str, ...] = ()  # the cases merged into this one
    now: str = ""

    @property
    def overdue(self) -> bool:
        return self.terms.overdue(self.case, self.now or utc_now())


@dataclass(frozen=True, slots=True)
class CaseRow:
    """A case as the case list shows it: when due, whether late, how old, which kinds."""

    case: Case
    terms: CaseTerms
    overdue: bool
    age_days: int
    kinds: tuple[str, ...]


def policy_of(work: Casework) -> CasePolicy:
    """The app's case policy (``case_policy`` on its services), else the default one.

    The running server's services carry no policy yet; the default is the settings'
    default (grouping on, the documented due days).
    """
    found = getattr(work, "case_policy", None)
    return found if isinstance(found, CasePolicy) else DEFAULT_POLICY


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
    move: bool = False,
) -> CaseView:
    """A case over the alerts; ``move`` takes them from the cases they are in."""
    made = cases.open_case(
        work.repo, user.name, title, alert_ids, subject=subject, assignee=assignee, move=move,
        policy=policy_of(work),
    )  # fmt: skip
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
    where: CaseFilter | None = None,
) -> list[Case]:
    """Cases newest first; ``where`` (when given) carries every filter."""
    return cases.list_cases(
        work.repo, status=status, assignee=assignee, limit=limit, offset=offset, where=where
    )


def case_rows(work: Casework, where: CaseFilter) -> list[CaseRow]:
    """The case list with due dates, lateness, age and the kinds of alerts in each case."""
    found = cases.list_cases(work.repo, where=where)
    terms = cases.terms_of(work.repo, [c.id for c in found])
    now = utc_now()
    out = []
    for case in found:
        kinds = {kind_of(a).value for i in case.alert_ids if (a := work.repo.alert(i))}
        t = terms[case.id]
        late = t.overdue(case, now)
        out.append(CaseRow(case, t, late, age_days(case, now), tuple(sorted(kinds))))
    return out


def merge(
    work: Casework,
    user: User,
    case_id: str,
    other_id: str,
    *,
    version: int | None,
    other_version: int | None,
) -> CaseView:
    """Merge ``other_id`` into ``case_id`` (alerts, narrative, timeline; the other closed)."""
    merged = case_grouping.merge(
        work.repo, user.name, case_id, other_id, version=version, other_version=other_version
    )
    return _view(work.repo, merged)


def split(
    work: Casework,
    user: User,
    case_id: str,
    alert_ids: Sequence[str],
    *,
    version: int | None,
    title: str,
) -> CaseView:
    """Take alerts out into a new case (returned), due as the policy says."""
    made = case_grouping.split(
        work.repo, user.name, case_id, alert_ids, version=version, title=title,
        policy=policy_of(work),
    )  # fmt: skip
    return _view(work.repo, made)


def add_alerts(
    work: Casework,
    user: User,
    case_id: str,
    alert_ids: Sequence[str],
    *,
    version: int | None,
    move: bool = False,
) -> CaseView:
    changed = cases.add_alerts(
        work.repo, user.name, case_id, alert_ids, version=version, move=move,
        policy=policy_of(work),
    )  # fmt: skip
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
    alerts = tuple(queue.read_alert(repo, a) for a in case.alert_ids)
    terms = cases.terms_of(repo, [case.id])[case.id]
    merged = tuple(cases.store(repo).merged_into(case.id))
    return CaseView(case, alerts, terms, merged, utc_now())
