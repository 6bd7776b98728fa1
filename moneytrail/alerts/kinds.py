"""What raised an alert, and the workbench's queue over alerts of every kind.

Screening hits were the first alerts; ownership findings, front-company indicators,
typology hits and traced exposures share the same ``Alert`` record and review, told
apart by the ``kind`` their explanation carries (``services/findings.py`` raises them).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from moneytrail.alerts.models import DEFAULT_KIND, Alert, AlertFilter, AlertStatus
from moneytrail.alerts.queries import QueueScope, SharedQueries
from moneytrail.alerts.repository import Repository
from moneytrail.errors import ConfigError


class Kind(StrEnum):
    """What raised an alert; the queue filters on it."""

    SCREENING = DEFAULT_KIND
    OWNERSHIP = "ownership"
    NETWORK = "network"
    TYPOLOGY = "typology"
    TRACE = "trace"
    TRADE = "trade"


KIND_HELP: dict[Kind, str] = {
    Kind.SCREENING: "a customer's name matched a list entry",
    Kind.OWNERSHIP: "designated parties own 50% or more (OFAC's 50% rule)",
    Kind.NETWORK: "a company tied to designated parties (possible front)",
    Kind.TYPOLOGY: "a laundering pattern in the transactions",
    Kind.TRACE: "money reached from, or sent to, a designated party",
    Kind.TRADE: "a shipment's party is listed, or the shipment raises a red flag",
}


def kind_of(alert: Alert) -> Kind:
    """Screening alerts predate kinds, so an alert without one is a screening hit."""
    raw = alert.explanation.get("kind", Kind.SCREENING.value)
    try:
        return Kind(raw)
    except ValueError:
        return Kind.SCREENING


@dataclass(frozen=True, slots=True)
class QueueFilter:
    """The workbench's queue filters: the repository's, the alert kind and the case side.

    ``assignee`` and ``has_case`` read the alert's case (an alert has no assignee of its
    own); ``entity_ids`` is the programme filter, resolved by the caller against the
    statement store (the case store does not hold programmes).
    """

    kind: Kind | None = None
    status: AlertStatus | None = None
    dataset: str | None = None
    min_score: float | None = None
    limit: int = 200
    assignee: str | None = None
    has_case: bool | None = None
    entity_ids: tuple[str, ...] | None = None


SCAN_LIMIT = 500


def queue(repo: Repository, where: QueueFilter) -> list[Alert]:
    """Alerts of the newest ``SCAN_LIMIT`` matching every filter (kind and case side
    included, in the repository), open ones first, then by score."""
    base = AlertFilter(
        status=where.status,
        dataset=where.dataset,
        min_score=where.min_score,
        kind=where.kind.value if where.kind is not None else None,
        limit=SCAN_LIMIT,
    )
    scope = QueueScope(where.assignee, where.has_case, where.entity_ids)
    plain = scope == QueueScope()
    found = repo.alerts(base) if plain else _sql(repo).queue_alerts(base, scope)
    found.sort(key=lambda a: (a.status is not AlertStatus.OPEN, -a.score, a.caption, a.id))
    return found[: where.limit]


def cases_of(repo: Repository, alert_ids: Sequence[str]) -> dict[str, tuple[str, str | None]]:
    """alert id -> (case id, case assignee) for the queue's alerts, in one query."""
    return _sql(repo).cases_of_alerts(alert_ids)


def _sql(repo: Repository) -> SharedQueries:
    """Both stores share their queries; the queue's case-side filters need them."""
    if not isinstance(repo, SharedQueries):
        raise ConfigError(f"{type(repo).__name__} cannot filter the queue by case")
    return repo
