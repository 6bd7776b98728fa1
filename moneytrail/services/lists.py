"""Parse-then-load, and the bundled snapshot that makes a fresh store usable offline."""

from __future__ import annotations

from pathlib import Path

from moneytrail.screening.service import write_index_cache
from moneytrail.sources import parse_list, parse_lists
from moneytrail.sources.base import ParsedList, Progress, no_progress
from moneytrail.sources.bundled import bundled_paths
from moneytrail.store.store import LoadResult, Store
from moneytrail.store.versions import check_replaces


def load_parsed(
    store: Store,
    parsed: list[ParsedList],
    *,
    version: str | None = None,
    allow_older: bool = False,
) -> list[LoadResult]:
    """Load lists already parsed, after checking that none moves its dataset backwards.

    Every list is checked before the first is loaded, so a refusal (InvalidInput,
    see ``store.versions``) leaves the store as it was.
    """
    for p in parsed:
        p.settle_basis(version)
    check_replaces(store, parsed, allow_older=allow_older)
    if store.prepare is None:  # each new snapshot gets its screening index
        store.prepare = write_index_cache
    return store.load_many(parsed)


def load_source(
    store: Store,
    path: Path,
    *,
    version: str | None = None,
    allow_older: bool = False,
    progress: Progress = no_progress,
    dataset: str | None = None,
) -> LoadResult:
    """Parse ``path`` completely, then load it in one transaction (``dataset`` overrides)."""
    parsed = parse_list(path, version=version, progress=progress, dataset=dataset)
    return load_parsed(store, [parsed], version=version, allow_older=allow_older)[0]


def load_sources(
    store: Store,
    path: Path,
    *,
    version: str | None = None,
    allow_older: bool = False,
    progress: Progress = no_progress,
    dataset: str | None = None,
) -> list[LoadResult]:
    """Parse ``path`` into every list it holds, then load each in its own transaction.

    Most files hold one list; the U.S. Consolidated Screening List holds thirteen,
    each stored as a dataset of its own. Every list is parsed and validated before
    the first is loaded, so a bad row leaves the store untouched; each list then
    swaps in whole (a crash between two leaves each list either old or new).
    """
    parsed = parse_lists(path, version=version, progress=progress, dataset=dataset)
    return load_parsed(store, parsed, version=version, allow_older=allow_older)


def parse_bundled(progress: Progress = no_progress) -> list[ParsedList]:
    """Every list the package ships, parsed and validated."""
    return [parse_list(path, progress=progress) for path in bundled_paths()]


def load_bundled(
    store: Store, progress: Progress = no_progress, *, allow_older: bool = False
) -> list[LoadResult]:
    """Load every list the package ships (refused over newer versions unless allow_older).

    For tests and tools that hold a store but no case store; people load through
    ``services.updates.update_lists``, which audits and re-screens."""
    return load_parsed(store, parse_bundled(progress), allow_older=allow_older)


def ensure_lists(store: Store, progress: Progress = no_progress) -> list[LoadResult]:
    """Load the bundled lists into an empty store; do nothing if any list is loaded."""
    if not store.is_empty():
        return []
    return load_bundled(store, progress)
