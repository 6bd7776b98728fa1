"""Alerts into cases: automatically as they are raised, and by hand (merge, split).

``group_alerts`` is the policy ``MONEYTRAIL_AUTO_CASES`` turns on (docs/cases.md): an
alert about a subject that has a case not yet closed joins it, otherwise a case opens
for the subject. Analysts then correct what the policy could not know: ``merge`` two
cases that are one matter (the alerts and the narrative move, the merged case is closed
pointing at the other, and its timeline is shown with the surviving case's), or
``split`` alerts out into a new case.

Every change is audited with the actions ``audit verify`` replays (case.open,
case.add_alerts, case.remove_alerts, case.status), each line carrying the case's whole
new state; ``op`` and the ids in the payload say it was a merge, split or grouping.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from moneytrail.alerts.audit import utc_now
from moneytrail.alerts.case_policy import DEFAULT_POLICY, CasePolicy, subject_of
from moneytrail.alerts.cases import (
    MAX_TEXT,
    _changed,
    _current,
    _tighten,
    add_alerts,
    open_case,
    store,
    terms_of,
)
from moneytrail.alerts.models import Alert, Case, CaseStatus
from moneytrail.alerts.repository import Repository
from moneytrail.errors import InvalidInput

AUTO = {"auto": True, "policy": "MONEYTRAIL_AUTO_CASES"}


def group_alerts(
    repo: Repository, alerts: Sequence[Alert], *, actor: str, policy: CasePolicy = DEFAULT_POLICY
) -> list[Case]:
    """Put each alert not yet in a case into its subject's open case, or a new one.

    Returns the cases changed or opened (one per subject). Does nothing when the policy
    is off. Alerts about one subject are added in one change.
    """
    if not policy.auto:
        return []
    by_subject: dict[str, list[Alert]] = {}
    for alert in alerts:
        if repo.case_of_alert(alert.id) is None:
            by_subject.setdefault(subject_of(alert), []).append(alert)
    changed: list[Case] = []
    with repo.transaction():
        for subject, found in by_subject.items():
            ids = [a.id for a in found]
            existing = store(repo).open_case_about(subject)
            if existing is not None:
                changed.append(
                    add_alerts(repo, actor, existing, ids, version=None, policy=policy, extra=AUTO)
                )
            else:
                changed.append(
                    open_case(repo, actor, _title(found[0], subject), ids, subject=subject,
                              policy=policy, extra=AUTO)
                )  # fmt: skip
    return changed


def merge(
    repo: Repository,
    actor: str,
    case_id: str,
    other_id: str,
    *,
    version: int | None,
    other_version: int | None,
) -> Case:
    """Merge ``other_id`` into ``case_id``; returns the surviving case.

    The other case's alerts move, its narrative and conclusion are appended under a
    line naming it, the sooner due date is kept; it is closed with ``merged_into``
    pointing here. Both versions are checked (Conflict if either case moved).
    """
    if case_id == other_id:
        raise InvalidInput("a case cannot be merged into itself", field="other")
    with repo.transaction():
        case = _current(repo, case_id, version)
        other = _current(repo, other_id, other_version)
        for found in (case, other):
            if found.status is CaseStatus.CLOSED:
                raise InvalidInput(f"case {found.id} is closed; reopen it to merge", field="other")
        now = utc_now()
        moving = list(other.alert_ids)
        for alert_id in moving:
            repo.unlink_alert(alert_id)
        terms = terms_of(repo, [other.id])[other.id]
        store(repo).set_terms(other.id, terms.due_at, case.id)
        closed = dataclasses.replace(other, status=CaseStatus.CLOSED)
        pointer = {"previous": other.status.value, "op": "merge", "merged_into": case.id}
        _changed(repo, actor, "case.status", closed, now, pointer)
        for alert_id in moving:
            repo.link_alert(case.id, alert_id, actor, now)
        if terms.due_at is not None:
            _tighten(repo, case.id, terms.due_at)
        merged = dataclasses.replace(
            case,
            narrative=_joined(case.narrative, other, other.narrative, "narrative"),
            conclusion=_joined(case.conclusion, other, other.conclusion, "conclusion"),
        )
        payload = {"alert_ids": moving, "op": "merge", "merged_from": other.id}
        return _changed(repo, actor, "case.add_alerts", merged, now, payload)


def split(
    repo: Repository,
    actor: str,
    case_id: str,
    alert_ids: Sequence[str],
    *,
    version: int | None,
    title: str,
    policy: CasePolicy = DEFAULT_POLICY,
) -> Case:
    """Take ``alert_ids`` out of the case into a new case (returned), due by policy.

    At least one alert must stay: moving every alert is a merge or a new title.
    """
    wanted = list(dict.fromkeys(alert_ids))
    if not wanted:
        raise InvalidInput("pick the alerts to split out", field="alert_ids")
    with repo.transaction():
        case = _current(repo, case_id, version)
        stray = [a for a in wanted if a not in case.alert_ids]
        if stray:
            raise InvalidInput(f"not in case {case_id}: {', '.join(stray)}", field="alert_ids")
        if len(wanted) == len(case.alert_ids):
            raise InvalidInput(
                "a split leaves at least one alert in the case (to move them all, merge "
                "the case into another or change its title)",
                field="alert_ids",
            )
        now = utc_now()
        for alert_id in wanted:
            repo.unlink_alert(alert_id)
        _changed(repo, actor, "case.remove_alerts", case, now,
                 {"alert_ids": wanted, "op": "split"})  # fmt: skip
        return open_case(
            repo, actor, title, wanted, assignee=case.assignee, policy=policy,
            extra={"op": "split", "split_from": case.id},
        )  # fmt: skip


def _joined(mine: str, other: Case, theirs: str, field: str) -> str:
    if not theirs.strip():
        return mine
    text = f"{mine}\n\n[from case {other.id}, {other.title}]\n{theirs}".strip()
    if len(text) > MAX_TEXT:
        raise InvalidInput(
            f"the merged {field} would exceed {MAX_TEXT} characters; shorten one first",
            field=field,
        )
    return text


def _title(alert: Alert, subject: str) -> str:
    """The subject's name as the alert knows it: the screened record's, or the finding's."""
    query = alert.query
    names = query.get("names") or []
    caption = query.get("caption") or (names[0] if names else None)
    return str(caption or alert.caption or subject)[:200]
