"""The case store's tables, written once for DuckDB and PostgreSQL.

Both dialects read ``VARCHAR`` (unbounded in PostgreSQL, the same as ``TEXT``); they
differ only in the name of a float and a byte string, and in what each needs beside
the tables: PostgreSQL keeps the audit log's stored order in an identity column
(DuckDB's rowid gives it) and seeds the head row every writer locks, and each has the
indexes its planner uses. Migrations are idempotent and run on every open, after the
tables, so a store made by an older release gains the new columns and tables.
"""

from __future__ import annotations

from dataclasses import dataclass

from moneytrail.alerts.case_queries import CASE_DDL
from moneytrail.alerts.portfolio_queries import PORTFOLIO_DDL
from moneytrail.alerts.queries import REVIEW_MIGRATIONS
from moneytrail.alerts.session_queries import SESSION_DDL

GENESIS = "0" * 64  # the previous hash of the audit log's first line


@dataclass(frozen=True)
class Dialect:
    """What one database calls a float and a byte string, and what it adds to the tables."""

    double: str
    blob: str
    audit_order_column: str  # a column of audit_log that keeps the stored order, or ""
    extras: tuple[str, ...]  # statements run after the tables: seeds and indexes


DUCKDB = Dialect(
    double="DOUBLE",
    blob="BLOB",
    audit_order_column="",
    extras=(
        """CREATE INDEX IF NOT EXISTS alerts_query ON alerts (query_id)""",
        """CREATE INDEX IF NOT EXISTS decisions_alert ON decisions (alert_id)""",
    ),
)

POSTGRES = Dialect(
    double="DOUBLE PRECISION",
    blob="BYTEA",
    # row_no, last so that hand-written INSERTs of the eight columns still work, keeps
    # the stored order that DuckDB's rowid gives.
    audit_order_column=", row_no BIGINT GENERATED ALWAYS AS IDENTITY",
    extras=(
        # seq 0 means "nothing written yet": the row must exist before the first
        # append, because it is the row every writer locks.
        f"INSERT INTO audit_head VALUES (1, 0, '{GENESIS}') ON CONFLICT (id) DO NOTHING",
        """CREATE INDEX IF NOT EXISTS alerts_query ON alerts (query_id)""",
        """CREATE INDEX IF NOT EXISTS alerts_status ON alerts (status)""",
        """CREATE INDEX IF NOT EXISTS decisions_alert ON decisions (alert_id)""",
        """CREATE INDEX IF NOT EXISTS audit_log_seq ON audit_log (seq, row_no)""",
    ),
)


def ddl(dialect: Dialect) -> tuple[str, ...]:
    """Every statement that creates or migrates the case store, in order."""
    return (
        f"""CREATE TABLE IF NOT EXISTS alerts (
        id VARCHAR PRIMARY KEY, query_id VARCHAR NOT NULL, entity_id VARCHAR NOT NULL,
        entry_digest VARCHAR NOT NULL, caption VARCHAR, schema VARCHAR, datasets VARCHAR,
        score {dialect.double}, algorithm VARCHAR, query VARCHAR, explanation VARCHAR,
        list_versions VARCHAR, status VARCHAR NOT NULL, created_at VARCHAR NOT NULL,
        updated_at VARCHAR NOT NULL)""",
        """CREATE TABLE IF NOT EXISTS decisions (
        id VARCHAR PRIMARY KEY, alert_id VARCHAR NOT NULL, kind VARCHAR NOT NULL,
        reason VARCHAR NOT NULL, actor VARCHAR NOT NULL, decided_at VARCHAR NOT NULL)""",
        f"""CREATE TABLE IF NOT EXISTS users (
        id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL UNIQUE, role VARCHAR NOT NULL,
        key_id VARCHAR NOT NULL UNIQUE, salt {dialect.blob} NOT NULL,
        key_hash {dialect.blob} NOT NULL, created_at VARCHAR NOT NULL)""",
        # No key on seq: a tampered log must still load so that verify can say what is wrong.
        f"""CREATE TABLE IF NOT EXISTS audit_log (
        seq BIGINT NOT NULL, logged_at VARCHAR NOT NULL, actor VARCHAR NOT NULL,
        action VARCHAR NOT NULL, subject VARCHAR NOT NULL, payload VARCHAR NOT NULL,
        prev_hash VARCHAR NOT NULL, hash VARCHAR NOT NULL{dialect.audit_order_column})""",
        """CREATE TABLE IF NOT EXISTS audit_head (
        id INTEGER PRIMARY KEY, seq BIGINT NOT NULL, hash VARCHAR NOT NULL)""",
        """CREATE TABLE IF NOT EXISTS merged_ids (
        merged_id VARCHAR PRIMARY KEY, canonical_id VARCHAR NOT NULL)""",
        *dialect.extras,
        # Migrations:
        # 1. key expiry and disabling (users rotate-key / disable).
        """ALTER TABLE users ADD COLUMN IF NOT EXISTS expires_at VARCHAR""",
        """ALTER TABLE users ADD COLUMN IF NOT EXISTS disabled_at VARCHAR""",
        # 2. four-eyes review, optimistic concurrency and cases.
        *REVIEW_MIGRATIONS,
        *CASE_DDL,
        *SESSION_DDL,
        *PORTFOLIO_DDL,
    )
