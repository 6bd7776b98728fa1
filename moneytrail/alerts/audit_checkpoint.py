"""Checkpoints: the audit log's length and head hash, kept where the store's users cannot write.

The chain catches an edited, inserted or deleted line, but not a log deleted or
rewritten from scratch together with its head: the store alone cannot tell that from
a new store. A checkpoint can. It is one JSON object::

    {"format": "moneytrail-audit-checkpoint/1", "lines": 1234, "head": "<sha256>",
     "at": "2026-12-02T11:00:00+00:00", "signature": {"alg": "hmac-sha256", "value": "<hex>"}}

``lines`` is the number of the last line, ``head`` its hash. The signature is an
HMAC-SHA256 of the other fields (canonical JSON) under ``MONEYTRAIL_AUDIT_KEY``, so
whoever holds the store but not the key cannot forge one. Without a key the
checkpoint carries a plain SHA-256 (``"alg": "sha256"``) that only catches damage,
and says so; once a key is set, unsigned checkpoints are refused.

The anchor (``MONEYTRAIL_AUDIT_ANCHOR``) is a file of such checkpoints, one per line,
that every ``audit export`` and every successful ``audit verify`` appends to; verify
checks the log against each line. Put it on another machine's share or make it
append-only (``chattr +a``): it is only as safe as the place it lives in.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from moneytrail.alerts.audit import AuditReport, Checkpoint, canonical, utc_now, verify
from moneytrail.alerts.repository import Repository
from moneytrail.errors import ConfigError, InvalidInput, MoneytrailError

FORMAT = "moneytrail-audit-checkpoint/1"
HMAC = "hmac-sha256"
PLAIN = "sha256"


class CheckpointRefused(MoneytrailError):
    """A checkpoint whose signature does not hold: tampered, damaged or another key's."""


def _body(seq: int, head: str, at: str) -> dict[str, Any]:
    return {"format": FORMAT, "lines": seq, "head": head, "at": at}


def _digest(body: dict[str, Any], key: str | None) -> str:
    data = canonical(body).encode()
    if key is None:
        return hashlib.sha256(data).hexdigest()
    return hmac.new(key.encode(), data, hashlib.sha256).hexdigest()


def seal(report: AuditReport, key: str | None, at: str | None = None) -> dict[str, Any]:
    """The checkpoint record of a verified log: signed with ``key``, or only hashed."""
    body = _body(report.seq, report.head, at or utc_now())
    signature: dict[str, str] = {"alg": HMAC if key else PLAIN, "value": _digest(body, key)}
    if not key:
        signature["note"] = "unsigned: no MONEYTRAIL_AUDIT_KEY was set; this only detects damage"
    return {**body, "signature": signature}


def open_checkpoint(record: Any, key: str | None, source: str) -> Checkpoint:
    """Check a checkpoint record's form and signature; ``source`` names it in errors."""
    body, sig = _parts(record, source)
    signed = sig["alg"] == HMAC
    if signed and key is None:
        raise ConfigError(
            f"{source}: the checkpoint is signed; set MONEYTRAIL_AUDIT_KEY to check it"
        )
    if not signed and key is not None:
        raise CheckpointRefused(
            f"{source}: the checkpoint is not signed although MONEYTRAIL_AUDIT_KEY is set: "
            "anyone could have written it"
        )
    if not hmac.compare_digest(_digest(body, key if signed else None), str(sig["value"])):
        what = "signature" if signed else "hash"
        raise CheckpointRefused(
            f"{source}: the checkpoint's {what} does not match its content "
            "(tampered, damaged, or signed with another key)"
        )
    return Checkpoint(int(body["lines"]), str(body["head"]), str(body["at"]), signed, source)


def _parts(record: Any, source: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """(body, signature) of a well-formed record, else InvalidInput."""
    if not isinstance(record, dict) or record.get("format") != FORMAT:
        raise InvalidInput(
            f"not a moneytrail audit checkpoint (expected format {FORMAT})", file=source
        )
    sig = record.get("signature")
    lines, head, at = record.get("lines"), record.get("head"), record.get("at")
    if (
        not isinstance(sig, dict)
        or sig.get("alg") not in {HMAC, PLAIN}
        or not isinstance(sig.get("value"), str)
        or not isinstance(lines, int)
        or isinstance(lines, bool)
        or lines < 0
        or not isinstance(head, str)
        or not isinstance(at, str)
    ):
        raise InvalidInput("a checkpoint needs lines, head, at and a signature", file=source)
    return _body(lines, head, at), sig


def render(record: dict[str, Any]) -> str:
    """A checkpoint as the file a bank keeps (indented JSON; the signature ignores layout)."""
    return json.dumps(record, indent=2, ensure_ascii=False) + "\n"


def read_checkpoint(path: Path, key: str | None) -> Checkpoint:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InvalidInput(f"cannot read the checkpoint: {exc.strerror}", file=str(path)) from None
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"not JSON: {exc.msg}", file=str(path), line=exc.lineno) from None
    return open_checkpoint(record, key, str(path))


def read_anchor(path: Path, key: str | None) -> list[Checkpoint]:
    """Every checkpoint in the anchor file; none while it does not exist yet."""
    if not path.exists():
        return []
    out = []
    with path.open(encoding="utf-8") as lines:
        for n, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InvalidInput(f"not JSON: {exc.msg}", file=str(path), line=n) from None
            out.append(open_checkpoint(record, key, f"{path}:{n}"))
    return out


def append_anchor(path: Path, record: dict[str, Any]) -> None:
    """One line appended and flushed to disk before the command reports success."""
    with path.open("a", encoding="utf-8") as out:
        out.write(canonical(record) + "\n")
        out.flush()
        os.fsync(out.fileno())


def verify_anchored(
    repo: Repository, files: Sequence[Path], key: str | None, anchor: Path | None
) -> tuple[AuditReport, list[Checkpoint]]:
    """``verify`` against checkpoint files and the anchor; a pass is appended to the anchor.

    A checkpoint that fails its signature raises CheckpointRefused before the log is read.
    """
    points = [read_checkpoint(p, key) for p in files]
    if anchor is not None:
        points += read_anchor(anchor, key)
    report = verify(repo, checkpoints=points)
    if report.ok and anchor is not None:
        append_anchor(anchor, seal(report, key))
    return report, points


def make_checkpoint(repo: Repository, key: str | None, anchor: Path | None) -> dict[str, Any]:
    """A checkpoint of the log as it is now; refused for a log or state that fails verify."""
    points = read_anchor(anchor, key) if anchor is not None else []
    report = verify(repo, checkpoints=points)
    if not report.ok:
        raise MoneytrailError(
            f"audit log NOT intact ({len(report.problems) + len(report.mismatches)} problem(s)): "
            "no checkpoint written; run moneytrail audit verify"
        )
    record = seal(report, key)
    if anchor is not None:
        append_anchor(anchor, record)
    return record
