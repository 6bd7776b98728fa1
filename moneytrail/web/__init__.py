"""The analyst workbench: pages over the same services as the API, mounted on its app.

``mount`` adds the pages (``/ui``), their JSON (``/ui/api``) and the static files
(``/ui/static``, the vendor libraries built by ``web/frontend`` at set-up time) to the
app ``moneytrail.server`` composes; it returns what to close at shutdown.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles

from moneytrail.settings import Settings
from moneytrail.web import casereport, cases, search, subjects, views  # noqa: F401  casereport adds /ui/report to views.router
from moneytrail.web.graphdata import Explorer
from moneytrail.web.session import Sessions

STATIC = Path(__file__).parent / "static"


def mount(app: FastAPI, settings: Settings) -> Callable[[], None]:
    """Add the workbench to ``app``; the graph pages read the app's one store (the lists
    service's, under its lock), so they follow a newly loaded list as screening does."""
    lists = app.state.services.lists
    work = Explorer(lists.store, lists.store_lock)
    app.state.workbench = work
    app.state.sessions = Sessions(lambda: app.state.services.repo)
    app.state.workbench_settings = settings
    app.include_router(cases.router)  # before views: /ui/alerts/bulk is not an alert id
    app.include_router(views.router)
    app.include_router(views.api)
    app.include_router(subjects.router)
    app.include_router(subjects.api)
    app.include_router(search.router)
    for exc, handler in views.HANDLERS.items():
        app.add_exception_handler(exc, handler)
    app.mount("/ui/static", StaticFiles(directory=STATIC), name="ui-static")

    @app.get("/", include_in_schema=False)
    def root() -> RedirectResponse:
        return RedirectResponse("/ui/alerts", status_code=303)

    return lambda: None  # the store is the services', closed with them


__all__ = ["mount"]
