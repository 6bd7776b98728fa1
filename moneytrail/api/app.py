"""The HTTP API's routers and error handlers, mounted on the app ``moneytrail.server`` makes."""

from __future__ import annotations

from fastapi import FastAPI

from moneytrail.api import errors
from moneytrail.api.routers import (
    admin,
    alerts,
    algorithms,
    cases,
    entities,
    health,
    match,
    reconcile,
    search,
)

DESCRIPTION = """Sanctions screening with explained scores, yente-compatible.

Authenticate with `Authorization: ApiKey <key>` or `X-API-Key: <key>` (keys come from
`moneytrail users add`). Every screening request and every decision is written to a
hash-chained audit log.
"""


def mount(app: FastAPI) -> None:
    """Add the API's error handlers (one table, ``services.http.STATUS``) and routers."""
    errors.install(app)
    for module in (health, match, search, entities, algorithms, reconcile, alerts, cases, admin):
        app.include_router(module.router)
