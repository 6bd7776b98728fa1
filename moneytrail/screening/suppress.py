"""Decided false positives stay quiet until the list entry changes.

A decision is keyed by (query id, list entity id, entry digest). The digest is a
fingerprint of everything the list says about the entry, so when OFAC adds an alias
or a birth date to it, the old decision no longer applies and the hit alerts again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from moneytrail.errors import InvalidInput

SUPPRESSING = frozenset({"false_positive"})


@dataclass(frozen=True, slots=True)
class Decisions:
    keys: frozenset[tuple[str, str, str]]

    @classmethod
    def empty(cls) -> Decisions:
        return cls(frozenset())

    def suppresses(self, query_id: str, entity_id: str, digest: str) -> bool:
        return (query_id, entity_id, digest) in self.keys

    @classmethod
    def from_file(cls, path: Path) -> Decisions:
        """JSONL: {"query_id", "entity_id", "entry_digest", "decision", "reason"?} a line."""
        keys = set()
        with path.open(encoding="utf-8") as fh:
            for lineno, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InvalidInput(
                        f"broken JSON: {exc.msg}", file=str(path), line=lineno
                    ) from exc
                for field in ("query_id", "entity_id", "entry_digest", "decision"):
                    if not isinstance(rec.get(field), str):
                        raise InvalidInput(
                            "missing or not a string", file=str(path), line=lineno, field=field
                        )
                if rec["decision"] in SUPPRESSING:
                    keys.add((rec["query_id"], rec["entity_id"], rec["entry_digest"]))
        return cls(frozenset(keys))
