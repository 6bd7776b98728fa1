"""One app for the API and the workbench, over one set of services.

The two faces import nothing of each other; this module builds the services (the
store, the case store, the screening index, the audit writer) once, mounts both faces
on one FastAPI app and adds what every response shares: the body limit, the security
headers and a clean shutdown that closes what was opened.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI

from moneytrail import api, web
from moneytrail.alerts.repository import Repository
from moneytrail.api.headers import SecurityHeaders
from moneytrail.api.limits import BodyLimit
from moneytrail.services.config import ApiConfig
from moneytrail.services.runtime import Services, build_services, handed_over
from moneytrail.settings import Settings
from moneytrail.web.docs import mount_docs

VERSION = "0.1.0"


def create_app(
    settings: Settings, config: ApiConfig | None = None, *, repo: Repository | None = None
) -> FastAPI:
    """The server's app: API under ``/``, workbench under ``/ui``, one set of services."""
    services = build_services(settings, config or ApiConfig(), repo)
    closers: list[Callable[[], None]] = []

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        services.close()
        for close in closers:
            close()

    app = FastAPI(
        title="moneytrail",
        description=api.DESCRIPTION,
        version=VERSION,
        lifespan=lifespan,
        docs_url=None,  # web/docs.py serves /docs and /redoc from local files (offline)
        redoc_url=None,
    )
    app.state.services = services
    api.mount(app)
    closers.append(web.mount(app, settings))
    mount_docs(app)
    app.add_middleware(BodyLimit, max_bytes=services.config.max_body_bytes)
    app.add_middleware(SecurityHeaders)
    return app


def app_from_env() -> FastAPI:
    """The factory ``moneytrail serve`` gives uvicorn ("moneytrail.server:app_from_env"):
    the settings ``serve`` handed over, else MONEYTRAIL_* from the environment."""
    settings, config = handed_over()
    return create_app(settings, config)


__all__ = ["ApiConfig", "Services", "app_from_env", "create_app"]
