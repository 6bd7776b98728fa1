"""Pages about one subject: a list, registry or customer entity, one fact, its network and
its money flows, with the JSON the network and flow pictures draw from.

Kept apart from ``views.py`` (login, queue, alert pages, decisions): these pages only
read the store and the case store.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse

from moneytrail.errors import NotFound
from moneytrail.reports.build import lookup_statements
from moneytrail.services.http import services_of
from moneytrail.web import evidence, pages
from moneytrail.web.views import PageRoute, _banner, explorer, render, session

router = APIRouter(prefix="/ui", route_class=PageRoute, include_in_schema=False)
api = APIRouter(prefix="/ui/api", include_in_schema=False)


@router.get("/entities/{entity_id:path}", response_class=HTMLResponse)
def entity_detail(request: Request, entity_id: str) -> HTMLResponse:
    """A list or registry entity; else a customer or an account (alerts, accounts, payments)."""
    session(request)
    services = services_of(request)
    try:
        page = pages.entity_page(services.repo, services.lists, entity_id)
    except NotFound:
        work = explorer(request)
        with work.lock:
            subject = evidence.subject_page(work.store, services.repo, entity_id)
        return render(request, "subject.html", {"s": subject})
    return render(request, "entity.html", {"p": page, "lists": _banner(request)})


@router.get("/statements/{statement_id}", response_class=HTMLResponse)
def statement_detail(request: Request, statement_id: str) -> HTMLResponse:
    """One fact with where it was read: list, version, file and line."""
    session(request)
    work = explorer(request)
    with work.lock:
        found = lookup_statements(work.store, {statement_id})
    if statement_id not in found:
        raise NotFound(
            f"no statement {statement_id!r} in the store: the list version that held it "
            "may have been replaced; the alert keeps the id for the audit trail"
        )
    return render(request, "statement.html", {"s": found[statement_id]})


@router.get("/network/{entity_id:path}", response_class=HTMLResponse)
def network_page(request: Request, entity_id: str) -> HTMLResponse:
    session(request)
    known = explorer(request).knows(entity_id)
    return render(request, "network.html", {"entity_id": entity_id, "known": known})


@router.get("/flows/{entity_id:path}", response_class=HTMLResponse)
def flows_page(request: Request, entity_id: str) -> HTMLResponse:
    session(request)
    return render(request, "flows.html", {"entity_id": entity_id})


@api.get("/network/{entity_id:path}")
def network_data(
    request: Request, entity_id: str, hops: Annotated[int, Query(ge=0, le=3)] = 1
) -> JSONResponse:
    session(request)
    return JSONResponse(explorer(request).network(entity_id, hops))


@api.get("/flows/{entity_id:path}")
def flows_data(
    request: Request, entity_id: str, hops: Annotated[int, Query(ge=1, le=6)] = 3
) -> JSONResponse:
    session(request)
    return JSONResponse(explorer(request).flows(services_of(request).repo, entity_id, hops))
