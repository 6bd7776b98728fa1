"""Security headers on every response: a Content-Security-Policy and its companions.

The workbench shows list entries, names and transaction ids that come from files an
attacker may have written. Its pages and scripts never hand such data to an HTML
parser, and the policy is the second wall: scripts only from our own origin and no
inline script or handler (so an injected ``<script>`` or ``onerror=`` does not run),
no plugins, no framing (clickjacking), no ``<base>`` redirection of relative URLs.

The API docs (/docs with Swagger UI, /redoc with ReDoc) load their bundles from the
workbench's own vendor files and start them without an inline script (``web/docs.py``),
so they get the ordinary policy: no CDN, no inline script, nowhere. ReDoc alone adds
``worker-src 'self' blob:``: its bundle (a same-origin script) runs its search index in a
worker it makes from a blob URL; no injected markup can create one.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; "
    "frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)
REDOC_POLICY = f"{POLICY}; worker-src 'self' blob:"
REDOC_PATHS = frozenset({"/redoc"})
COMMON = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
)


class SecurityHeaders:
    """ASGI middleware adding the headers above to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        policy = REDOC_POLICY if scope.get("path") in REDOC_PATHS else POLICY

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (k, v)
                    for k, v in message.get("headers", [])
                    if k.lower() not in {b"content-security-policy", *(n for n, _ in COMMON)}
                ]
                headers.append((b"content-security-policy", policy.encode()))
                headers.extend(COMMON)
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)
