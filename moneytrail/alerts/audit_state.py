"""What the audit log says the review state is, compared with what the tables hold.

The hash chain proves the log was not edited; it says nothing about the tables it
describes. Someone with SQL access could promote an analyst to admin, flip or delete
a decision or close an alert without touching the log. So every state-changing line
carries the new state of the row it changed (role, key id, expiry and disabling of an
account; status of an alert; id, kind, reason, actor, time, review state and reviewer
of a decision; status, assignee and alerts of a case), and
``Replay`` folds the log, line by line, into the state it implies. ``compare`` then
names every row where the tables disagree: which row, what the log says, what the
table says. Lines written before a field was recorded leave that field unchecked
rather than failing it, so old stores still verify.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from moneytrail.alerts.models import STATUS_AFTER, AlertStatus, AuditEntry, DecisionKind
from moneytrail.alerts.repository import Repository

Fields = dict[str, str | None]


@dataclass(frozen=True, slots=True)
class Mismatch:
    """A row whose stored state is not the one the audit log recorded."""

    table: str  # users | alerts | decisions | cases | log
    row: str
    log: str  # what the log says
    stored: str  # what the table says

    def line(self) -> str:
        return f"{self.table} {self.row}: the log says {self.log}; the table says {self.stored}"


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


@dataclass(slots=True)
class Replay:
    """The review state the log implies, built by feeding it every line in order."""

    users: dict[str, Fields] = field(default_factory=dict)
    alerts: dict[str, Fields] = field(default_factory=dict)
    decisions: list[Fields] = field(default_factory=list)
    cases: dict[str, Fields] = field(default_factory=dict)
    unreadable: list[Mismatch] = field(default_factory=list)

    def feed(self, entry: AuditEntry) -> None:
        handler = _HANDLERS.get(entry.action)
        if handler is None:  # screening, list updates, portfolio: no table state here
            return
        try:
            handler(self, entry)
        except (KeyError, TypeError, ValueError) as exc:
            self.unreadable.append(
                Mismatch("log", f"line {entry.seq}", f"{entry.action} lacking {exc}", "-")
            )

    def _user_add(self, e: AuditEntry) -> None:
        p = e.payload
        state: Fields = {"name": str(p["name"]), "role": str(p["role"]), "disabled": "no"}
        state.update({k: _text(p[k]) for k in ("key_id", "expires_at") if k in p})
        self.users[e.subject] = state

    def _user_rotate(self, e: AuditEntry) -> None:
        state = self.users.setdefault(e.subject, {})
        state["key_id"] = str(e.payload["key_id"])
        if "expires_at" in e.payload:
            state["expires_at"] = _text(e.payload["expires_at"])

    def _user_disable(self, e: AuditEntry) -> None:
        state = self.users.setdefault(e.subject, {})
        state["disabled"] = "yes"
        if "disabled_at" in e.payload:
            state["disabled_at"] = _text(e.payload["disabled_at"])

    def _user_remove(self, e: AuditEntry) -> None:
        self.users.pop(e.subject, None)

    def _alert_raise(self, e: AuditEntry) -> None:
        p = e.payload
        state: Fields = {"status": str(p.get("status", AlertStatus.OPEN.value))}
        state.update({k: str(p[k]) for k in ("entity_id", "entry_digest") if k in p})
        if "query_id" in p:
            state["query_id"] = str(p["query_id"])
        self.alerts[e.subject] = state

    def _alert_decide(self, e: AuditEntry) -> None:
        p = e.payload
        kind = DecisionKind(p["decision"])
        status = str(p.get("status", STATUS_AFTER[kind].value))
        self.alerts.setdefault(e.subject, {})["status"] = status
        made: Fields = {"alert_id": e.subject, "kind": kind.value, "reason": str(p["reason"])}
        made["actor"] = e.actor
        if "decision_id" in p:
            made["id"] = str(p["decision_id"])
        if "decided_at" in p:
            made["decided_at"] = str(p["decided_at"])
        if "state" in p:  # recorded since four-eyes review; a proposal has no reviewer yet
            made["state"] = str(p["state"])
            made["reviewer"] = ""
        self.decisions.append(made)

    def _alert_review(self, e: AuditEntry) -> None:
        """An approval or rejection: the proposal's new state and reviewer, the alert's status."""
        p = e.payload
        self.alerts.setdefault(e.subject, {})["status"] = str(p["status"])
        wanted = str(p["decision_id"])
        made = next((d for d in self.decisions if d.get("id") == wanted), None)
        if made is None:  # approving a proposal the log never recorded
            made = {"id": wanted, "alert_id": e.subject, "kind": str(p["decision"])}
            self.decisions.append(made)
        made["state"] = str(p["state"])
        made["reviewer"] = e.actor

    def _case(self, e: AuditEntry) -> None:
        """Every case line carries the case's whole new state: status, assignee, alerts."""
        p = e.payload
        self.cases[e.subject] = {
            "status": str(p["status"]),
            "assignee": str(p["assignee"] or ""),
            "alerts": " ".join(sorted(str(a) for a in p["alerts"])),
        }

    def _alert_reopen(self, e: AuditEntry) -> None:
        status = str(e.payload.get("status", AlertStatus.OPEN.value))
        self.alerts.setdefault(e.subject, {})["status"] = status


