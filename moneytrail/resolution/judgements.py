"""Analyst judgements on pairs of records: same, different or unsure.

A judgement outranks the model both ways: "same" joins two records the model left
apart, "different" keeps them apart whatever the model or other links say (clusters.py
never merges two groups holding a judged-different pair). Judgements live in the store,
append-only, so a re-run of the model, a reloaded list or a new version of moneytrail
keeps them, and the latest judgement of a pair is the one in force while the earlier
ones stay as its history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from moneytrail.errors import InvalidInput, NotFound
from moneytrail.store import Store

Verdict = Literal["same", "different", "unsure"]
VERDICTS: tuple[Verdict, ...] = ("same", "different", "unsure")

DDL = """CREATE TABLE IF NOT EXISTS resolution_judgements (
    seq BIGINT NOT NULL,
    left_id VARCHAR NOT NULL,
    right_id VARCHAR NOT NULL,
    judgement VARCHAR NOT NULL,
    reason VARCHAR NOT NULL,
    author VARCHAR NOT NULL,
    created_at VARCHAR NOT NULL
)"""


@dataclass(frozen=True, slots=True)
class Judgement:
    """One analyst's decision on a pair; ``left`` < ``right`` so a pair has one spelling."""

    left: str
    right: str
    judgement: Verdict
    reason: str
    author: str
    created_at: str

    @property
    def pair(self) -> tuple[str, str]:
        return (self.left, self.right)

    def as_dict(self) -> dict[str, str]:
        return {
            "left": self.left,
            "right": self.right,
            "judgement": self.judgement,
            "reason": self.reason,
            "author": self.author,
            "created_at": self.created_at,
        }


def ensure_table(store: Store) -> None:
    """Create the table if this store has none yet (stores predate resolution)."""
    store.engine.execute(DDL)


def _has_table(store: Store) -> bool:
    """Read-only stores cannot create the table; no table simply means no judgements."""
    return bool(
        store.engine.query(
            "SELECT 1 FROM information_schema.tables WHERE table_name = 'resolution_judgements' "
            "AND table_catalog IN (current_database(), 'temp')"
        ).num_rows
    )


def pair_key(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


def _check_entity(store: Store, entity_id: str) -> None:
    found = store.engine.query(
        "SELECT 1 FROM statements WHERE entity_id = ? LIMIT 1", [entity_id]
    ).num_rows
    if not found:
        raise NotFound(f"no entity {entity_id!r} in the store: judge ids shown by `resolve`")


def parse_verdict(value: str) -> Verdict:
    if value not in VERDICTS:
        raise InvalidInput(
            f"judgement must be one of {', '.join(VERDICTS)}, got {value!r}", field="judgement"
        )
    return value


def record_judgement(
    store: Store, a: str, b: str, verdict: str, reason: str, author: str = "analyst"
) -> Judgement:
    """Validate and append a judgement; it takes effect at the next resolution run."""
    judgement = parse_verdict(verdict)
    if a == b:
        raise InvalidInput(f"a judgement needs two different records, got {a!r} twice")
    if not reason.strip():
        raise InvalidInput("a judgement needs a reason (it is part of the audit trail)",
                           field="reason")  # fmt: skip
    for entity_id in (a, b):
        _check_entity(store, entity_id)
    left, right = pair_key(a, b)
    made = Judgement(left, right, judgement, reason.strip(), author,
                     datetime.now(UTC).isoformat(timespec="microseconds"))  # fmt: skip
    with store.engine.transaction():
        ensure_table(store)
        store.engine.execute(
            """INSERT INTO resolution_judgements
            SELECT coalesce(max(seq), 0) + 1, ?, ?, ?, ?, ?, ? FROM resolution_judgements""",
            [made.left, made.right, made.judgement, made.reason, made.author, made.created_at],
        )
    return made


def load_judgements(store: Store) -> dict[tuple[str, str], Judgement]:
    """The judgement in force for every judged pair (the latest one)."""
    if not _has_table(store):
        return {}
    rows = store.engine.query(
        """SELECT left_id, right_id, judgement, reason, author, created_at
        FROM resolution_judgements QUALIFY row_number() OVER (
            PARTITION BY left_id, right_id ORDER BY seq DESC) = 1
        ORDER BY left_id, right_id"""
    ).to_pylist()
    return {
        (r["left_id"], r["right_id"]): Judgement(
            r["left_id"],
            r["right_id"],
            parse_verdict(r["judgement"]),
            r["reason"],
            r["author"],
            r["created_at"],
        )
        for r in rows
    }


def judgement_history(store: Store, a: str, b: str) -> list[Judgement]:
    """Every judgement ever made on a pair, oldest first."""
    if not _has_table(store):
        return []
    left, right = pair_key(a, b)
    rows = store.engine.query(
        """SELECT judgement, reason, author, created_at FROM resolution_judgements
        WHERE left_id = ? AND right_id = ? ORDER BY seq""",
        [left, right],
    ).to_pylist()
    return [
        Judgement(
            left, right, parse_verdict(r["judgement"]), r["reason"], r["author"], r["created_at"]
        )
        for r in rows
    ]
