"""Who is calling: an API key in ``Authorization: ApiKey <key>`` or ``X-API-Key``.

Every route but /healthz depends on ``current_user``; admin routes on ``admin_user``.
The rate limit is charged here, per account, once the caller is known.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from moneytrail.alerts.models import Role, User
from moneytrail.api.errors import NotAuthenticated, RateLimited
from moneytrail.errors import AccessDenied

if TYPE_CHECKING:
    from moneytrail.api.app import Services

# The caller of a server started with --insecure-local (loopback only).
LOCAL_USER = User(id="local", name="local", role=Role.ADMIN, key_id="", created_at="")


def _presented_key(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() in {"apikey", "bearer"} and value.strip():
        return value.strip()
    key = request.headers.get("x-api-key", "").strip()
    return key or None


def services_of(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


async def authenticate(request: Request) -> User:
    """The caller's account; NotAuthenticated without a valid key."""
    services = services_of(request)
    if services.config.insecure_local:
        user = LOCAL_USER
    else:
        key = _presented_key(request)
        if key is None:
            raise NotAuthenticated(
                "an API key is required (Authorization: ApiKey <key>, or X-API-Key)"
            )
        found = services.authenticator.cached(key) or await run_in_threadpool(
            services.authenticator.authenticate, key
        )
        if found is None:
            raise NotAuthenticated("the API key is not valid")
        user = found
    request.state.user = user
    return user


async def current_user(request: Request) -> User:
    """An authenticated caller within its rate limit."""
    user = await authenticate(request)
    wait = services_of(request).buckets.take(user.id)
    if wait > 0:
        raise RateLimited(f"too many requests for {user.name}; retry in {wait:.1f} s", wait)
    return user


async def admin_user(user: Annotated[User, Depends(current_user)]) -> User:
    if not user.is_admin:
        raise AccessDenied("only admins may do this")
    return user
