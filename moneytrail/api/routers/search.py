"""GET /search/{dataset}?q=: names that look like the text, best first."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse

from moneytrail.alerts.models import User
from moneytrail.api.auth import current_user
from moneytrail.api.render import search_response
from moneytrail.api.routers import ERRORS, NOT_FOUND
from moneytrail.api.schemas import SearchResponse
from moneytrail.services.http import services_of
from moneytrail.services.screening import MAX_LIMIT, search_text

router = APIRouter(tags=["Matching"])


@router.get("/search/{dataset}", response_model=SearchResponse, responses={**ERRORS, **NOT_FOUND})
def search(
    request: Request,
    dataset: str,
    user: Annotated[User, Depends(current_user)],
    q: Annotated[str, Query(min_length=1, max_length=500)],
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 10,
) -> JSONResponse:
    """Free-text name search; audited like every screening request."""
    services = services_of(request)
    services.limits.check_name(q, field="q")
    outcome = search_text(services.lists, services.audit.append, user.name, dataset, q, limit)
    return JSONResponse(search_response(outcome))
