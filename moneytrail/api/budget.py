"""A time budget per screening request, and work abandoned when nobody waits for it.

Screening runs in a worker thread, which Python cannot interrupt; so the work is
given a ``Guard`` that it checks between queries. The guard trips when the request's
time budget (``MONEYTRAIL_API_TIME_BUDGET``) is spent, when the client has gone away
(polled on the event loop while the thread works) or when the server is shutting
down (SIGTERM), and the work stops at its next check with an error the API answers
with 503 and writes to the audit log like any refused request.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from starlette.concurrency import run_in_threadpool

from moneytrail.errors import WorkAbandoned

T = TypeVar("T")
POLL_SECONDS = 0.1


class Disconnectable(Protocol):
    async def is_disconnected(self) -> bool: ...


@dataclass
class Guard:
    """Checked by the work between units; raises WorkAbandoned once tripped."""

    budget: float
    stopping: threading.Event
    clock: Callable[[], float] = time.monotonic
    started: float = 0.0
    gone: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        self.started = self.clock()

    def check(self) -> None:
        if self.gone.is_set():
            raise WorkAbandoned("the client closed the connection; screening abandoned")
        if self.stopping.is_set():
            raise WorkAbandoned("the server is shutting down; send the request again")
        spent = self.clock() - self.started
        if self.budget and spent > self.budget:
            raise WorkAbandoned(
                f"screening took more than the {self.budget:g} s time budget per request "
                "(MONEYTRAIL_API_TIME_BUDGET); send fewer or shorter queries per request"
            )


async def run_guarded(
    request: Disconnectable,
    budget: float,
    stopping: threading.Event,
    work: Callable[[Guard], T],
) -> T:
    """Run ``work(guard)`` in a worker thread, tripping the guard if the client leaves."""
    guard = Guard(budget, stopping)
    task = asyncio.ensure_future(run_in_threadpool(work, guard))
    while not task.done():
        await asyncio.wait({task}, timeout=POLL_SECONDS)
        if not task.done() and not guard.gone.is_set() and await request.is_disconnected():
            guard.gone.set()
    return task.result()
