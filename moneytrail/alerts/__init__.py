"""Alerts and decisions, the review queue, accounts and the hash-chained audit log."""

from moneytrail.alerts.audit import AuditLog, AuditReport, GroupCommitAudit, export, verify
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
    "Repository",
    "Role",
    "User",
    "add_user",
    "decide",
    "disable_user",
    "export",
    "list_alerts",
    "raise_alerts",
    "read_alert",
    "remove_user",
    "reopen",
    "rotate_key",
    "suppressions",
    "verify",
]
