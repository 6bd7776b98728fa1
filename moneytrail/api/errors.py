"""The one table from errors to HTTP statuses, and the handlers that apply it.

Routers raise moneytrail errors (or let services raise them); nothing else decides a
status. A rejected request leaves exactly one trace: its audit line.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from moneytrail.api.auth import authenticate
from moneytrail.errors import InvalidInput, MoneytrailError, NotAuthenticated, RateLimited
from moneytrail.limits import LimitExceeded
from moneytrail.services.http import client_address, status_for

# Refusals counted in a summary line rather than written one by one.
UNAUTHENTICATED = frozenset({401, 429})


def _body(exc: MoneytrailError) -> dict[str, Any]:
    if isinstance(exc, LimitExceeded):
        return {"detail": exc.reason, "field": exc.field, "limit": exc.limit}
    if isinstance(exc, InvalidInput):
        return {"detail": exc.reason, "field": exc.field}
    return {"detail": str(exc)}


def _headers(exc: MoneytrailError) -> dict[str, str]:
    if isinstance(exc, NotAuthenticated):
        return {"WWW-Authenticate": "ApiKey"}
    if isinstance(exc, RateLimited):
        return {"Retry-After": str(max(1, round(exc.retry_after)))}
    return {}


async def audit_rejection(request: Request, status: int, body: dict[str, Any]) -> None:
    """The audit line of a refused request: who, what, and why it was refused.

    A request refused for want of a valid key is only counted: its client gets one
    summary line a minute (services.throttle.RejectionSummary), so a flood cannot fill the log.
    """
    services = getattr(request.app.state, "services", None)
    if services is None:
        return
    user = getattr(request.state, "user", None)
    if user is None and status in UNAUTHENTICATED:
        client = client_address(request)
        await run_in_threadpool(services.rejections.record, client, status, request.url.path)
        return
    actor = user.name if user is not None else "anonymous"
    payload = {"method": request.method, "path": request.url.path, "status": status, **body}
    await run_in_threadpool(
        services.audit.append, actor, "request.reject", request.url.path, payload
    )


async def _moneytrail_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, MoneytrailError)
    status, body = status_for(exc), _body(exc)
    await audit_rejection(request, status, body)
    return JSONResponse(body, status_code=status, headers=_headers(exc))


def _field_name(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path")]
    return ".".join(parts) or "body"


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    """422 naming the first field at fault; a caller without a valid key gets 401 first."""
    assert isinstance(exc, RequestValidationError)
    try:
        await authenticate(request)
    except MoneytrailError as denied:
        return await _moneytrail_error(request, denied)
    errors = list(exc.errors())
    first: dict[str, Any] = dict(errors[0]) if errors else {"loc": ("body",), "msg": "invalid"}
    if first.get("type") == "json_invalid":  # loc is ("body", position): say so
        where = first.get("loc", ("body", "?"))[-1]
        reason = first.get("ctx", {}).get("error", "malformed")
        body = {"detail": f"malformed JSON at character {where}: {reason}", "field": "body"}
    else:
        loc = tuple(first.get("loc", ()))
        body = {"detail": str(first.get("msg")), "field": _field_name(loc)}
    await audit_rejection(request, 422, body)
    return JSONResponse(body, status_code=422)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    body = {"detail": str(exc.detail)}
    await audit_rejection(request, exc.status_code, body)
    return JSONResponse(body, status_code=exc.status_code, headers=exc.headers)


def install(app: FastAPI) -> None:
    app.add_exception_handler(MoneytrailError, _moneytrail_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)
