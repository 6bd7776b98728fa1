"""Who is calling: an API key in ``Authorization: ApiKey <key>`` or ``X-API-Key``.

Every route but /healthz depends on ``current_user``; admin routes on ``admin_user``.
The rate limit is charged here, per account, once the caller is known.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from moneytrail.alerts.models import User
from moneytrail.alerts.users import LOCAL_USER
from moneytrail.errors import AccessDenied, AnonymousRateLimited, NotAuthenticated, RateLimited
from moneytrail.services.http import client_address, services_of
from moneytrail.services.runtime import Services


def _presented_key(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() in {"apikey", "bearer"} and value.strip():
        return value.strip()
    key = request.headers.get("x-api-key", "").strip()
    return key or None


def _charge_anonymous(services: Services, client: str) -> None:
    """A request without a valid key costs its address a token; none left: 429."""
    wait = services.anonymous.take(client)
    if wait > 0:
        raise AnonymousRateLimited(
            f"too many requests without a valid API key from {client}; retry in {wait:.1f} s",
            wait,
        )


async def authenticate(request: Request) -> User:
    """The caller's account; NotAuthenticated without a valid key.

    Failures are charged to the client's address: once its bucket is empty, even a
    key is not checked (429), so guessing keys or flooding without one stays cheap.
    """
    services = services_of(request)
    if services.config.insecure_local:
        user = LOCAL_USER
    else:
        key = _presented_key(request)
        client = client_address(request)
        if key is None:
            _charge_anonymous(services, client)
            raise NotAuthenticated(
                "an API key is required (Authorization: ApiKey <key>, or X-API-Key)"
            )
        found = services.authenticator.cached(key)
        if found is None:
            wait = services.anonymous.peek(client)
            if wait > 0:
                _charge_anonymous(services, client)
            found = await run_in_threadpool(services.authenticator.authenticate, key)
        if found is None:
            _charge_anonymous(services, client)
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
