"""The review queue over HTTP: list and filter, read with explanation, decide, reopen.

Four-eyes review (services/cases.py): ``propose`` names the alert version it is based
on; a reviewer or admin other than the proposer ``approve``s or ``reject``s it. The old
``decision`` route is a proposal while ``MONEYTRAIL_FOUR_EYES`` is on (the default).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from moneytrail.alerts import queue
from moneytrail.alerts.models import AlertFilter, AlertStatus, User
from moneytrail.alerts.queue import AlertView
from moneytrail.alerts.review import REASON_CODES
from moneytrail.api.auth import current_user
from moneytrail.api.routers import CONFLICT, ERRORS, NOT_FOUND
from moneytrail.api.schemas import (
    AlertDetail,
    AlertList,
    AlertOut,
    BulkProposalIn,
    BulkProposalOut,
    DecisionIn,
    DecisionOut,
    ProposalIn,
    ReasonCodes,
    ReopenIn,
    ReviewIn,
)
from moneytrail.services import cases
from moneytrail.services.http import services_of

router = APIRouter(prefix="/alerts", tags=["Alerts"])


def _detail(view: AlertView) -> AlertDetail:
    return AlertDetail(
        alert=AlertOut.model_validate(view.alert.as_record()),
        decisions=[DecisionOut.model_validate(d.as_record()) for d in view.decisions],
    )


@router.get("", response_model=AlertList, responses=ERRORS)
def list_alerts(
    request: Request,
    user: Annotated[User, Depends(current_user)],
    status: AlertStatus | None = None,
    query_id: str | None = None,
    entity_id: str | None = None,
    dataset: str | None = None,
    min_score: Annotated[float | None, Query(ge=0.0, le=1.0)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    kind: Annotated[str | None, Query(max_length=32)] = None,
) -> AlertList:
    """Alerts, newest first, narrowed by any of the filters (``kind``: what raised the
    alert: screening, ownership, network, typology or trace)."""
    where = AlertFilter(status, query_id, entity_id, dataset, min_score, limit, offset, kind)
    found = queue.list_alerts(services_of(request).repo, where)
    return AlertList(
        alerts=[AlertOut.model_validate(a.as_record()) for a in found], limit=limit, offset=offset
    )


@router.get("/reason-codes", response_model=ReasonCodes, responses=ERRORS)
def reason_codes(user: Annotated[User, Depends(current_user)]) -> ReasonCodes:
    """The decision reason codes a proposal may name, with what each means."""
    return ReasonCodes(codes=dict(REASON_CODES))


@router.post("/bulk-propose", response_model=BulkProposalOut, responses={**ERRORS, **CONFLICT})
def bulk_propose(
    request: Request, body: BulkProposalIn, user: Annotated[User, Depends(current_user)]
) -> BulkProposalOut:
    """One decision and reason code on many alerts (each with its version): all or none."""
    versions = {a.id: a.version for a in body.alerts}
    views = cases.bulk_propose(
        services_of(request), user, versions, body.decision,
        reason_code=body.reason_code, note=body.note,
    )  # fmt: skip
    return BulkProposalOut(alerts=[_detail(v) for v in views])


@router.get("/{alert_id}", response_model=AlertDetail, responses={**ERRORS, **NOT_FOUND})
def read_alert(
    request: Request, alert_id: str, user: Annotated[User, Depends(current_user)]
) -> AlertDetail:
    """One alert with the score explanation and every decision taken on it."""
    return _detail(queue.read_alert(services_of(request).repo, alert_id))


@router.post("/{alert_id}/decision", response_model=AlertDetail, responses={**ERRORS, **NOT_FOUND})
def decide(
    request: Request,
    alert_id: str,
    body: DecisionIn,
    user: Annotated[User, Depends(current_user)],
) -> AlertDetail:
    """true_match, false_positive or escalate, with a reason; audited.

    With four-eyes review on (the default) this is a proposal, as ``propose``: the
    alert waits in ``pending_review`` until another person approves it. A false
    positive, once final, stays quiet for the same query and list entry until the list
    changes what it says about the entry."""
    work = services_of(request)
    view = cases.propose(
        work, user, alert_id, body.decision, version=body.version, note=body.reason
    )
    return _detail(view)


@router.post(
    "/{alert_id}/propose", response_model=AlertDetail, responses={**ERRORS, **NOT_FOUND, **CONFLICT}
)
def propose(
    request: Request, alert_id: str, body: ProposalIn, user: Annotated[User, Depends(current_user)]
) -> AlertDetail:
    """Propose a decision on the alert ``version`` you read, with a reason code and/or a
    note; a reviewer must approve it (four-eyes). 409 if the alert changed meanwhile."""
    view = cases.propose(
        services_of(request), user, alert_id, body.decision, version=body.version,
        reason_code=body.reason_code, note=body.note,
    )  # fmt: skip
    return _detail(view)


@router.post(
    "/{alert_id}/approve", response_model=AlertDetail, responses={**ERRORS, **NOT_FOUND, **CONFLICT}
)
def approve(
    request: Request, alert_id: str, body: ReviewIn, user: Annotated[User, Depends(current_user)]
) -> AlertDetail:
    """Make the waiting proposal final (reviewers and admins; 403 on your own proposal)."""
    work = services_of(request)
    return _detail(cases.approve(work, user, alert_id, version=body.version, note=body.note))


@router.post(
    "/{alert_id}/reject", response_model=AlertDetail, responses={**ERRORS, **NOT_FOUND, **CONFLICT}
)
def reject(
    request: Request, alert_id: str, body: ReviewIn, user: Annotated[User, Depends(current_user)]
) -> AlertDetail:
    """Send the waiting proposal back with a note; the alert returns to where it was."""
    work = services_of(request)
    return _detail(cases.reject(work, user, alert_id, version=body.version, note=body.note))


@router.post("/{alert_id}/reopen", response_model=AlertDetail, responses={**ERRORS, **NOT_FOUND})
def reopen(
    request: Request,
    alert_id: str,
    body: ReopenIn,
    user: Annotated[User, Depends(current_user)],
) -> AlertDetail:
    """Back to open, with a reason; earlier decisions stay on record (409 while a proposal
    waits for review)."""
    return _detail(cases.reopen(services_of(request), user, alert_id, body.reason))
