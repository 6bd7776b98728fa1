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
import threading
import time
from dataclasses import dataclass

from fastapi import Request

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


class Sessions:
    """Session ids in memory, with expiry; safe to use from the server's threads."""

    def __init__(self, seconds: float = SESSION_SECONDS) -> None:
        self.seconds = seconds
        self._by_id: dict[str, Session] = {}
        self._lock = threading.Lock()

    def open(self, user: User) -> Session:
        session = Session(
            secrets.token_urlsafe(32), user, secrets.token_urlsafe(24), time.time() + self.seconds
        )
        with self._lock:
            self._by_id = {k: v for k, v in self._by_id.items() if v.expires > time.time()}
            self._by_id[session.id] = session
        return session

    def get(self, session_id: str | None) -> Session | None:
        if not session_id:
            return None
        with self._lock:
            found = self._by_id.get(session_id)
        return found if found is not None and found.expires > time.time() else None

    def close(self, session_id: str | None) -> None:
        with self._lock:
            self._by_id.pop(session_id or "", None)


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
