"""Cases: the alerts about one subject, worked as one, with the analyst's own words.

A wholesale company can raise an ownership, a trace and a typology alert; deciding
them apart loses the picture. A case groups them (an alert belongs to one case at a
time; moving it is explicit), has an assignee, a status (open, in review, closed), a
narrative and a conclusion for the case report. Every change names the case
``version`` it was based on (``Conflict`` otherwise, nothing written) and writes one
audit line carrying the case's new status, assignee and alerts, so ``audit verify``
can replay the cases as it does alerts (audit_state.py).
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Mapping, Sequence

from moneytrail.alerts.audit import AuditLog, utc_now
from moneytrail.alerts.case_policy import (
    DEFAULT_POLICY,
    CasePolicy,
    CaseTerms,
    kinds_of,
    subject_of,
)
from moneytrail.alerts.case_queries import CaseFilter, CaseQueries
from moneytrail.alerts.models import Alert, AlertStatus, Case, CaseStatus
from moneytrail.alerts.repository import Repository
from moneytrail.errors import Conflict, InvalidInput, NotFound

MAX_TEXT = 20_000  # narrative and conclusion: a few pages
MAX_TITLE = 200
UNDECIDED = frozenset({AlertStatus.OPEN, AlertStatus.PENDING_REVIEW})


def read_case(repo: Repository, case_id: str) -> Case:
    found = repo.case(case_id)
    if found is None:
        raise NotFound(f"no case {case_id!r}")
    return found


def store(repo: Repository) -> CaseQueries:
    """The repository's case queries, the policy's included (both stores have them).

    The ``Repository`` protocol names the case calls of the first case issue; the
    policy's (due dates, merges, filters, timeline lines) are ``CaseQueries``'s.
    """
    if not isinstance(repo, CaseQueries):
        raise TypeError(f"{type(repo).__name__} keeps no cases (not a CaseQueries store)")
    return repo


def list_cases(
    repo: Repository,
    *,
    status: CaseStatus | None = None,
    assignee: str | None = None,
    limit: int = 50,
    offset: int = 0,
    where: CaseFilter | None = None,
) -> list[Case]:
    """Cases newest first; ``where`` (when given) carries every filter, limit and offset."""
    where = where or CaseFilter(status=status, assignee=assignee, limit=limit, offset=offset)
    if not 1 <= where.limit <= 500:
        raise InvalidInput("limit must be between 1 and 500", field="limit")
    if where.offset < 0:
        raise InvalidInput("offset must not be negative", field="offset")
    return store(repo).find_cases(where)


def terms_of(repo: Repository, case_ids: Sequence[str]) -> dict[str, CaseTerms]:
    """Due date and merge pointer of each case (an unknown id gets empty terms)."""
    found = store(repo).case_terms(list(case_ids))
    return {c: CaseTerms(*found.get(c, (None, None))) for c in case_ids}


def open_case(
    repo: Repository,
    actor: str,
    title: str,
    alert_ids: Sequence[str],
    *,
    subject: str | None = None,
    assignee: str | None = None,
    move: bool = False,
    policy: CasePolicy = DEFAULT_POLICY,
    extra: Mapping[str, object] | None = None,
) -> Case:
    """A new case over ``alert_ids``, due as the policy says for their kinds.

    An alert already in a case is refused (Conflict) unless ``move`` takes it from there
    (audited in that case too). The subject defaults to the first alert's screened
    party (case_policy.subject_of); ``extra`` goes into the audit line (why it opened).
    """
    title = _bounded(title, MAX_TITLE, "title", required=True)
    if not alert_ids:
        raise InvalidInput("a case needs at least one alert", field="alert_ids")
    with repo.transaction():
        alerts = _alerts(repo, alert_ids)
        now = utc_now()
        case = Case(
            id="case-" + uuid.uuid4().hex[:16],
            title=title,
            subject=(subject or subject_of(alerts[0])).strip(),
            status=CaseStatus.OPEN,
            assignee=_assignee(repo, assignee),
            narrative="",
            conclusion="",
            created_by=actor,
            created_at=now,
            updated_at=now,
            version=1,
        )
        repo.add_case(case)
        store(repo).set_terms(case.id, policy.due(kinds_of(alerts), now), None)
        _link(repo, case, alert_ids, actor, now, move=move)
        payload = {"title": title, **(extra or {})}
        _audit(repo, actor, "case.open", read_case(repo, case.id), payload)
    return read_case(repo, case.id)


def add_alerts(
    repo: Repository,
    actor: str,
    case_id: str,
    alert_ids: Sequence[str],
    *,
    version: int | None,
    move: bool = False,
    policy: CasePolicy = DEFAULT_POLICY,
    extra: Mapping[str, object] | None = None,
) -> Case:
    """Add alerts; ``move`` takes them from the case they are in (audited there too).

    An added alert of a more urgent kind brings the due date forward (never back).
    """
    with repo.transaction():
        case = _current(repo, case_id, version)
        now = utc_now()
        _link(repo, case, alert_ids, actor, now, move=move)
        _tighten(repo, case.id, policy.due(kinds_of(_alerts(repo, alert_ids)), now))
        payload = {"alert_ids": list(alert_ids), **(extra or {})}
        return _changed(repo, actor, "case.add_alerts", case, now, payload)


def remove_alerts(
    repo: Repository, actor: str, case_id: str, alert_ids: Sequence[str], *, version: int | None
) -> Case:
    with repo.transaction():
        case = _current(repo, case_id, version)
        stray = [a for a in alert_ids if a not in case.alert_ids]
        if stray:
            raise InvalidInput(f"not in case {case_id}: {', '.join(stray)}", field="alert_ids")
        for alert_id in alert_ids:
            repo.unlink_alert(alert_id)
        now = utc_now()
        payload = {"alert_ids": list(alert_ids)}
        return _changed(repo, actor, "case.remove_alerts", case, now, payload)


def assign(
    repo: Repository, actor: str, case_id: str, assignee: str | None, *, version: int | None
) -> Case:
    """Give the case to an account (by name), or to nobody with None."""
    with repo.transaction():
        case = _current(repo, case_id, version)
        updated = dataclasses.replace(case, assignee=_assignee(repo, assignee))
        return _changed(repo, actor, "case.assign", updated, utc_now(), {})


def set_status(
    repo: Repository, actor: str, case_id: str, status: str, *, version: int | None
) -> Case:
    """Move the case; closing it needs every alert in it decided (none open or pending)."""
    try:
        new = CaseStatus(status)
    except ValueError:
        choices = ", ".join(s.value for s in CaseStatus)
        raise InvalidInput(
            f"unknown case status {status!r} (expected {choices})", field="status"
        ) from None
    with repo.transaction():
        case = _current(repo, case_id, version)
        if new is CaseStatus.CLOSED:
            undecided = [
                a for a in case.alert_ids if (found := repo.alert(a)) and found.status in UNDECIDED
            ]
            if undecided:
                raise InvalidInput(
                    f"cannot close case {case_id}: alert(s) {', '.join(undecided)} "
                    "are still open or waiting for review",
                    field="status",
                )
        updated = dataclasses.replace(case, status=new)
        return _changed(repo, actor, "case.status", updated, utc_now(), {"previous": case.status})


def write_narrative(
    repo: Repository,
    actor: str,
    case_id: str,
    *,
    version: int | None,
    narrative: str | None = None,
    conclusion: str | None = None,
) -> Case:
    """Replace the narrative and/or the conclusion (None leaves one as it is)."""
    with repo.transaction():
        case = _current(repo, case_id, version)
        updated = dataclasses.replace(
            case,
            narrative=case.narrative
            if narrative is None
            else _bounded(narrative, MAX_TEXT, "narrative"),
            conclusion=case.conclusion
            if conclusion is None
            else _bounded(conclusion, MAX_TEXT, "conclusion"),
        )
        texts = {"narrative": updated.narrative, "conclusion": updated.conclusion}
        return _changed(repo, actor, "case.narrative", updated, utc_now(), texts)


# -- helpers ----------------------------------------------------------------------


def _alerts(repo: Repository, alert_ids: Sequence[str]) -> list[Alert]:
    out = []
    for alert_id in alert_ids:
        found = repo.alert(alert_id)
        if found is None:
            raise NotFound(f"no alert {alert_id!r}")
        out.append(found)
    return out


def _tighten(repo: Repository, case_id: str, due: str) -> None:
    """Bring the case's due date forward to ``due`` if that is sooner."""
    terms = terms_of(repo, [case_id])[case_id]
    if terms.due_at is None or due < terms.due_at:
        store(repo).set_terms(case_id, due, terms.merged_into)


