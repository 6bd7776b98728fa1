"""GET /search/{dataset}?q=: names that look like the text, best first (yente's contract).

GET /search?q=: everything an analyst may look for (entities through the screening
engine, customers, accounts, alerts, cases), each with its workbench page.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse

from moneytrail.alerts.models import User
from moneytrail.api.auth import current_user
from moneytrail.api.case_schemas import FoundOut, HitOut
from moneytrail.api.render import search_response
from moneytrail.api.routers import ERRORS, NOT_FOUND
from moneytrail.api.schemas import SearchResponse
from moneytrail.services.global_search import PER_KIND, search_everything
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


@router.get("/search", response_model=FoundOut, responses=ERRORS)
def search_all(
    request: Request,
    user: Annotated[User, Depends(current_user)],
    q: Annotated[str, Query(min_length=1, max_length=200)],
    limit: Annotated[int, Query(ge=1, le=50)] = PER_KIND,
) -> FoundOut:
    """Entities by name through the screening engine (transliterations find each other),
    and customers, accounts, alerts and cases by a piece of their id or name; each hit
    names the workbench page of its subject. Audited like every screening request."""
    services = services_of(request)
    services.limits.check_name(q, field="q")
    work = getattr(request.app.state, "workbench", None)  # the statement store, if mounted
    hits = search_everything(
        services.repo, services.lists, services.audit.append, user.name, q, limit=limit,
        store=work.store if work is not None else None,
        lock=work.lock if work is not None else None,
    )  # fmt: skip
    return FoundOut(q=q, results=[HitOut(**h.as_record()) for h in hits])
