"""Browser sessions: log in once with an API key, then a cookie; every form carries a CSRF token.

The API authenticates each request by key, which a browser cannot send by itself. A
login turns a valid key into a random session id kept only in server memory (a
restart logs everyone out, which is acceptable for a workbench) and sent as an
HttpOnly, SameSite=Strict cookie (Secure over https or with MONEYTRAIL_COOKIE_SECURE=1).
State-changing forms carry the session's CSRF token
as a hidden field; the login form, which has no session yet, uses a double-submit
cookie instead.
"""

from __future__ import annotations

import hmac
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from fastapi import Request

from moneytrail.alerts.audit import utc_now
from moneytrail.alerts.models import User
from moneytrail.errors import AccessDenied, NotAuthenticated

COOKIE = "mt_session"
LOGIN_COOKIE = "mt_login_csrf"
SESSION_SECONDS = 8 * 3600


class LoginRequired(NotAuthenticated):
    """Raised by views without a session; answered with a redirect to the login page."""


class BadToken(AccessDenied):
    """A form arrived without the CSRF token of its session."""


@dataclass(frozen=True, slots=True)
class Session:
    id: str
    user: User
    csrf: str
    expires: float


class SessionStore(Protocol):
    """What sessions need of the case store (both repositories have it)."""

    def add_session(
        self, session_id: str, user_id: str, csrf: str, expires: int, now: int
    ) -> None: ...
    def session(self, session_id: str, now: int) -> tuple[User, str, int] | None: ...
    def remove_session(self, session_id: str) -> None: ...


class Sessions:
    """Sessions in the case store, with expiry; safe to use from the server's threads."""

    def __init__(self, store: Callable[[], SessionStore], seconds: float = SESSION_SECONDS) -> None:
        self.seconds = seconds
        self._store = store  # called each time: the repository is built after the pages

    def open(self, user: User) -> Session:
        now = time.time()
        session = Session(
            secrets.token_urlsafe(32), user, secrets.token_urlsafe(24), now + self.seconds
        )
        expires = int(session.expires)
        self._store().add_session(session.id, user.id, session.csrf, expires, int(now))
        return session

    def get(self, session_id: str | None) -> Session | None:
        if not session_id or len(session_id) > 128:
            return None
        found = self._store().session(session_id, int(time.time()))
        if found is None:
            return None
        user, csrf, expires = found
        if user.refusal(utc_now()) is not None:  # disabled, or its key expired
            return None
        return Session(session_id, user, csrf, float(expires))

    def close(self, session_id: str | None) -> None:
        if session_id and len(session_id) <= 128:
            self._store().remove_session(session_id)


def same(a: str | None, b: str | None) -> bool:
    """Constant-time comparison of two tokens, either of which may be missing."""
    return bool(a) and bool(b) and hmac.compare_digest(str(a), str(b))


def current(request: Request, sessions: Sessions) -> Session:
    found = sessions.get(request.cookies.get(COOKIE))
    if found is None:
        raise LoginRequired
    return found


def secure_cookies(request: Request, setting: bool | None) -> bool:
    """Whether cookies carry the Secure flag: the setting when given, else the scheme.

    Behind a TLS-terminating proxy the request reaches uvicorn over plain http; uvicorn's
    proxy headers (on by default, trusting ``--forwarded-allow-ips``, 127.0.0.1 unless
    set) turn ``X-Forwarded-Proto: https`` into an https scheme here. A proxy on
    another host needs ``FORWARDED_ALLOW_IPS`` or ``MONEYTRAIL_COOKIE_SECURE=1``.
    """
    return setting if setting is not None else request.url.scheme == "https"


def check_csrf(session: Session, token: str | None) -> None:
    if not same(session.csrf, token):
        raise BadToken
