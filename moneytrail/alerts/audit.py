"""The audit log: append-only, each line chained to the one before by its hash.

Examiners ask who screened what, against which list version, and who decided. Each
line's hash covers its content and the previous line's hash, and the repository keeps
the last (seq, hash) apart from the lines, so ``verify`` can say which line was edited,
where one was inserted and which were deleted (the end of the log included). Someone
who can rewrite the whole table *and* recompute every hash is not caught by the chain
alone: keep the head hash somewhere else and compare it later. ``audit_checkpoint``
does that: a signed checkpoint file (and an optional anchor file) records the line
count and head hash, and ``verify`` checks the log against each one, so a log cut
short, rewritten or deleted together with its head is caught.

The chain proves the log intact, not the tables it describes: ``verify`` also replays
the log into the review state it implies and compares it with the users, alerts and
decisions tables (``audit_state``), naming each row that disagrees.
"""

from __future__ import annotations

import hashlib
import json
import queue
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any, TextIO

from moneytrail.alerts.audit_state import Mismatch, Replay, StateCounts, compare
from moneytrail.alerts.models import AuditEntry
from moneytrail.alerts.repository import Repository
from moneytrail.alerts.schema import GENESIS as GENESIS

WAIT_SECONDS = 30.0


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def canonical(payload: Any) -> str:
    """One serialisation for hashing and storing, so a re-read line hashes the same."""
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def entry_hash(entry: AuditEntry) -> str:
    body = canonical([entry.seq, entry.at, entry.actor, entry.action, entry.subject, entry.payload])
    return hashlib.sha256((entry.prev_hash + body).encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class AuditItem:
    """A line to append, before it has a place in the chain."""

    actor: str
    action: str
    subject: str
    payload: dict[str, Any] = field(default_factory=dict)


class AuditLog:
    """Appends lines to a repository, chaining each to the current head."""

    def __init__(self, repo: Repository, clock: Callable[[], str] = utc_now) -> None:
        self.repo = repo
        self.clock = clock

    def append(
        self, actor: str, action: str, subject: str, payload: dict[str, Any] | None = None
    ) -> AuditEntry:
        return self.append_many([AuditItem(actor, action, subject, payload or {})])[0]

    def append_many(self, items: Iterable[AuditItem]) -> list[AuditEntry]:
        """All lines in one transaction; joins the caller's transaction if one is open."""
        out: list[AuditEntry] = []
        with self.repo.transaction():
            head = self.repo.audit_head()
            seq, prev = head if head else (0, GENESIS)
            at = self.clock()
            for item in items:
                seq += 1
                # Hashed in canonical JSON, so the payload read back hashes the same.
                entry = AuditEntry(
                    seq, at, item.actor, item.action, item.subject, item.payload, prev
                )
                entry = replace(entry, hash=entry_hash(entry))
                out.append(entry)
                prev = entry.hash
            self.repo.append_audit(out)
        return out


@dataclass(frozen=True, slots=True)
class AuditProblem:
    seq: int
    kind: str  # edited | inserted | deleted | rewritten
    detail: str


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """The log's length and head hash at a moment, kept outside the store.

    ``seq`` is the number of the last line (0: the log was empty); ``signed`` says
    whether an HMAC key vouched for it or only a plain hash (audit_checkpoint.py).
    """

    seq: int
    head: str
    at: str
    signed: bool
    source: str = ""  # the file (and line) it came from, for messages


@dataclass(frozen=True, slots=True)
class AuditReport:
    lines: int
    head: str
    problems: tuple[AuditProblem, ...]
    mismatches: tuple[Mismatch, ...] = ()
    seq: int = 0  # the number of the last line in the chain
    counts: StateCounts | None = None  # rows compared with the log (None: not compared)

    @property
    def ok(self) -> bool:
        return not self.problems and not self.mismatches


def verify(
    repo: Repository, *, checkpoints: Sequence[Checkpoint] = (), state: bool = True
) -> AuditReport:
    """Walk the chain, check it against ``checkpoints`` and (``state``) the tables.

    Read in one transaction, so lines and tables are one consistent picture while
    other processes write; every break and disagreement is reported with its line
    or row.
    """
    with repo.transaction():
        replay = Replay()
        walk = _walk(repo, replay, {c.seq for c in checkpoints})
        mismatches: list[Mismatch] = []
        counts = None
        if state:
            mismatches, counts = compare(repo, replay)
    problems = list(walk.problems)
    problems += [p for c in checkpoints if (p := _checkpoint_problem(c, walk)) is not None]
    return AuditReport(
        lines=walk.lines,
        head=walk.head,
        problems=tuple(problems),
        mismatches=tuple(mismatches),
        seq=walk.seq,
        counts=counts,
    )


@dataclass(frozen=True, slots=True)
class _Walk:
    lines: int
    head: str
    problems: tuple[AuditProblem, ...]
    seq: int
    hashes: dict[int, str]  # hash of the (first) line with each wanted seq


def _walk(repo: Repository, replay: Replay, wanted: set[int]) -> _Walk:
    """The chain checks, feeding every line to ``replay`` on the way."""
    problems: list[AuditProblem] = []
    expected, prev, count, last_seq = 1, GENESIS, 0, 0
    hashes: dict[int, str] = {}
    for entry in repo.audit_entries():
        count += 1
        replay.feed(entry)
        if entry.seq in wanted:
            hashes.setdefault(entry.seq, entry.hash)
        if entry_hash(entry) != entry.hash:
            problems.append(AuditProblem(entry.seq, "edited", "content does not match its hash"))
        if entry.seq > expected:
            missing = f"{expected}" if entry.seq == expected + 1 else f"{expected}-{entry.seq - 1}"
            problems.append(AuditProblem(expected, "deleted", f"line(s) {missing} missing"))
        elif entry.seq < expected:
            problems.append(AuditProblem(entry.seq, "inserted", "a second line with this number"))
        elif entry.prev_hash != prev:
            problems.append(
                AuditProblem(entry.seq, "inserted", "does not follow the line before it")
            )
        prev = entry.hash
        if entry.seq >= expected:
            expected, last_seq = entry.seq + 1, entry.seq
    head = repo.audit_head()
    if head is not None and head != (last_seq, prev):
        problems.append(_head_problem(head, last_seq))
    elif head is None and count:
        problems.append(AuditProblem(1, "inserted", "lines exist but none was written"))
    return _Walk(count, prev, tuple(problems), last_seq, hashes)


def _checkpoint_problem(point: Checkpoint, walk: _Walk) -> AuditProblem | None:
    """Whether the log still holds the line ``point`` recorded, with the same hash."""
    if point.seq == 0:
        return None
    where = " ".join(filter(None, ["the checkpoint", point.source, f"of {point.at}"]))
    if walk.lines == 0:
        detail = f"the log is empty but {where} recorded {point.seq} lines: the log was deleted"
        return AuditProblem(1, "deleted", detail)
    if walk.seq < point.seq:
        detail = (
            f"the log ends at line {walk.seq} but {where} recorded {point.seq} lines: "
            "lines were deleted"
        )
        return AuditProblem(walk.seq + 1, "deleted", detail)
    found = walk.hashes.get(point.seq)
    if found != point.head:
        detail = (
            f"{where} recorded hash {point.head[:16]}… for this line, the log has "
            f"{str(found)[:16]}…: the log was rewritten"
        )
        return AuditProblem(point.seq, "rewritten", detail)
    return None


def _head_problem(head: tuple[int, str], last_seq: int) -> AuditProblem:
    if head[0] > last_seq:
        detail = f"the log ends at line {last_seq} but line {head[0]} was written"
        return AuditProblem(last_seq + 1, "deleted", detail)
    if head[0] < last_seq:
        detail = f"line {head[0]} was the last written; later lines were added by hand"
        return AuditProblem(head[0] + 1, "inserted", detail)
    return AuditProblem(last_seq, "edited", "the hash differs from the one recorded at writing")


def export(repo: Repository, out: TextIO) -> int:
    """Every line as JSONL, hashes included, so the chain can be re-verified elsewhere."""
    n = 0
    for entry in repo.audit_entries():
        out.write(json.dumps(entry.as_record(), ensure_ascii=False) + "\n")
        n += 1
    return n


@dataclass(slots=True)
class _Pending:
    item: AuditItem
    done: threading.Event = field(default_factory=threading.Event)
    entry: AuditEntry | None = None
    error: BaseException | None = None


class GroupCommitAudit:
    """Appends from many threads, committed together by one writer thread.

    A commit costs milliseconds; a line a few microseconds. Callers still wait until
    their line is committed, so a response is never sent for an unaudited request.
    """

    def __init__(self, log: AuditLog, max_batch: int = 512) -> None:
        self.log = log
        self.max_batch = max_batch
        self._queue: queue.SimpleQueue[_Pending | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="audit-writer", daemon=True)
        self._thread.start()

    def append(
        self, actor: str, action: str, subject: str, payload: dict[str, Any] | None = None
    ) -> AuditEntry:
        pending = _Pending(AuditItem(actor, action, subject, payload or {}))
        self._queue.put(pending)
        if not pending.done.wait(WAIT_SECONDS):
            raise TimeoutError("the audit log did not commit in time")
        if pending.error is not None:
            raise pending.error
        assert pending.entry is not None
        return pending.entry

    def _run(self) -> None:
        while True:
            first = self._queue.get()
            if first is None:
                return
            batch = [first]
            while len(batch) < self.max_batch:
                try:
                    nxt = self._queue.get_nowait()
                except queue.Empty:
                    break
                if nxt is None:
                    self._queue.put(None)
                    break
                batch.append(nxt)
            self._commit(batch)

    def _commit(self, batch: list[_Pending]) -> None:
        try:
            entries = self.log.append_many(p.item for p in batch)
        except Exception as exc:  # every waiter learns of the failure
            for p in batch:
                p.error = exc
                p.done.set()
            return
        for p, entry in zip(batch, entries, strict=True):
            p.entry = entry
            p.done.set()

    def close(self) -> None:
        self._queue.put(None)
        self._thread.join(timeout=WAIT_SECONDS)
