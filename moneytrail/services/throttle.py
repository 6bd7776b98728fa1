"""Request rates per API key and per address, login failures, and refusal summaries.

All are enforced before anything is screened or written. The rate limits are token
buckets held in memory: a single server process is the deployment the embedded store
allows, and a restart forgiving a burst is harmless. Requests without a valid key
are limited per client address, failed workbench logins are counted per address and
per user name, and refusals of unauthenticated requests are counted and written to
the audit log as one summary line per client and minute, so a flood of them can
neither fill the log nor keep its writer busy.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

log = logging.getLogger(__name__)
MAX_TRACKED = 10_000  # keys a FailureWindow keeps before forgetting the quiet ones
MAX_PATHS = 10  # distinct paths kept in one summary line


class TokenBuckets:
    """``rate`` tokens a second per key, at most ``burst`` saved up; rate 0 = no limit."""

    def __init__(
        self, rate: float, burst: int, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.rate = rate
        self.burst = max(1, burst)
        self.clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def peek(self, key: str) -> float:
        """The seconds until ``key`` may make a request, without charging it."""
        if self.rate <= 0:
            return 0.0
        now = self.clock()
        with self._lock:
            tokens, last = self._buckets.get(key, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - last) * self.rate)
            return 0.0 if tokens >= 1.0 else (1.0 - tokens) / self.rate

    def take(self, key: str) -> float:
        """0.0 if a request may go ahead now, else the seconds until it may."""
        if self.rate <= 0:
            return 0.0
        now = self.clock()
        with self._lock:
            tokens, last = self._buckets.get(key, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - last) * self.rate)
            if len(self._buckets) > MAX_TRACKED:  # forget keys whose bucket is full again
                self._forget_full(now)
            if tokens >= 1.0:
                self._buckets[key] = (tokens - 1.0, now)
                return 0.0
            self._buckets[key] = (tokens, now)
            return (1.0 - tokens) / self.rate

    def _forget_full(self, now: float) -> None:
        refill = float(self.burst) / self.rate
        for key in [k for k, (_, last) in self._buckets.items() if now - last >= refill]:
            del self._buckets[key]


class FailureWindow:
    """At most ``limit`` failures per key within ``window`` seconds (limit 0: no limit).

    Used for workbench logins: a key is "addr:<ip>" or "user:<name>", so guessing
    keys for one account from many addresses is throttled as well as guessing from
    one address for many accounts.
    """

    def __init__(
        self, limit: int, window: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit = limit
        self.window = window
        self.clock = clock
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._failures.get(key, deque())
        while times and times[0] <= now - self.window:
            times.popleft()
        return times

    def blocked(self, *keys: str) -> float:
        """0.0 if none of ``keys`` is locked out, else the seconds until all are free."""
        if self.limit <= 0:
            return 0.0
        now = self.clock()
        wait = 0.0
        with self._lock:
            for key in keys:
                times = self._recent(key, now)
                if len(times) >= self.limit:
                    wait = max(wait, times[-self.limit] + self.window - now)
        return wait

    def fail(self, *keys: str) -> None:
        if self.limit <= 0:
            return
        now = self.clock()
        with self._lock:
            for key in keys:
                times = self._recent(key, now)
                times.append(now)
                while len(times) > self.limit:
                    times.popleft()
                self._failures[key] = times
            if len(self._failures) > MAX_TRACKED:  # forget the quiet ones
                for key in [k for k, t in self._failures.items() if not self._recent(k, now)]:
                    del self._failures[key]


SummarySink = Callable[[str, str, str, dict[str, Any]], object]


class RejectionSummary:
    """Refusals of unauthenticated requests, one audit line per client per ``period``.

    The first refusal of a client opens its period; the line (client, count, statuses,
    paths, first and last time) is written when a later refusal finds the period over,
    when ``flush`` runs (at shutdown), or for all periods that ended whenever any
    refusal is recorded, so a client that stops is still written down within a period.
    """

    def __init__(
        self,
        sink: SummarySink,
        period: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
        wall: Callable[[], float] = time.time,
    ) -> None:
        self.sink = sink
        self.period = period
        self.clock = clock
        self.wall = wall
        self._open: dict[str, _Tally] = {}
        self._lock = threading.Lock()

    def record(self, client: str, status: int, path: str) -> None:
        now = self.clock()
        with self._lock:
            due = [c for c, t in self._open.items() if now - t.started >= self.period]
            ended = [self._open.pop(c) for c in due]
            tally = self._open.setdefault(client, _Tally(client, now, self.wall()))
            tally.add(status, path, self.wall())
        for done in ended:
            self._write(done)

    def flush(self) -> None:
        with self._lock:
            ended, self._open = list(self._open.values()), {}
        for done in ended:
            self._write(done)

    def _write(self, tally: _Tally) -> None:
        try:
            self.sink("anonymous", "request.reject.summary", tally.client, tally.record())
        except Exception:  # the audit writer is closed or failing: say so, do not crash
            log.exception("could not write the summary of refused requests from %s", tally.client)


@dataclass
class _Tally:
    client: str
    started: float
    first: float
    last: float = 0.0
    count: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    paths: Counter[str] = field(default_factory=Counter)

    def add(self, status: int, path: str, at: float) -> None:
        self.count += 1
        self.last = at
        self.statuses[status] += 1
        if path in self.paths or len(self.paths) < MAX_PATHS:
            self.paths[path] += 1

    def record(self) -> dict[str, Any]:
        return {
            "client": self.client,
            "count": self.count,
            "statuses": {str(k): v for k, v in sorted(self.statuses.items())},
            "paths": dict(self.paths.most_common(MAX_PATHS)),
            "first": _iso(self.first),
            "last": _iso(self.last),
        }


def _iso(at: float) -> str:
    return datetime.fromtimestamp(at, UTC).isoformat(timespec="seconds")
