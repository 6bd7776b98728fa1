"""One DuckDB instance per process, and the files it holds only while they are used.

DuckDB lets one process write a file at a time, and holds the file for as long as any
connection has it open. A server that opened the case store at start would lock every
CLI command out of it for its whole life (issue 13). So a process keeps one in-memory
DuckDB instance, every engine on a file is a cursor of it, and a file is ATTACHed on
first use and DETACHed again once no engine has used it for ``LINGER`` seconds. A
burst of queries pays for one attach (a few milliseconds), and another process finds
the file free within a fraction of a second after the burst.

A process that uses a file without pause (a busy server) still lets go when another
process waits for it: a waiting process touches ``FILE.waiting`` at each retry, and once
the holder has held the file for ``MAX_HOLD`` seconds and sees that mark fresh, it
detaches the file the next moment nobody uses it and leaves it alone for ``GAP``
seconds, which is when the waiting process (whose retries come every few tens of
milliseconds) gets its turn. Nobody waiting, nothing is given up: a busy server keeps
its latency.

Read-only snapshots of the statement store (store/snapshots.py) are attached the same
way but ``pinned``: never written, they are shared with every other process and stay
attached while a Store reads them.
"""

from __future__ import annotations

import atexit
import contextlib
import itertools
import os
import random
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import duckdb

LINGER = 0.2  # seconds a file stays attached after its last use
MAX_HOLD = 1.0  # seconds of continuous use after which the file is let go at the next pause
GAP = 0.08  # seconds a let-go file stays detached, so that another process can take it
RETRY = 0.03  # seconds between attempts on a file another process holds

OnLocked = Callable[[str, str, float], BaseException]


@dataclass(slots=True)
class _Attached:
    alias: str
    read_only: bool
    users: int = 0
    pins: int = 0
    since: float = 0.0  # when it was attached
    last_used: float = 0.0
    rest_until: float = 0.0


class SharedInstance:
    """The process's DuckDB instance and its attached files."""

    def __init__(self) -> None:
        self.pid = os.getpid()
        self.con = duckdb.connect(":memory:")
        self.lock = threading.RLock()
        self.files: dict[str, _Attached] = {}
        self._aliases = itertools.count(1)
        self._rested: dict[str, float] = {}  # file -> until when it is left alone
        self._reaper: threading.Thread | None = None
        self._wake = threading.Event()

    def cursor(self) -> duckdb.DuckDBPyConnection:
        with self.lock:
            return self.con.cursor()

    # -- attaching -----------------------------------------------------------------

    def _attach(self, path: str, read_only: bool, wait: float, on_locked: OnLocked) -> _Attached:
        """Attach ``path``, retrying while another process holds it (caller holds lock)."""
        alias = f"f{next(self._aliases)}"
        mode = " (READ_ONLY)" if read_only else ""
        deadline = time.monotonic() + wait
        rest = self._rested.pop(path, 0.0)
        if rest > time.monotonic():
            time.sleep(rest - time.monotonic())
        while True:
            try:
                self.con.execute(f"ATTACH '{_quoted(path)}' AS {alias}{mode}")
                break
            except duckdb.IOException as exc:
                if "lock" not in str(exc).lower() or time.monotonic() >= deadline:
                    raise on_locked(path, str(exc), wait) from None
                _mark_waiting(path)
                time.sleep(RETRY * (0.5 + random.random()))
        now = time.monotonic()
        found = _Attached(alias, read_only, since=now, last_used=now)
        self.files[path] = found
        self._start_reaper()
        return found

    def _detach(self, path: str, rest: float = 0.0) -> None:
        found = self.files.pop(path)
        with contextlib.suppress(duckdb.Error):  # already gone with the instance
            self.con.execute(f"DETACH {found.alias}")
        if rest:
            self._rested[path] = time.monotonic() + rest

    @contextmanager
    def using(
        self, path: str, *, read_only: bool, wait: float, on_locked: OnLocked
    ) -> Iterator[str]:
        """The alias of ``path``, attached for the duration of the block."""
        with self.lock:
            found = self.files.get(path)
            reopen = found is not None and found.read_only and not read_only
            if found is not None and reopen and not found.users and not found.pins:
                self._detach(path)
                found = None
            if found is None:
                found = self._attach(path, read_only, wait, on_locked)
            found.users += 1
        try:
            yield found.alias
        finally:
            with self.lock:
                found.users -= 1
                found.last_used = now = time.monotonic()
                held_long = now - found.since > MAX_HOLD
                if not found.users and not found.pins and held_long and _someone_waits(path):
                    self._detach(path, rest=GAP)

    def pin(self, path: str, wait: float, on_locked: OnLocked) -> str:
        """Attach a read-only file until ``unpin``; its alias."""
        with self.lock:
            found = self.files.get(path)
            if found is None:
                found = self._attach(path, True, wait, on_locked)
            found.pins += 1
            return found.alias

    def unpin(self, path: str) -> None:
        with self.lock:
            found = self.files.get(path)
            if found is None:
                return
            found.pins = max(0, found.pins - 1)
            if not found.pins and not found.users:
                self._detach(path)

    def release_idle(self) -> None:
        """Detach every file nobody used for LINGER seconds (the reaper calls this)."""
        with self.lock:
            now = time.monotonic()
            for path, found in list(self.files.items()):
                if not found.users and not found.pins and now - found.last_used >= LINGER:
                    self._detach(path)

    def release(self, path: str) -> None:
        """Detach ``path`` now if nobody is using it."""
        with self.lock:
            found = self.files.get(path)
            if found is not None and not found.users and not found.pins:
                self._detach(path)

    def release_all(self) -> None:
        """Detach every unused file now (a command's end, a test's teardown)."""
        with self.lock:
            for path, found in list(self.files.items()):
                if not found.users and not found.pins:
                    self._detach(path)

    def _start_reaper(self) -> None:
        if self._reaper is not None and self._reaper.is_alive():
            return
        self._reaper = threading.Thread(target=self._reap, name="duckdb-files", daemon=True)
        self._reaper.start()

    def _reap(self) -> None:
        while True:
            time.sleep(LINGER / 2)
            with self.lock:
                if not self.files:
                    self._reaper = None
                    return
            self.release_idle()


def _mark_waiting(path: str) -> None:
    """Tell the process holding ``path`` that another one waits for it."""
    with contextlib.suppress(OSError):
        with open(path + ".waiting", "a"):
            pass
        os.utime(path + ".waiting")


def _someone_waits(path: str) -> bool:
    """Whether another process marked ``path`` as waited for in the last second."""
    try:
        return time.time() - os.stat(path + ".waiting").st_mtime < 1.0
    except OSError:
        return False


_shared: SharedInstance | None = None
_shared_lock = threading.Lock()


def shared() -> SharedInstance:
    """This process's instance (a forked child makes its own: DuckDB is not fork-safe)."""
    global _shared
    with _shared_lock:
        if _shared is None or _shared.pid != os.getpid():
            _shared = SharedInstance()
        return _shared


def _quoted(path: str) -> str:
    return path.replace("'", "''")


def _at_exit() -> None:
    """Let go of every file before the interpreter (and DuckDB's threads) shut down."""
    if _shared is not None and _shared.pid == os.getpid():
        with _shared.lock:
            for path in list(_shared.files):
                _shared._detach(path)
            _shared.con.close()


atexit.register(_at_exit)
