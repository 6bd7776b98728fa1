"""Comparing list versions entry by entry."""

from __future__ import annotations

from moneytrail.sources.base import SourceFile
from moneytrail.store import diff_lists
from tests.store.listfactory import version_2021, version_2024


def test_diff_added_removed_changed() -> None:
    diff = diff_lists(version_2021(), version_2024())
    by_id = {c.entity_id: c for c in diff.changes}
    assert by_id["ofac-12451"].change == "added"
    assert by_id["ofac-99999"].change == "removed"
    changed = by_id["ofac-12450"]
    assert changed.change == "changed"
    assert changed.added == {"alias": ["TAJ AL-DIN, Ali"]}
    assert changed.removed == {}
    assert "ofac-11494" not in by_id
    assert diff.compared_files == ("alt.csv", "sdn.csv")


def test_diff_ignores_files_missing_from_one_side() -> None:
    """A version without alt.csv must not make every alias look removed."""
    new = version_2024()
    new.files = [f for f in new.files if f.path != "alt.csv"]
    new.statements = [s for s in new.statements if not s.source_record.startswith("alt.csv")]
    new.files.append(SourceFile("sdn.csv", "primary", "2024-05-03", "2" * 64))
    diff = diff_lists(version_2021(), new)
    assert diff.ignored_files == ("alt.csv",)
    assert {c.entity_id: c.change for c in diff.changes} == {
        "ofac-12451": "added",
        "ofac-99999": "removed",
    }
