"""Compare two versions of a list: which entries were added, removed or changed.

Two versions may not hold the same files (the 2024 SDN snapshot has no alias or
address file beside it). Comparing them naively would call every entry "changed"
because its aliases vanished; so only facts read from files present in both versions
are compared, and the diff says which files were left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from moneytrail.model import Statement
from moneytrail.sources.base import ParsedList
from moneytrail.store.digest import EntryDigest, entry_digests


@dataclass(frozen=True, slots=True)
class EntryChange:
    """One entry that differs between the versions."""

    change: str  # "added" | "removed" | "changed"
    entity_id: str
    schema: str
    caption: str
    added: dict[str, list[str]] = field(default_factory=dict)
    removed: dict[str, list[str]] = field(default_factory=dict)

    def as_record(self) -> dict[str, Any]:
        return {
            "change": self.change,
            "id": self.entity_id,
            "schema": self.schema,
            "caption": self.caption,
            "added": self.added,
            "removed": self.removed,
        }


@dataclass(frozen=True, slots=True)
class ListDiff:
    dataset: str
    old_version: str
    new_version: str
    compared_files: tuple[str, ...]
    ignored_files: tuple[str, ...]
    changes: tuple[EntryChange, ...]

    def count(self, change: str) -> int:
        return sum(1 for c in self.changes if c.change == change)


def _file_of(st: Statement) -> str:
    return st.source_record.split(":", 1)[0]


def _group(facts: frozenset[tuple[str, str]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for prop, value in sorted(facts):
        out.setdefault(prop, []).append(value)
    return out


def _change(old: EntryDigest | None, new: EntryDigest | None) -> EntryChange | None:
    if old is None and new is not None:
        return EntryChange("added", new.entity_id, new.schema, new.caption, _group(new.facts))
    if new is None and old is not None:
        return EntryChange("removed", old.entity_id, old.schema, old.caption, {}, _group(old.facts))
    assert old is not None and new is not None
    if old.digest == new.digest:
        return None
    return EntryChange(
        "changed",
        new.entity_id,
        new.schema,
        new.caption,
        _group(new.facts - old.facts),
        _group(old.facts - new.facts),
    )


def diff_lists(old: ParsedList, new: ParsedList) -> ListDiff:
    """Entries added, removed and changed from ``old`` to ``new`` (same dataset or not)."""
    old_files = {Path(f.path).name for f in old.files}
    new_files = {Path(f.path).name for f in new.files}
    common = old_files & new_files
    if not common:
        # Different file names for the same list (e.g. CSV vs XML): compare everything.
        common = old_files | new_files
    old_d = entry_digests(st for st in old.statements if _file_of(st) in common)
    new_d = entry_digests(st for st in new.statements if _file_of(st) in common)
    changes = []
    for entity_id in sorted(old_d.keys() | new_d.keys()):
        change = _change(old_d.get(entity_id), new_d.get(entity_id))
        if change is not None:
            changes.append(change)
    return ListDiff(
        dataset=new.dataset,
        old_version=old.version,
        new_version=new.version,
        compared_files=tuple(sorted(common)),
        ignored_files=tuple(sorted((old_files | new_files) - common)),
        changes=tuple(changes),
    )
