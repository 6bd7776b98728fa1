"""The statement store as numbered snapshot files, one of them current.

A list load never writes the file others read. It copies the current snapshot to a
new file, loads into the copy, prepares what readers derive from it (the screening
index), and only then names it current by replacing a small pointer file, which
POSIX renames do atomically (as yente swaps an index alias). So readers never see half
a load, a crash or kill -9 at any moment leaves the previous snapshot current (the
next load clears the debris), and a running server moves to the new snapshot by
reading the pointer again. Loads are serialised by an exclusive lock on a file in the
folder: two `lists load` at once complete in turn.

Layout, beside the case store ``NAME``: ``NAME.lists/`` holding ``current`` (JSON:
the snapshot number), ``000007.duckdb`` (statements, list versions, files, digests,
with the history of every earlier version, which `lists diff` reads) and
``000007.index`` (screening/index_cache.py). Pruning keeps the current snapshot and
the ``MONEYTRAIL_KEEP_SNAPSHOTS`` (default 2) before it; a reader still using an older
one keeps its open file until it moves on.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from moneytrail.errors import Busy, ConfigError

DEFAULT_KEEP = 2
LOAD_WAIT_VAR = "MONEYTRAIL_LOAD_WAIT"
DEFAULT_LOAD_WAIT = 900.0  # seconds a load waits for another load to finish


def lists_dir(case_store: Path) -> Path:
    """Where the snapshots of the store ``case_store`` live."""
    return case_store.with_name(case_store.name + ".lists")


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync(path: Path) -> None:
    with path.open("rb") as fh:
        os.fsync(fh.fileno())


def _env_number(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    try:
        return max(0.0, float(raw)) if raw else default
    except ValueError:
        raise ConfigError(f"{name} must be a number, not {raw!r}") from None


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One published snapshot: its number and file."""

    number: int
    path: Path

    @property
    def index_path(self) -> Path:
        return self.path.with_suffix(".index")


class SnapshotDir:
    """The snapshots folder of one store."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.pointer = folder / "current"

    def _file(self, number: int) -> Path:
        return self.folder / f"{number:06d}.duckdb"

    def current(self) -> Snapshot | None:
        """The current snapshot, or None before the first load."""
        try:
            number = int(json.loads(self.pointer.read_text("utf-8"))["snapshot"])
        except FileNotFoundError:
            return None
        except (ValueError, KeyError, TypeError) as exc:
            raise ConfigError(
                f"{self.pointer} is damaged ({exc}): restore it or load again"
            ) from None
        path = self._file(number)
        if not path.exists():
            raise ConfigError(f"{self.pointer} names {path.name}, which is missing")
        return Snapshot(number, path)

    def stamp(self) -> tuple[int, int] | None:
        """A cheap token that changes whenever a new snapshot is published."""
        try:
            st = self.pointer.stat()
        except FileNotFoundError:
            return None
        return st.st_mtime_ns, st.st_ino

    @contextmanager
    def writing(self) -> Iterator[None]:
        """The exclusive right to write a new snapshot (waits for another load)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        wait = _env_number(LOAD_WAIT_VAR, DEFAULT_LOAD_WAIT)
        deadline = time.monotonic() + wait
        with (self.folder / "lock").open("a+") as fh:
            while True:
                try:
                    fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise Busy(
                            f"another list load into {self.folder} has not finished after "
                            f"{wait:g} s; run this load again when it is done "
                            f"({LOAD_WAIT_VAR} sets the wait)"
                        ) from None
                    time.sleep(0.1)
            try:
                self._clear_debris()
                yield
            finally:
                fcntl.flock(fh.fileno(), fcntl.LOCK_UN)

    def _clear_debris(self) -> None:
        """Files of a load that died before publishing (only called under the lock):
        drafts, and a snapshot renamed but never named current."""
        for stale in [*self.folder.glob("*.tmp"), *self.folder.glob("*.tmp.wal")]:
            stale.unlink(missing_ok=True)
        current = self.current()
        for path in self.folder.glob("[0-9]*.duckdb"):
            if path.stem.isdigit() and int(path.stem) > (current.number if current else 0):
                path.unlink(missing_ok=True)
                path.with_suffix(".index").unlink(missing_ok=True)

    def draft(self) -> Path:
        """A new file to load into: a copy of the current snapshot, or a new file."""
        current = self.current()
        numbers = [int(p.stem) for p in self.folder.glob("[0-9]*.duckdb") if p.stem.isdigit()]
        number = max([*numbers, current.number if current else 0]) + 1
        target = self.folder / f"{number:06d}.duckdb.tmp"
        if current is not None:
            shutil.copyfile(current.path, target)
        return target

    def publish(self, draft: Path, prepare: Callable[[Snapshot], None] | None = None) -> Snapshot:
        """Name ``draft`` current; ``prepare`` runs on it first (the index cache)."""
        final = draft.with_suffix("")  # 000007.duckdb.tmp -> 000007.duckdb
        _fsync(draft)
        os.replace(draft, final)
        snap = Snapshot(int(final.stem), final)
        if prepare is not None:
            prepare(snap)
        tmp = self.folder / "current.tmp"
        tmp.write_text(json.dumps({"snapshot": snap.number}), "utf-8")
        _fsync(tmp)
        os.replace(tmp, self.pointer)
        _fsync_dir(self.folder)
        self.prune()
        return snap

    def prune(self) -> None:
        """Keep the current snapshot and MONEYTRAIL_KEEP_SNAPSHOTS before it."""
        keep = int(_env_number("MONEYTRAIL_KEEP_SNAPSHOTS", DEFAULT_KEEP))
        current = self.current()
        if current is None:
            return
        for path in self.folder.glob("[0-9]*.duckdb"):
            if path.stem.isdigit() and int(path.stem) < current.number - keep:
                path.unlink(missing_ok=True)
                path.with_suffix(".index").unlink(missing_ok=True)


def copy_store(source: Path, target: Path) -> None:
    """Copy a store (its file and current snapshot) to ``target``, e.g. for a backup.

    The source should not be written meanwhile: copy it while no load or server runs.
    """
    shutil.copyfile(source, target)
    current = SnapshotDir(lists_dir(source)).current()
    if current is None:
        return
    folder = lists_dir(target)
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(current.path, folder / current.path.name)
    if current.index_path.exists():
        shutil.copyfile(current.index_path, folder / current.index_path.name)
    shutil.copyfile(lists_dir(source) / "current", folder / "current")


def move_store(source: Path, target: Path) -> None:
    """Rename a store (its file and its snapshots folder); neither may be in use."""
    if lists_dir(source).exists():
        os.replace(lists_dir(source), lists_dir(target))
    os.replace(source, target)
