"""Cases over HTTP: open one from alerts, add or move alerts, assign, status, narrative,
merge two cases, split alerts out, and the case's timeline.

Every change names the case ``version`` it was based on (422 without it, 409 when the
case changed meanwhile); the use cases are services/cases.py's, as the workbench's.
Cases also open by themselves as alerts are raised (docs/cases.md).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from moneytrail.alerts.audit import utc_now
from moneytrail.alerts.case_policy import CaseTerms
from moneytrail.alerts.kinds import Kind
from moneytrail.alerts.models import Case, CaseStatus, User
from moneytrail.api.auth import current_user
from moneytrail.api.case_schemas import (
    CaseRowOut,
    CaseRows,
    EventOut,
    MergeIn,
    SplitIn,
    TimelineOut,
)
from moneytrail.api.routers import CONFLICT, ERRORS, NOT_FOUND
from moneytrail.api.schemas import (
    AlertDetail,
    AlertOut,
    AssignIn,
    CaseAlertsIn,
    CaseDetail,
    CaseIn,
    CaseOut,
    CaseStatusIn,
    DecisionOut,
    NarrativeIn,
)
from moneytrail.services import cases
from moneytrail.services.case_timeline import case_timeline, stored_payments
from moneytrail.services.cases import CaseFilter, CaseView
from moneytrail.services.http import services_of

router = APIRouter(prefix="/cases", tags=["Cases"])
CHANGES = {**ERRORS, **NOT_FOUND, **CONFLICT}


def _out(case: Case, terms: CaseTerms | None = None, overdue: bool = False) -> CaseOut:
    terms = terms or CaseTerms()
    extra = {"due_at": terms.due_at, "merged_into": terms.merged_into, "overdue": overdue}
    return CaseOut.model_validate({**case.as_record(), **extra})


def _detail(view: CaseView) -> CaseDetail:
    alerts = [
        AlertDetail(
            alert=AlertOut.model_validate(a.alert.as_record()),
            decisions=[DecisionOut.model_validate(d.as_record()) for d in a.decisions],
        )
        for a in view.alerts
    ]
    return CaseDetail(case=_out(view.case, view.terms, view.overdue), alerts=alerts)


@router.get("", response_model=CaseRows, responses=ERRORS)
def list_cases(
    request: Request,
    user: Annotated[User, Depends(current_user)],
    status: CaseStatus | None = None,
    assignee: Annotated[str | None, Query(max_length=100)] = None,
    kind: Kind | None = None,
    overdue: bool = False,
    min_age_days: Annotated[int | None, Query(ge=0, le=36_500)] = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
    dataset: Annotated[str | None, Query(max_length=100)] = None,
    program: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> CaseRows:
    """Cases, newest first, by status, assignee, alert kind, lateness, age (days since
    opened), a piece of the id, title or subject, and the list (``dataset``) or
    sanctions programme (``program``) of the entries alerted on; each with its due date."""
    services = services_of(request)
    members = services.lists.program_entities(program) if program else None
    now = utc_now()
    before = None
    if min_age_days is not None:
        before = (datetime.fromisoformat(now) - timedelta(days=min_age_days)).isoformat()
    where = CaseFilter(
        status=status, assignee=assignee, kind=kind.value if kind else None,
        overdue_at=now if overdue else None, opened_before=before, text=q or None,
        dataset=dataset or None, entity_ids=members, limit=limit, offset=offset,
    )  # fmt: skip
    rows = []
    for r in cases.case_rows(services, where):
        row = {**_out(r.case, r.terms, r.overdue).model_dump(), "age_days": r.age_days}
        rows.append(CaseRowOut.model_validate({**row, "kinds": list(r.kinds)}))
    return CaseRows(cases=rows, limit=limit, offset=offset)


@router.post("", response_model=CaseDetail, status_code=201, responses=CHANGES)
def open_case(
    request: Request, body: CaseIn, user: Annotated[User, Depends(current_user)]
) -> CaseDetail:
    """A case over the given alerts (409 if one is already in another case, unless
    ``move`` takes it from there)."""
    view = cases.open_case(
        services_of(request), user, body.title, body.alert_ids,
        subject=body.subject, assignee=body.assignee, move=body.move,
    )  # fmt: skip
    return _detail(view)


@router.get("/{case_id}", response_model=CaseDetail, responses={**ERRORS, **NOT_FOUND})
def read_case(
    request: Request, case_id: str, user: Annotated[User, Depends(current_user)]
) -> CaseDetail:
    """The case with its alerts and their decisions."""
    return _detail(cases.read_case(services_of(request), case_id))


@router.post("/{case_id}/alerts", response_model=CaseDetail, responses=CHANGES)
def add_alerts(
    request: Request, case_id: str, body: CaseAlertsIn, user: Annotated[User, Depends(current_user)]
) -> CaseDetail:
    """Add alerts; ``move`` takes them from the case they are in."""
    view = cases.add_alerts(
        services_of(request), user, case_id, body.alert_ids, version=body.version, move=body.move
    )
    return _detail(view)


@router.post("/{case_id}/alerts/remove", response_model=CaseDetail, responses=CHANGES)
def remove_alerts(
    request: Request, case_id: str, body: CaseAlertsIn, user: Annotated[User, Depends(current_user)]
) -> CaseDetail:
    """Take alerts out of the case (they stay in the queue)."""
    view = cases.remove_alerts(
        services_of(request), user, case_id, body.alert_ids, version=body.version
    )
    return _detail(view)


@router.post("/{case_id}/assign", response_model=CaseDetail, responses=CHANGES)
def assign(
    request: Request, case_id: str, body: AssignIn, user: Annotated[User, Depends(current_user)]
) -> CaseDetail:
    """Give the case to an account by name (null: to nobody)."""
    view = cases.assign(services_of(request), user, case_id, body.assignee, version=body.version)
    return _detail(view)


@router.post("/{case_id}/status", response_model=CaseDetail, responses=CHANGES)
def set_status(
    request: Request, case_id: str, body: CaseStatusIn, user: Annotated[User, Depends(current_user)]
) -> CaseDetail:
    """open, in_review or closed (closing needs every alert in it decided)."""
    view = cases.set_status(services_of(request), user, case_id, body.status, version=body.version)
    return _detail(view)


@router.post("/{case_id}/narrative", response_model=CaseDetail, responses=CHANGES)
def write_narrative(
    request: Request, case_id: str, body: NarrativeIn, user: Annotated[User, Depends(current_user)]
) -> CaseDetail:
    """The analyst's narrative and/or conclusion for the case report (null keeps one)."""
    view = cases.write_narrative(
        services_of(request), user, case_id, version=body.version,
        narrative=body.narrative, conclusion=body.conclusion,
    )  # fmt: skip
    return _detail(view)


