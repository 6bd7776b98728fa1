"""The store's tables. Bump SCHEMA_VERSION with any change to them."""

from __future__ import annotations

# 2: statements moved out of the store file into snapshots (store/snapshots.py).
SCHEMA_VERSION = "2"

# Schemata that are list entries (as opposed to side entities such as Sanction or links).
ENTRY_SCHEMATA: tuple[str, ...] = (
    "Person",
    "Organization",
    "Company",
    "LegalEntity",
    "PublicBody",
    "Vessel",
    "Airplane",
)
ALIAS_PROPS: tuple[str, ...] = ("alias", "weakAlias", "previousName")

# The tables of a statement snapshot, read through views of the same name.
SNAPSHOT_TABLES: tuple[str, ...] = ("statements", "list_versions", "list_files", "entry_digests")

# The case-store file's own table (each feature creates its tables on first use).
CASE_DDL: tuple[str, ...] = (
    """CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)""",
)

# A snapshot's tables.
DDL: tuple[str, ...] = (
    """CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS statements (
        id VARCHAR NOT NULL,
        entity_id VARCHAR NOT NULL,
        schema VARCHAR NOT NULL,
        prop VARCHAR NOT NULL,
        prop_type VARCHAR NOT NULL,
        value VARCHAR NOT NULL,
        original_value VARCHAR,
        lang VARCHAR,
        dataset VARCHAR NOT NULL,
        list_version VARCHAR NOT NULL,
        source_record VARCHAR NOT NULL,
        first_seen VARCHAR NOT NULL,
        last_seen VARCHAR NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS list_versions (
        dataset VARCHAR NOT NULL,
        version VARCHAR NOT NULL,
        title VARCHAR,
        publisher VARCHAR,
        source_format VARCHAR,
        loaded_at TIMESTAMP NOT NULL,
        is_current BOOLEAN NOT NULL,
        entries INTEGER,
        aliases INTEGER,
        addresses INTEGER,
        notes VARCHAR
    )""",
    """CREATE TABLE IF NOT EXISTS list_files (
        dataset VARCHAR NOT NULL,
        version VARCHAR NOT NULL,
        path VARCHAR NOT NULL,
        role VARCHAR NOT NULL,
        file_version VARCHAR NOT NULL,
        sha256 VARCHAR NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS entry_digests (
        dataset VARCHAR NOT NULL,
        version VARCHAR NOT NULL,
        entity_id VARCHAR NOT NULL,
        schema VARCHAR NOT NULL,
        caption VARCHAR,
        digest VARCHAR NOT NULL
    )""",
    # Why a version is what it is (file / given / undated): added after schema 1, so a
    # store made before it gains the column on open; NULL there means "file".
    """ALTER TABLE list_versions ADD COLUMN IF NOT EXISTS version_basis VARCHAR""",
    """CREATE INDEX IF NOT EXISTS statements_entity ON statements (entity_id)""",
    """CREATE INDEX IF NOT EXISTS statements_dataset ON statements (dataset)""",
)
