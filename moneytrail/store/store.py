"""The statement store: every fact of every loaded list, with its provenance.

Statements live in snapshot files (store/snapshots.py): a load writes a new one and
names it current atomically, and a Store reads the snapshot that was current when it
opened (or last ``refresh``ed), through views named like the tables. The store's own
file (``--store``) is the case store beside it: resolution and flows tables and,
without PostgreSQL, alerts, cases, users, sessions, the audit log, the portfolio and
pending re-screens (docs/store.md). A store made before snapshots is moved
into its first snapshot when first opened for writing.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from moneytrail.engines import DuckDBEngine
from moneytrail.engines.duckdb_files import shared
from moneytrail.errors import InvalidInput, NotFound
from moneytrail.model import Statement
from moneytrail.model.statement import STATEMENT_COLUMNS
from moneytrail.sources.base import ParsedList
from moneytrail.store.loading import ENTRY_FILTER, LoadResult, counts_of, load_into
from moneytrail.store.schema import CASE_DDL, DDL, SCHEMA_VERSION, SNAPSHOT_TABLES
from moneytrail.store.snapshots import Snapshot, SnapshotDir, lists_dir

__all__ = ["ENTRY_FILTER", "ListInfo", "LoadResult", "Store"]

Prepare = Callable[[Snapshot], None]


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


class Store:
    """A case-store file and the current statement snapshot beside it; open one per
    process and pass it in."""

    def __init__(self, path: Path | str | None, *, read_only: bool = False) -> None:
        self.path = None if path is None else Path(path)
        self.read_only = read_only
        self.engine = DuckDBEngine(self.path, read_only=read_only)
        self.snapshots = None if self.path is None else SnapshotDir(lists_dir(self.path))
        self.snapshot: Snapshot | None = None
        self._pinned: str | None = None
        self._stamp: object = None
        self._empty_tables = False
        # Called with each snapshot this store publishes, before it is named current
        # (services hand in the screening index cache's writer).
        self.prepare: Prepare | None = None
        try:
            self._check_version()
            if not read_only:
                self._migrate()
            self._open_snapshot()
        except BaseException:
            self.close()
            raise

    def _check_version(self) -> None:
        """Refuse a store written by a newer moneytrail: its tables may mean other things,
        and migrating "down" would corrupt them. An older one is migrated on open."""
        found = self.engine.rows(
            "SELECT 1 FROM information_schema.tables WHERE table_name = 'meta' "
            "AND table_catalog = current_database()"
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
        if self.snapshots is None:  # in memory: statements live in the one database
            with self.engine.transaction():
                for ddl in (*CASE_DDL, *DDL):
                    self.engine.execute(ddl)
                self._stamp_version()
            return
        with self.engine.transaction():
            for ddl in CASE_DDL:
                self.engine.execute(ddl)
        if self._legacy_tables() and self.snapshots.current() is None:
            self._move_into_first_snapshot()
        with self.engine.transaction():
            self._stamp_version()

    def _stamp_version(self) -> None:
        self.engine.execute(
            "INSERT INTO meta VALUES ('schema_version', ?) ON CONFLICT DO UPDATE "
            "SET value = excluded.value",
            [SCHEMA_VERSION],
        )

    def _legacy_tables(self) -> bool:
        """Whether this file still holds statements (a store made before snapshots)."""
        return bool(
            self.engine.rows(
                "SELECT 1 FROM information_schema.tables WHERE table_name = 'statements' "
                "AND table_catalog = current_database()"
            )
        )

    def _move_into_first_snapshot(self) -> None:
        assert self.snapshots is not None and self.path is not None
        with self.snapshots.writing():
            if self.snapshots.current() is not None:
                return  # another process moved it meanwhile
            draft = self.snapshots.draft()
            with self.engine.holding():
                self.engine.execute(f"ATTACH '{_quoted(draft)}' AS moving")
                try:
                    for ddl in DDL:
                        self.engine.execute(_in_catalog(ddl, "moving"))
                    for table in SNAPSHOT_TABLES:
                        self.engine.execute(
                            f"INSERT INTO moving.{table} BY NAME SELECT * FROM {table}"
                        )
                finally:
                    self.engine.execute("DETACH moving")
            self.snapshots.publish(draft, self.prepare)
            with self.engine.transaction():
                for table in SNAPSHOT_TABLES:
                    self.engine.execute(f"DROP TABLE IF EXISTS {table}")

    def _open_snapshot(self) -> None:
        """Views over the current snapshot's tables (or empty ones before any load)."""
        if self.snapshots is None:
            return
        self._stamp = self.snapshots.stamp()
        current = self.snapshots.current()
        if current is None and self._legacy_tables():
            return  # a read-only store made before snapshots: its own tables
        if current is None:
            self._empty_tables = True
            for ddl in DDL:
                if ddl.startswith("CREATE TABLE") and "meta" not in ddl.split("(")[0]:
                    self.engine.execute(ddl.replace("CREATE TABLE", "CREATE TEMP TABLE", 1))
            self.engine.execute(
                "ALTER TABLE temp.list_versions ADD COLUMN IF NOT EXISTS version_basis VARCHAR"
            )
            return
        self._view(current)

    def _view(self, snap: Snapshot) -> None:
        alias = shared().pin(str(snap.path.resolve()), 30.0, _pin_failed)
        for table in SNAPSHOT_TABLES:
            if self._empty_tables:
                self.engine.execute(f"DROP TABLE IF EXISTS temp.{table}")
            self.engine.execute(
                f"CREATE OR REPLACE TEMP VIEW {table} AS SELECT * FROM {alias}.main.{table}"
            )
        self._empty_tables = False
        old, self._pinned, self.snapshot = self._pinned, str(snap.path.resolve()), snap
        if old is not None and old != self._pinned:
            shared().unpin(old)

    def refresh(self) -> bool:
        """Move to the current snapshot if another load published one; whether it moved."""
        if self.snapshots is None or self.snapshots.stamp() == self._stamp:
            return False
        self._stamp = self.snapshots.stamp()
        current = self.snapshots.current()
        if current is None or current == self.snapshot:
            return False
        self._view(current)
        return True

    def close(self) -> None:
        if self._pinned is not None:
            shared().unpin(self._pinned)
            self._pinned = None
        self.engine.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- loading -----------------------------------------------------------------

    def load(self, parsed: ParsedList) -> LoadResult:
        """Replace ``parsed.dataset`` with this version, atomically."""
        return self.load_many([parsed])[0]

    def load_many(self, parsed: Sequence[ParsedList]) -> list[LoadResult]:
        """Every list of ``parsed`` in one new snapshot, named current once all are in."""
        if self.snapshots is None:
            return [load_into(self.engine, p) for p in parsed]
        with self.snapshots.writing():
            draft = self.snapshots.draft()
            try:
                eng = DuckDBEngine(draft, private=True)
                try:
                    for ddl in DDL:
                        eng.execute(ddl)
                    results = [load_into(eng, p) for p in parsed]
                    eng.execute("CHECKPOINT")
                finally:
                    eng.close()
                snap = self.snapshots.publish(draft, self.prepare)
            except BaseException:
                draft.unlink(missing_ok=True)
                raise
        self._stamp = self.snapshots.stamp()
        self._view(snap)
        return results

    def _counts(self, dataset: str) -> tuple[int, int, int]:
        return counts_of(self.engine, dataset)

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


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")


def _in_catalog(ddl: str, catalog: str) -> str:
    """A DDL statement of schema.py aimed at another attached database."""
    for verb in ("CREATE TABLE IF NOT EXISTS ", "ALTER TABLE ", "CREATE INDEX IF NOT EXISTS "):
        if ddl.startswith(verb):
            if verb.startswith("CREATE INDEX"):
                name, rest = ddl[len(verb) :].split(" ON ", 1)
                return f"{verb}{name} ON {catalog}.{rest}"
            return f"{verb}{catalog}.{ddl[len(verb) :]}"
    return ddl


def _pin_failed(path: str, message: str, wait: float) -> BaseException:
    return InvalidInput(f"cannot read the list snapshot: {message}", file=path)
