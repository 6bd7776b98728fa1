"""The statement store: every fact of every loaded list, with its provenance.

A list is loaded whole, in one transaction: the new version's statements replace the
old version's, each keeping the ``first_seen`` date of the same fact in earlier
versions. Parsing and validation happen before the transaction starts, so a bad file
never reaches the store, and a crash mid-load is rolled back by DuckDB's journal.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa

from moneytrail.engines import DuckDBEngine
from moneytrail.errors import InvalidInput, NotFound
from moneytrail.model import Statement
from moneytrail.model.statement import STATEMENT_COLUMNS
from moneytrail.sources.base import ParsedList
from moneytrail.store.digest import entry_digests
from moneytrail.store.schema import ALIAS_PROPS, DDL, ENTRY_SCHEMATA, SCHEMA_VERSION


@dataclass(frozen=True, slots=True)
class ListInfo:
    """What ``moneytrail lists`` shows for one loaded list."""

    dataset: str
    title: str
    version: str
    source_format: str
    loaded_at: str
    entries: int
    aliases: int
    addresses: int
    files: tuple[tuple[str, str, str], ...]  # (file name, role, file version)
    notes: tuple[str, ...]
    # "file": the date written in the file (or its manifest); "given": --version;
    # "undated": the file carries no date, so the version is the load date.
    version_basis: str = "file"


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


class Store:
    """A DuckDB file of statements; open one per process and pass it in."""

    def __init__(self, path: Path | str | None, *, read_only: bool = False) -> None:
        self.path = None if path is None else Path(path)
        self.engine = DuckDBEngine(self.path, read_only=read_only)
        try:
            self._check_version()
            if not read_only:
                self._migrate()
        except BaseException:
            self.engine.close()
            raise

    def _check_version(self) -> None:
        """Refuse a store written by a newer moneytrail: its tables may mean other things,
        and migrating "down" would corrupt them. An older one is migrated on open."""
        found = self.engine.rows(
            "SELECT 1 FROM information_schema.tables WHERE table_name = 'meta'"
        )
        if not found:
            return  # a new store
        rows = self.engine.rows("SELECT value FROM meta WHERE key = 'schema_version'")
        if not rows:
            return
        stored = str(rows[0][0])
        if not stored.isdigit() or int(stored) > int(SCHEMA_VERSION):
            raise InvalidInput(
                f"the store has schema version {stored}, newer than this moneytrail "
                f"understands ({SCHEMA_VERSION}): upgrade moneytrail, or give another store",
                file=str(self.path),
            )

    def _migrate(self) -> None:
        with self.engine.transaction():
            for ddl in DDL:
                self.engine.execute(ddl)
            self.engine.execute(
                "INSERT INTO meta VALUES ('schema_version', ?) ON CONFLICT DO NOTHING",
                [SCHEMA_VERSION],
            )

    def close(self) -> None:
        self.engine.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- loading -----------------------------------------------------------------

    def load(self, parsed: ParsedList) -> LoadResult:
        """Replace ``parsed.dataset`` with this version, atomically."""
        digests = entry_digests(parsed.statements)
        table = pa.Table.from_pylist(
            [st.as_row() for st in parsed.statements],
            schema=pa.schema([(c, pa.string()) for c in STATEMENT_COLUMNS]),
        )
        digest_table = pa.Table.from_pylist(
            [
                {
                    "entity_id": d.entity_id,
                    "schema": d.schema,
                    "caption": d.caption,
                    "digest": d.digest,
                }
                for d in digests.values()
            ],
            schema=pa.schema(
                [(c, pa.string()) for c in ("entity_id", "schema", "caption", "digest")]
            ),
        )
        ds, version = parsed.dataset, parsed.version
        eng = self.engine
        eng.register("incoming", table)
        eng.register("incoming_digests", digest_table)
        try:
            with eng.transaction():
                added, removed, changed = self._delta_counts(ds)
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
                self._record_version(parsed, digests_count=len(digests))
        finally:
            eng.unregister("incoming")
            eng.unregister("incoming_digests")
        counts = self._counts(ds)
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

    def _delta_counts(self, dataset: str) -> tuple[int, int, int]:
        """Entries added, removed and changed against the current version (all 0 if none)."""
        prev = self.engine.rows(
            "SELECT version FROM list_versions WHERE dataset = ? AND is_current", [dataset]
        )
        if not prev:
            n = self.engine.rows("SELECT count(*) FROM incoming_digests")[0][0]
            return int(n), 0, 0
        row = self.engine.rows(
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

    def _record_version(self, parsed: ParsedList, digests_count: int) -> None:
        eng, ds, version = self.engine, parsed.dataset, parsed.version
        eng.execute("UPDATE list_versions SET is_current = false WHERE dataset = ?", [ds])
        eng.execute("DELETE FROM list_versions WHERE dataset = ? AND version = ?", [ds, version])
        eng.execute("DELETE FROM list_files WHERE dataset = ? AND version = ?", [ds, version])
        eng.execute("DELETE FROM entry_digests WHERE dataset = ? AND version = ?", [ds, version])
        eng.execute(
            """INSERT INTO entry_digests SELECT ?, ?, entity_id, schema, caption, digest
            FROM incoming_digests""",
            [ds, version],
        )
        entries, aliases, addresses = self._counts(ds)
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

    def _counts(self, dataset: str) -> tuple[int, int, int]:
        row = self.engine.rows(
            f"""SELECT
                count(DISTINCT entity_id) FILTER (WHERE {ENTRY_FILTER}),
                count(*) FILTER (WHERE {ENTRY_FILTER} AND prop IN ({_in(ALIAS_PROPS)})),
                count(*) FILTER (WHERE {ENTRY_FILTER} AND prop = 'address')
            FROM statements WHERE dataset = ?""",
            [dataset],
        )[0]
        return int(row[0]), int(row[1]), int(row[2])

    # -- reading -----------------------------------------------------------------

    def lists(self) -> list[ListInfo]:
        """The current version of every loaded list."""
        rows = self.engine.rows(
            """SELECT dataset, title, version, source_format, CAST(loaded_at AS VARCHAR),
                entries, aliases, addresses, notes, coalesce(version_basis, 'file')
            FROM list_versions WHERE is_current ORDER BY dataset"""
        )
        out = []
        for ds, title, version, fmt, loaded, entries, aliases, addresses, notes, basis in rows:
            files = self.engine.rows(
                """SELECT path, role, file_version FROM list_files
                WHERE dataset = ? AND version = ? ORDER BY path""",
                [ds, version],
            )
            out.append(
                ListInfo(
                    dataset=ds,
                    title=title,
                    version=version,
                    source_format=fmt,
                    loaded_at=loaded,
                    entries=entries,
                    aliases=aliases,
                    addresses=addresses,
                    files=tuple((str(p), str(r), str(v)) for p, r, v in files),
                    notes=tuple(json.loads(notes or "[]")),
                    version_basis=str(basis),
                )
            )
        return out

    def is_empty(self) -> bool:
        return not self.engine.rows("SELECT 1 FROM list_versions LIMIT 1")

    def entity_statements(self, entity_id: str) -> list[Statement]:
        """Every fact about ``entity_id``; NotFound if the store has none."""
        found = self._statements("entity_id = ?", [entity_id])
        if not found:
            raise NotFound(f"no entity {entity_id!r} in the store")
        return found

    def referencing(self, entity_id: str) -> list[Statement]:
        """Facts of other entities that point at ``entity_id`` (links, sanctions, owners)."""
        return self._statements("prop_type = 'entity' AND value = ?", [entity_id])

    def _statements(self, where: str, params: list[str]) -> list[Statement]:
        cols = ", ".join(c for c in STATEMENT_COLUMNS if c != "id")
        rows = self.engine.rows(
            f"SELECT {cols} FROM statements WHERE {where} ORDER BY entity_id, prop, value",
            params,
        )
        names = [c for c in STATEMENT_COLUMNS if c != "id"]
        return [Statement(**dict(zip(names, row, strict=True))) for row in rows]

    def statements_table(self, dataset: str | None = None) -> pa.Table:
        """All statements (of one dataset) as Arrow, for the analyses."""
        if dataset is None:
            return self.engine.query("SELECT * FROM statements")
        return self.engine.query("SELECT * FROM statements WHERE dataset = ?", [dataset])
