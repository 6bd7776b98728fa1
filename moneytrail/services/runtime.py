"""The services of one running server: built once, shared by the API and the workbench.

Everything expensive (the screening index, the case-store connection, the audit
writer) is built here, once per app, and reached by both faces through
``app.state.services`` (``services.http.services_of``).
"""

from __future__ import annotations

import json
import os
import threading
import weakref
from dataclasses import asdict, dataclass, field

from moneytrail.alerts.audit import AuditLog, GroupCommitAudit
from moneytrail.alerts.case_policy import DEFAULT_POLICY, CasePolicy
from moneytrail.alerts.factory import open_repository
from moneytrail.alerts.repository import Repository
from moneytrail.alerts.users import Authenticator
from moneytrail.limits import WorkLimits
from moneytrail.services.config import ApiConfig
from moneytrail.services.snapshots import ListService
from moneytrail.services.throttle import FailureWindow, RejectionSummary, TokenBuckets
from moneytrail.settings import Settings
from moneytrail.store import Store


@dataclass(eq=False)  # identity: one per app, kept in a weak set
class Services:
    """What the routers and views call; one of each per app."""

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
    four_eyes: bool = True  # MONEYTRAIL_FOUR_EYES: decisions need a second person
    # MONEYTRAIL_AUTO_CASES, MONEYTRAIL_CASE_DUE_DAYS: grouping and due dates of cases.
    case_policy: CasePolicy = DEFAULT_POLICY
    # Set on SIGTERM (cli/serve.py) and at shutdown: screening in progress stops.
    stopping: threading.Event = field(default_factory=threading.Event)

    def close(self) -> None:
        self.stopping.set()
        self.rejections.flush()
        self.audit.close()
        self.lists.close()
        self.repo.close()


# Every live app's services in this process, so a signal can stop their work in progress.
_LIVE: weakref.WeakSet[Services] = weakref.WeakSet()
# What ``moneytrail serve`` hands to the app factory uvicorn calls (same process).
_HANDED_OVER: list[tuple[Settings, ApiConfig]] = []


def stop_all() -> None:
    """On SIGTERM: every app in this process stops screening at its next check (503)."""
    for services in list(_LIVE):
        services.stopping.set()


HANDOVER_VAR = "MONEYTRAIL_SERVE_HANDOVER"  # JSON: what `serve` gives worker processes


def hand_over(settings: Settings, config: ApiConfig, *, processes: int = 1) -> None:
    """Leave the settings for the app factory that uvicorn will call: in this process,
    and, for ``serve --workers``, in the environment the worker processes inherit."""
    _HANDED_OVER[:] = [(settings, config)]
    if processes > 1:
        os.environ["MONEYTRAIL_STORE"] = str(settings.store.resolve())
        os.environ[HANDOVER_VAR] = json.dumps(asdict(config))


def handed_over() -> tuple[Settings, ApiConfig]:
    """What ``hand_over`` left, else settings and config from the environment."""
    if _HANDED_OVER:
        return _HANDED_OVER[0]
    settings = Settings.from_env()
    raw = os.environ.get(HANDOVER_VAR)
    if raw:  # a worker of `serve --workers`
        return settings, ApiConfig(**json.loads(raw))
    return settings, ApiConfig.from_env()


def build_services(
    settings: Settings, config: ApiConfig, repo: Repository | None = None
) -> Services:
    """Open the store and the repository, build the index, start the audit writer."""
    repo = repo or open_repository(settings)
    lists = ListService(Store(settings.store), refresh_seconds=config.refresh_seconds)
    audit = GroupCommitAudit(AuditLog(repo))
    services = Services(
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
        four_eyes=settings.four_eyes,
        case_policy=CasePolicy.from_settings(settings),
    )
    _LIVE.add(services)
    return services
