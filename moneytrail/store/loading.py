"""Writing one list version into a snapshot being drafted (store/snapshots.py).

The new version's statements replace the old version's, each keeping the
``first_seen`` date of the same fact in earlier versions. Parsing and validation happen
before, so a bad file never reaches a snapshot; the draft is only named current once
every list of the load is in it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa

from moneytrail.engines import DuckDBEngine
from moneytrail.model.statement import STATEMENT_COLUMNS
from moneytrail.sources.base import ParsedList
from moneytrail.store.digest import entry_digests
from moneytrail.store.schema import ALIAS_PROPS, ENTRY_SCHEMATA


@dataclass(frozen=True, slots=True)
class LoadResult:
    dataset: str
    version: str
    entries: int
    aliases: int
    addresses: int
    statements: int
    added: int
    removed: int
    changed: int


def _in(values: Iterable[str]) -> str:
    return ", ".join(f"'{v}'" for v in values)


ENTRY_FILTER = f"schema IN ({_in(ENTRY_SCHEMATA)})"


def load_into(eng: DuckDBEngine, parsed: ParsedList) -> LoadResult:
    """Replace ``parsed.dataset`` in the snapshot ``eng`` writes, in one transaction."""
    digests = entry_digests(parsed.statements)
    table = pa.Table.from_pylist(
        [st.as_row() for st in parsed.statements],
        schema=pa.schema([(c, pa.string()) for c in STATEMENT_COLUMNS]),
    )
    digest_table = pa.Table.from_pylist(
        [
            {"entity_id": d.entity_id, "schema": d.schema, "caption": d.caption, "digest": d.digest}
            for d in digests.values()
        ],
        schema=pa.schema([(c, pa.string()) for c in ("entity_id", "schema", "caption", "digest")]),
    )
    ds, version = parsed.dataset, parsed.version
    eng.register("incoming", table)
    eng.register("incoming_digests", digest_table)
    try:
        with eng.transaction():
            added, removed, changed = _delta_counts(eng, ds)
            eng.execute(
                """CREATE OR REPLACE TEMP TABLE carried AS
                SELECT id, min(first_seen) AS first_seen FROM statements
                WHERE dataset = ? GROUP BY id""",
                [ds],
            )
            eng.execute("DELETE FROM statements WHERE dataset = ?", [ds])
            eng.execute(
                """INSERT INTO statements
                SELECT i.id, i.entity_id, i.schema, i.prop, i.prop_type, i.value,
                    i.original_value, i.lang, i.dataset, i.list_version, i.source_record,
                    CASE WHEN c.first_seen IS NOT NULL AND c.first_seen < i.first_seen
                        THEN c.first_seen ELSE i.first_seen END,
                    i.last_seen
                FROM incoming i LEFT JOIN carried c ON c.id = i.id"""
            )
            eng.execute("DROP TABLE carried")
            _record_version(eng, parsed)
    finally:
        eng.unregister("incoming")
        eng.unregister("incoming_digests")
    counts = counts_of(eng, ds)
    return LoadResult(
        dataset=ds,
        version=version,
        entries=counts[0],
        aliases=counts[1],
        addresses=counts[2],
        statements=len(parsed.statements),
        added=added,
        removed=removed,
        changed=changed,
    )


def _delta_counts(eng: DuckDBEngine, dataset: str) -> tuple[int, int, int]:
    """Entries added, removed and changed against the current version (all 0 if none)."""
    prev = eng.rows("SELECT version FROM list_versions WHERE dataset = ? AND is_current", [dataset])
    if not prev:
        n = eng.rows("SELECT count(*) FROM incoming_digests")[0][0]
        return int(n), 0, 0
    row = eng.rows(
        """WITH old AS (SELECT entity_id, digest FROM entry_digests
               WHERE dataset = ? AND version = ?)
        SELECT
          count(*) FILTER (WHERE old.entity_id IS NULL),
          count(*) FILTER (WHERE n.entity_id IS NULL),
          count(*) FILTER (WHERE old.digest <> n.digest)
        FROM old FULL OUTER JOIN incoming_digests n ON n.entity_id = old.entity_id""",
        [dataset, prev[0][0]],
    )[0]
    return int(row[0]), int(row[1]), int(row[2])


def _record_version(eng: DuckDBEngine, parsed: ParsedList) -> None:
    ds, version = parsed.dataset, parsed.version
    eng.execute("UPDATE list_versions SET is_current = false WHERE dataset = ?", [ds])
    eng.execute("DELETE FROM list_versions WHERE dataset = ? AND version = ?", [ds, version])
    eng.execute("DELETE FROM list_files WHERE dataset = ? AND version = ?", [ds, version])
    eng.execute("DELETE FROM entry_digests WHERE dataset = ? AND version = ?", [ds, version])
    eng.execute(
        """INSERT INTO entry_digests SELECT ?, ?, entity_id, schema, caption, digest
        FROM incoming_digests""",
        [ds, version],
    )
    entries, aliases, addresses = counts_of(eng, ds)
    eng.execute(
        """INSERT INTO list_versions (dataset, version, title, publisher, source_format,
            loaded_at, is_current, entries, aliases, addresses, notes, version_basis)
        VALUES (?, ?, ?, ?, ?, ?, true, ?, ?, ?, ?, ?)""",
        [
            ds,
            version,
            parsed.title,
            parsed.publisher,
            parsed.source_format,
            datetime.now(UTC).replace(tzinfo=None),
            entries,
            aliases,
            addresses,
            json.dumps(parsed.notes),
            parsed.version_basis,
        ],
    )
    for f in parsed.files:
        eng.execute(
            "INSERT INTO list_files VALUES (?, ?, ?, ?, ?, ?)",
            [ds, version, Path(f.path).name, f.role, f.version, f.sha256],
        )


def counts_of(eng: DuckDBEngine, dataset: str) -> tuple[int, int, int]:
    """Entries, aliases and addresses of ``dataset``."""
    row = eng.rows(
        f"""SELECT
            count(DISTINCT entity_id) FILTER (WHERE {ENTRY_FILTER}),
            count(*) FILTER (WHERE {ENTRY_FILTER} AND prop IN ({_in(ALIAS_PROPS)})),
            count(*) FILTER (WHERE {ENTRY_FILTER} AND prop = 'address')
        FROM statements WHERE dataset = ?""",
        [dataset],
    )[0]
    return int(row[0]), int(row[1]), int(row[2])
