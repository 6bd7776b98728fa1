"""The request body limit: a body over the configured size is refused while it is read."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class BodyLimit:
    """ASGI middleware: a body over ``max_bytes`` is refused with 413 as it is read.

    A declared Content-Length over the limit is refused at the first read; a chunked
    body is counted as it arrives, so an endless stream cannot exhaust memory. The
    413 is raised from the body read, so the app's handler renders and audits it.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.max_bytes <= 0:
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        too_big = declared is not None and declared.isdigit() and int(declared) > self.max_bytes
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            if too_big:
                raise HTTPException(413, f"request body over {self.max_bytes} bytes")
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_bytes:
                raise HTTPException(413, f"request body over {self.max_bytes} bytes")
            return message

        await self.app(scope, limited, send)
