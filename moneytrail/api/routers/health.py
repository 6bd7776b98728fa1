"""Liveness without a key (for probes); readiness with one."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from moneytrail.alerts.models import User
from moneytrail.api.auth import current_user
from moneytrail.api.routers import ERRORS
from moneytrail.api.schemas import StatusResponse
from moneytrail.services.http import services_of

router = APIRouter(tags=["System"])


@router.get("/healthz", response_model=StatusResponse)
def healthz() -> StatusResponse:
    """The process answers. Needs no key."""
    return StatusResponse()


@router.get(
    "/readyz",
    response_model=StatusResponse,
    responses={**ERRORS, 503: {"model": StatusResponse, "description": "Not ready"}},
)
def readyz(request: Request, user: Annotated[User, Depends(current_user)]) -> JSONResponse:
    """The store answers and the screening index is built."""
    services = services_of(request)
    ok = services.lists.ready() and bool(services.lists.snapshot().versions)
    return JSONResponse({"status": "ok" if ok else "unavailable"}, status_code=200 if ok else 503)