def _current(repo: Repository, case_id: str, version: int | None) -> Case:
    """The case as stored now, or Conflict if it moved past ``version``."""
    case = read_case(repo, case_id)
    if version is not None and case.version != version:
        raise Conflict(
            f"someone else changed case {case_id} at {case.updated_at}; reload "
            f"(version {case.version}, yours was {version})"
        )
    return case


def _changed(
    repo: Repository, actor: str, action: str, case: Case, now: str, extra: Mapping[str, object]
) -> Case:
    """Write ``case`` one version on, audit it, return it as stored."""
    updated = dataclasses.replace(case, updated_at=now, version=case.version + 1)
    repo.update_case(updated)
    stored = read_case(repo, case.id)
    _audit(repo, actor, action, stored, extra)
    return stored


def _audit(
    repo: Repository, actor: str, action: str, case: Case, extra: Mapping[str, object]
) -> None:
    payload = {
        **extra,
        "status": case.status.value,
        "assignee": case.assignee,
        "alerts": sorted(case.alert_ids),
        "version": case.version,
    }
    AuditLog(repo).append(actor, action, case.id, payload)


def _link(
    repo: Repository, case: Case, alert_ids: Sequence[str], actor: str, now: str, *, move: bool
) -> None:
    for alert_id in dict.fromkeys(alert_ids):
        if repo.alert(alert_id) is None:
            raise NotFound(f"no alert {alert_id!r}")
        other = repo.case_of_alert(alert_id)
        if other == case.id:
            continue
        if other is not None:
            if not move:
                raise Conflict(
                    f"alert {alert_id} is already in case {other}; move it (move=true) "
                    "or remove it there first"
                )
            _take_from(repo, other, alert_id, actor, now)
        repo.link_alert(case.id, alert_id, actor, now)


def _take_from(repo: Repository, case_id: str, alert_id: str, actor: str, now: str) -> None:
    repo.unlink_alert(alert_id)
    source = read_case(repo, case_id)
    _changed(repo, actor, "case.remove_alerts", source, now, {"alert_ids": [alert_id]})


def _assignee(repo: Repository, name: str | None) -> str | None:
    if name is None or not name.strip():
        return None
    if name.strip() not in {u.name for u in repo.users()}:
        raise InvalidInput(f"no account named {name!r} to assign to", field="assignee")
    return name.strip()


def _bounded(text: str, limit: int, field: str, *, required: bool = False) -> str:
    text = text.strip()
    if required and not text:
        raise InvalidInput(f"a {field} is required", field=field)
    if len(text) > limit:
        raise InvalidInput(f"a {field} has at most {limit} characters", field=field)
    return text
