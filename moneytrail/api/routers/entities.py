"""GET /entities/{id}: an entity with the provenance of every fact."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from moneytrail.alerts.models import User
from moneytrail.api.auth import current_user
from moneytrail.api.render import entity_detail
from moneytrail.api.routers import ERRORS, NOT_FOUND
from moneytrail.api.schemas import EntityDetail
from moneytrail.services.http import services_of

router = APIRouter(tags=["Data access"])


@router.get(
    "/entities/{entity_id}",
    response_model=EntityDetail,
    responses={**ERRORS, **NOT_FOUND, 308: {"description": "Merged: see the canonical id"}},
)
def entity(
    request: Request, entity_id: str, user: Annotated[User, Depends(current_user)]
) -> Response:
    """Statements with list, version, source record and first/last seen; a merged id
    (or a record a resolution merged into a cluster) answers 308 with the canonical
    entity's URL, and a cluster id gives the facts of all its records."""
    services = services_of(request)
    canonical = services.repo.canonical_id(entity_id) or services.lists.resolved_id(entity_id)
    if canonical is not None and canonical != entity_id:
        return RedirectResponse(f"/entities/{quote(canonical, safe='')}", status_code=308)
    return JSONResponse(entity_detail(services.lists.entity(entity_id)))
