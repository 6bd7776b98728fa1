"""``create_app``: the FastAPI application over one store.

Everything expensive (the screening index, the store connections, the audit writer)
is built here, once, and shared by all requests through ``app.state.services``.
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from fastapi import FastAPI

from moneytrail.alerts.audit import AuditLog, GroupCommitAudit
from moneytrail.alerts.factory import open_repository
from moneytrail.alerts.lists import ListService
from moneytrail.alerts.repository import Repository
from moneytrail.alerts.users import Authenticator
from moneytrail.api import errors
from moneytrail.api.config import ApiConfig
from moneytrail.api.headers import SecurityHeaders
from moneytrail.api.limits import BodyLimit, FailureWindow, RejectionSummary, TokenBuckets
from moneytrail.api.routers import (
    admin,
    alerts,
    algorithms,
    entities,
    health,
    match,
    reconcile,
    search,
)
from moneytrail.limits import WorkLimits
from moneytrail.settings import Settings
from moneytrail.store import Store
from moneytrail.web import mount as mount_workbench
from moneytrail.web.graphdata import Explorer

DESCRIPTION = """Sanctions screening with explained scores, yente-compatible.

Authenticate with `Authorization: ApiKey <key>` or `X-API-Key: <key>` (keys come from
`moneytrail users add`). Every screening request and every decision is written to a
hash-chained audit log.
"""


@dataclass
class Services:
    """What the routers call; one of each per app."""

    config: ApiConfig
    repo: Repository
    lists: ListService
    audit: GroupCommitAudit
    authenticator: Authenticator
    buckets: TokenBuckets
    anonymous: TokenBuckets  # per client address, for requests without a valid key
    rejections: RejectionSummary
    logins: FailureWindow
    limits: WorkLimits = field(default_factory=WorkLimits)
    # Set on SIGTERM (cli/serve.py) and at shutdown: screening in progress stops.
    stopping: threading.Event = field(default_factory=threading.Event)

    def close(self) -> None:
        self.stopping.set()
        self.rejections.flush()
        self.audit.close()
        self.lists.close()
        self.repo.close()


def build_services(
    settings: Settings, config: ApiConfig, repo: Repository | None = None
) -> Services:
    """Open the store and the repository, build the index, start the audit writer."""
    repo = repo or open_repository(settings)
    lists = ListService(Store(settings.store), refresh_seconds=config.refresh_seconds)
    audit = GroupCommitAudit(AuditLog(repo))
    return Services(
        config=config,
        repo=repo,
        lists=lists,
        audit=audit,
        authenticator=Authenticator(repo),
        buckets=TokenBuckets(config.rate, config.burst),
        anonymous=TokenBuckets(config.anon_rate, config.anon_burst),
        rejections=RejectionSummary(audit.append),
        logins=FailureWindow(config.login_failures, config.login_window),
        limits=settings.limits,
    )


def create_app(
    settings: Settings, config: ApiConfig | None = None, *, repo: Repository | None = None
) -> FastAPI:
    services = build_services(settings, config or ApiConfig(), repo)
    workbench: list[Explorer] = []

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        services.close()
        for explorer in workbench:  # the web workbench's store connection
            explorer.close()

    app = FastAPI(
        title="moneytrail",
        description=DESCRIPTION,
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.services = services
    errors.install(app)
    for module in (health, match, search, entities, algorithms, reconcile, alerts, admin):
        app.include_router(module.router)
    workbench.append(mount_workbench(app, settings))
    app.add_middleware(BodyLimit, max_bytes=services.config.max_body_bytes)
    app.add_middleware(SecurityHeaders)
    return app
