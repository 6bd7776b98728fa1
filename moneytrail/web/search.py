"""The workbench's search across everything: one box, results grouped by kind, each a link
to its subject's page (services/global_search.py does the finding)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from moneytrail.errors import InvalidInput
from moneytrail.services.global_search import KINDS, search_everything
from moneytrail.services.http import services_of
from moneytrail.web.views import PageRoute, explorer, render, session

router = APIRouter(prefix="/ui", route_class=PageRoute, include_in_schema=False)


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, q: str = "") -> HTMLResponse:
    """The form, and the hits for ``q`` by kind; a refused text comes back with the form."""
    who = session(request)
    services = services_of(request)
    text = q.strip()
    groups: dict[str, list[object]] = {kind: [] for kind in KINDS}
    error = ""
    if text:
        try:
            services.limits.check_name(text, field="q")
            work = explorer(request)
            hits = search_everything(
                services.repo, services.lists, services.audit.append, who.user.name, text,
                store=work.store, lock=work.lock,
            )  # fmt: skip
            for hit in hits:
                groups[hit.kind].append(hit)
        except InvalidInput as exc:
            error = str(exc)
    context = {"q": q, "groups": groups, "searched": bool(text), "error": error}
    return render(request, "search.html", context, 422 if error else 200)


__all__ = ["router"]
