"""Alerts and decisions, the review queue, accounts and the hash-chained audit log."""

from moneytrail.alerts.audit import AuditLog, AuditReport, GroupCommitAudit, export, verify
from moneytrail.alerts.lists import ListService, Snapshot
from moneytrail.alerts.matching import MatchOutcome, MatchParams, match_examples, search_text
from moneytrail.alerts.models import (
    Alert,
    AlertFilter,
    AlertStatus,
    AuditEntry,
    Decision,
    DecisionKind,
    Role,
    User,
)
from moneytrail.alerts.queue import (
    AlertView,
    decide,
    list_alerts,
    raise_alerts,
    read_alert,
    reopen,
    suppressions,
)
from moneytrail.alerts.repository import DuckDBRepository, Repository
from moneytrail.alerts.users import (
    Authenticator,
    add_user,
    disable_user,
    remove_user,
    rotate_key,
)

__all__ = [
    "Alert",
    "AlertFilter",
    "AlertStatus",
    "AlertView",
    "AuditEntry",
    "AuditLog",
    "AuditReport",
    "Authenticator",
    "Decision",
    "DecisionKind",
    "DuckDBRepository",
    "GroupCommitAudit",
    "ListService",
    "MatchOutcome",
    "MatchParams",
    "Repository",
    "Role",
    "Snapshot",
    "User",
    "add_user",
    "decide",
    "disable_user",
    "export",
    "list_alerts",
    "match_examples",
    "raise_alerts",
    "read_alert",
    "remove_user",
    "reopen",
    "rotate_key",
    "search_text",
    "suppressions",
    "verify",
]
