"""The review queue over HTTP: list and filter, read with explanation, decide, reopen."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from moneytrail.alerts import queue
from moneytrail.alerts.models import AlertFilter, AlertStatus, User
from moneytrail.alerts.queue import AlertView
from moneytrail.api.auth import current_user
from moneytrail.api.routers import ERRORS, NOT_FOUND
from moneytrail.api.schemas import (
    AlertDetail,
    AlertList,
    AlertOut,
    DecisionIn,
    DecisionOut,
    ReopenIn,
)
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

    A false positive stays quiet for the same query and list entry until the list
    changes what it says about the entry."""
    repo = services_of(request).repo
    return _detail(queue.decide(repo, alert_id, body.decision, body.reason, user.name))


@router.post("/{alert_id}/reopen", response_model=AlertDetail, responses={**ERRORS, **NOT_FOUND})
def reopen(
    request: Request,
    alert_id: str,
    body: ReopenIn,
    user: Annotated[User, Depends(current_user)],
) -> AlertDetail:
    """Back to open, with a reason; earlier decisions stay on record."""
    repo = services_of(request).repo
    return _detail(queue.reopen(repo, alert_id, body.reason, user.name))
