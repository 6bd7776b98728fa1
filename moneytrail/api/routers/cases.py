"""Cases over HTTP: open one from alerts, add or move alerts, assign, status, narrative.

Every change names the case ``version`` it was based on (422 without it, 409 when the
case changed meanwhile); the use cases are services/cases.py's, as the workbench's.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from moneytrail.alerts.models import Case, CaseStatus, User
from moneytrail.api.auth import current_user
from moneytrail.api.routers import CONFLICT, ERRORS, NOT_FOUND
from moneytrail.api.schemas import (
    AlertDetail,
    AlertOut,
    AssignIn,
    CaseAlertsIn,
    CaseDetail,
    CaseIn,
    CaseList,
    CaseOut,
    CaseStatusIn,
    DecisionOut,
    NarrativeIn,
)
from moneytrail.services import cases
from moneytrail.services.cases import CaseView
from moneytrail.services.http import services_of

router = APIRouter(prefix="/cases", tags=["Cases"])
CHANGES = {**ERRORS, **NOT_FOUND, **CONFLICT}


def _out(case: Case) -> CaseOut:
    return CaseOut.model_validate(case.as_record())


def _detail(view: CaseView) -> CaseDetail:
    alerts = [
        AlertDetail(
            alert=AlertOut.model_validate(a.alert.as_record()),
            decisions=[DecisionOut.model_validate(d.as_record()) for d in a.decisions],
        )
        for a in view.alerts
    ]
    return CaseDetail(case=_out(view.case), alerts=alerts)


@router.get("", response_model=CaseList, responses=ERRORS)
def list_cases(
    request: Request,
    user: Annotated[User, Depends(current_user)],
    status: CaseStatus | None = None,
    assignee: Annotated[str | None, Query(max_length=100)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> CaseList:
    """Cases, newest first, by status and assignee."""
    found = cases.list_cases(
        services_of(request), status=status, assignee=assignee, limit=limit, offset=offset
    )
    return CaseList(cases=[_out(c) for c in found], limit=limit, offset=offset)


@router.post("", response_model=CaseDetail, status_code=201, responses=CHANGES)
def open_case(
    request: Request, body: CaseIn, user: Annotated[User, Depends(current_user)]
) -> CaseDetail:
    """A case over the given alerts (409 if one is already in another case)."""
    view = cases.open_case(
        services_of(request), user, body.title, body.alert_ids,
        subject=body.subject, assignee=body.assignee,
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
