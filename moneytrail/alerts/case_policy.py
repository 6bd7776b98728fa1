"""The case policy: which case a raised alert joins, and when a case is due.

Grouping (``MONEYTRAIL_AUTO_CASES``, on by default): an alert is about one subject, the
party it was raised for (a screened customer, an account, a company; ``subject_of``).
Alerts about one subject are worked as one case, so a new alert joins the open case
about its subject, or opens one (alerts/case_grouping.py).

Due dates (``MONEYTRAIL_CASE_DUE_DAYS``): a case is due a number of days after it was
opened, set by its most urgent alert kind. The defaults follow the obligations behind
each kind: a possible sanctions match (screening, ownership, a listed trade party) may
mean assets must be frozen and reported at once, so it is worked within days; a
suspicion of laundering (trace, typology, network) is reported within 30 days of
detection in most regimes (FinCEN's SAR rule, the EU's "promptly"), so the case is due
with time left for a second reviewer. docs/cases.md has the table.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from moneytrail.alerts.kinds import Kind, kind_of
from moneytrail.alerts.models import Alert, Case, CaseStatus
from moneytrail.errors import ConfigError
from moneytrail.settings import Settings

DEFAULT = "default"
DEFAULT_DUE_DAYS: Mapping[str, int] = {
    Kind.SCREENING.value: 2,  # a possible designated customer: freeze and report quickly
    Kind.OWNERSHIP.value: 5,  # 50% rule: blocked by ownership, the chain needs checking
    Kind.TRADE.value: 5,  # a listed party or red flag on a shipment that may still move
    Kind.NETWORK.value: 10,  # a possible front: more research, no blocking duty yet
    Kind.TRACE.value: 10,  # money reached from a designated party: a likely report
    Kind.TYPOLOGY.value: 20,  # a pattern: SAR within 30 days, leaving time for review
    DEFAULT: 10,
}


@dataclass(frozen=True, slots=True)
class CasePolicy:
    """Whether raised alerts are grouped into cases, and the days each kind allows."""

    auto: bool = True
    due_days: Mapping[str, int] = field(default_factory=lambda: dict(DEFAULT_DUE_DAYS))

    @classmethod
    def from_settings(cls, settings: Settings) -> CasePolicy:
        """The settings' policy; ConfigError naming a kind that does not exist."""
        known = {k.value for k in Kind} | {DEFAULT}
        unknown = sorted({k for k, _ in settings.case_due_days} - known)
        if unknown:
            raise ConfigError(
                f"MONEYTRAIL_CASE_DUE_DAYS names unknown kind(s) {', '.join(unknown)} "
                f"(expected {', '.join(sorted(known))})"
            )
        return cls(settings.auto_cases, {**DEFAULT_DUE_DAYS, **dict(settings.case_due_days)})

    def days_for(self, kind: str) -> int:
        return self.due_days.get(kind, self.due_days.get(DEFAULT, DEFAULT_DUE_DAYS[DEFAULT]))

    def due(self, kinds: Iterable[str], start: str) -> str:
        """``start`` (ISO UTC) plus the days of the most urgent kind (the fewest days)."""
        days = min((self.days_for(k) for k in kinds), default=self.days_for(DEFAULT))
        return (datetime.fromisoformat(start) + timedelta(days=days)).isoformat(
            timespec="microseconds"
        )


DEFAULT_POLICY = CasePolicy()


@dataclass(frozen=True, slots=True)
class CaseTerms:
    """What the policy adds to a case row: when it is due, and where it was merged to."""

    due_at: str | None = None
    merged_into: str | None = None

    def overdue(self, case: Case, now: str) -> bool:
        """Past its due date and not closed (a closed case is never overdue)."""
        if case.status is CaseStatus.CLOSED or self.due_at is None:
            return False
        return now > self.due_at


def subject_of(alert: Alert) -> str:
    """The party an alert is about: the screened customer, or the finding's subject.

    A screening alert's query is the screened record (its id the customer's); a finding's
    query names its subject (services/findings.py); both fall back to the query id.
    """
    found = alert.query.get("id") if isinstance(alert.query, dict) else None
    return str(found or alert.query_id).strip()


def kinds_of(alerts: Iterable[Alert]) -> list[str]:
    return sorted({kind_of(a).value for a in alerts})


def age_days(case: Case, now: str) -> int:
    """Whole days since the case was opened."""
    opened = datetime.fromisoformat(case.created_at)
    return max(0, (datetime.fromisoformat(now) - opened).days)
