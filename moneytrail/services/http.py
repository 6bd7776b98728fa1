"""What both HTTP faces (the API and the workbench) need, kept below them.

The API and the workbench are mounted on one app by ``moneytrail.server`` and import
nothing of each other: the services of the app, the caller's address and the one
table from errors to HTTP statuses live here, so both answer an error the same way.
"""

from __future__ import annotations

from starlette.requests import Request

from moneytrail.errors import (
    AccessDenied,
    Busy,
    ConfigError,
    Conflict,
    EngineUnavailable,
    InvalidInput,
    MoneytrailError,
    NotAuthenticated,
    NotFound,
    RateLimited,
    SourceError,
    WorkAbandoned,
)
from moneytrail.services.runtime import Services

# Most specific first: the first class the error is an instance of wins.
STATUS: tuple[tuple[type[MoneytrailError], int], ...] = (
    (NotAuthenticated, 401),
    (AccessDenied, 403),
    (NotFound, 404),
    (Conflict, 409),
    (RateLimited, 429),
    (WorkAbandoned, 503),
    (Busy, 503),
    (InvalidInput, 422),
    (SourceError, 422),
    (EngineUnavailable, 503),
    (ConfigError, 500),
    (MoneytrailError, 500),
)


def status_for(exc: MoneytrailError) -> int:
    """The HTTP status of ``exc``: the first row of ``STATUS`` it is an instance of."""
    return next(code for cls, code in STATUS if isinstance(exc, cls))


def services_of(request: Request) -> Services:
    """The app's services (one of each per app, built by ``moneytrail.server``)."""
    services: Services = request.app.state.services
    return services


def client_address(request: Request) -> str:
    """The peer's address (uvicorn's --proxy-headers decides whether to trust a proxy)."""
    return request.client.host if request.client else "unknown"