_HANDLERS: dict[str, Callable[[Replay, AuditEntry], None]] = {
    "user.add": Replay._user_add,
    "user.rotate_key": Replay._user_rotate,
    "user.disable": Replay._user_disable,
    "user.remove": Replay._user_remove,
    "alert.raise": Replay._alert_raise,
    "alert.decide": Replay._alert_decide,
    "alert.reopen": Replay._alert_reopen,
    "alert.propose": Replay._alert_decide,
    "alert.approve": Replay._alert_review,
    "alert.reject": Replay._alert_review,
    **{
        f"case.{op}": Replay._case
        for op in ("open", "add_alerts", "remove_alerts", "assign", "status", "narrative")
    },
}


@dataclass(frozen=True, slots=True)
class StateCounts:
    users: int
    alerts: int
    decisions: int
    cases: int = 0


def compare(repo: Repository, replay: Replay) -> tuple[list[Mismatch], StateCounts]:
    """Every disagreement between the tables and the replayed log, users first."""
    users = {r[0] or "": _user_fields(r) for r in repo.user_states()}
    alerts: dict[str, Fields] = {
        r[0]: dict(zip(_ALERT_KEYS, r[1:], strict=True)) for r in repo.alert_states()
    }
    decisions: list[Fields] = [
        dict(zip(_DECISION_KEYS, r, strict=True)) for r in repo.decision_states()
    ]
    out = list(replay.unreadable)
    out += _compare_rows("users", replay.users, users, "name")
    out += _compare_rows("alerts", replay.alerts, alerts, None)
    out += _compare_decisions(replay.decisions, decisions)
    cases: dict[str, Fields] = {
        r[0]: dict(zip(_CASE_KEYS, r[1:], strict=True)) for r in repo.case_states()
    }
    out += _compare_rows("cases", replay.cases, cases, None)
    return out, StateCounts(len(users), len(alerts), len(decisions), len(cases))


_ALERT_KEYS = ("query_id", "entity_id", "entry_digest", "status")
_DECISION_KEYS = ("id", "alert_id", "kind", "reason", "actor", "decided_at", "state", "reviewer")
_CASE_KEYS = ("status", "assignee", "alerts")


def _user_fields(row: tuple[str | None, ...]) -> Fields:
    _, name, role, key_id, expires_at, disabled_at = row
    disabled = "no" if disabled_at is None else "yes"
    return {
        "name": name,
        "role": role,
        "key_id": key_id,
        "expires_at": expires_at,
        "disabled": disabled,
        "disabled_at": disabled_at,
    }


def _show(fields: Mapping[str, str | None], keys: Any = None) -> str:
    return ", ".join(f"{k} {fields.get(k)!s}" for k in (keys if keys is not None else fields))


def _compare_rows(
    table: str, expected: dict[str, Fields], stored: dict[str, Fields], label: str | None
) -> list[Mismatch]:
    out: list[Mismatch] = []
    for row_id, want in expected.items():
        have = stored.get(row_id)
        name = f"{row_id} ({want[label]})" if label and want.get(label) else row_id
        if have is None:
            out.append(Mismatch(table, name, _show(want), "no such row (deleted)"))
            continue
        differ = [k for k, v in want.items() if have.get(k) != v]
        if differ:
            out.append(Mismatch(table, name, _show(want, differ), _show(have, differ)))
    for row_id, have in stored.items():
        if row_id not in expected:
            name = f"{row_id} ({have[label]})" if label else row_id
            shown = _show(have, [k for k in have if k != "disabled_at"])
            out.append(Mismatch(table, name, "no such row was ever written", shown))
    return out


def _content(decision: Fields) -> str:
    """A decision's fields but those its row label names already."""
    return _show(decision, [k for k in decision if k not in ("id", "alert_id")])


def _compare_decisions(expected: list[Fields], stored: list[Fields]) -> list[Mismatch]:
    """Matched by id where the log recorded it, else by (alert, kind, reason, actor)."""
    by_id = {d["id"]: d for d in stored}
    out: list[Mismatch] = []
    for want in (d for d in expected if "id" in d):
        have = by_id.pop(want["id"], None)
        row = f"{want['id']} on {want['alert_id']}"
        if have is None:
            out.append(Mismatch("decisions", row, _content(want), "no such row (deleted)"))
            continue
        differ = [k for k, v in want.items() if have.get(k) != v]
        if differ:
            out.append(Mismatch("decisions", row, _show(want, differ), _show(have, differ)))
    for want in (d for d in expected if "id" not in d):
        key = [want[k] for k in ("alert_id", "kind", "reason", "actor")]
        found = next(
            (
                d
                for d in by_id.values()
                if [d[k] for k in ("alert_id", "kind", "reason", "actor")] == key
            ),
            None,
        )
        if found is None:
            row = f"on {want['alert_id']}"
            out.append(Mismatch("decisions", row, _content(want), "no such row (deleted)"))
        else:
            del by_id[found["id"]]
    for have in by_id.values():
        row = f"{have['id']} on {have['alert_id']}"
        out.append(Mismatch("decisions", row, "no such decision was ever made", _content(have)))
    return out