@router.post("/{case_id}/merge", response_model=CaseDetail, responses=CHANGES)
def merge(
    request: Request, case_id: str, body: MergeIn, user: Annotated[User, Depends(current_user)]
) -> CaseDetail:
    """Merge case ``other`` into this one: its alerts, narrative and timeline come here;
    it is closed with ``merged_into`` pointing here. Both versions are checked (409)."""
    view = cases.merge(
        services_of(request), user, case_id, body.other, version=body.version,
        other_version=body.other_version,
    )  # fmt: skip
    return _detail(view)


@router.post("/{case_id}/split", response_model=CaseDetail, status_code=201, responses=CHANGES)
def split(
    request: Request, case_id: str, body: SplitIn, user: Annotated[User, Depends(current_user)]
) -> CaseDetail:
    """Take alerts out of this case into a new case (returned; at least one must stay)."""
    view = cases.split(
        services_of(request), user, case_id, body.alert_ids, version=body.version,
        title=body.title,
    )  # fmt: skip
    return _detail(view)


@router.get("/{case_id}/timeline", response_model=TimelineOut, responses={**ERRORS, **NOT_FOUND})
def timeline(
    request: Request, case_id: str, user: Annotated[User, Depends(current_user)]
) -> TimelineOut:
    """The case's events in date order: alerts, proposals, decisions, notes, status changes
    (of cases merged in too), designations and first listings of the parties its alerts
    cite, incorporations, and the payments trace and typology alerts cite."""
    services = services_of(request)
    work = getattr(request.app.state, "workbench", None)  # the workbench's store, if mounted
    payments = stored_payments(work.store, work.lock) if work is not None else None
    events = case_timeline(services.repo, case_id, entities=services.lists.entity,
                           payments=payments)  # fmt: skip
    return TimelineOut(case_id=case_id, events=[EventOut(**e.as_record()) for e in events])
