"""Parse-then-load, and the bundled snapshot that makes a fresh store usable offline."""

from __future__ import annotations

from pathlib import Path

from moneytrail.sources import parse_list
from moneytrail.sources.base import Progress, no_progress
from moneytrail.sources.bundled import bundled_paths
from moneytrail.store.store import LoadResult, Store


def load_source(
    store: Store, path: Path, *, version: str | None = None, progress: Progress = no_progress
) -> LoadResult:
    """Parse ``path`` completely, then load it in one transaction."""
    parsed = parse_list(path, version=version, progress=progress)
    return store.load(parsed)


def load_bundled(store: Store, progress: Progress = no_progress) -> list[LoadResult]:
    """Load every list the package ships."""
    return [load_source(store, path, progress=progress) for path in bundled_paths()]


def ensure_lists(store: Store, progress: Progress = no_progress) -> list[LoadResult]:
    """Load the bundled lists into an empty store; do nothing if any list is loaded."""
    if not store.is_empty():
        return []
    return load_bundled(store, progress)
