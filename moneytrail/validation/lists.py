"""Which list versions the pack was measured on: their age and a digest of each.

A figure from the pack holds for the lists it was measured on. Each loaded list is named
with its version, publication date and age, the files it was read from (with their
SHA-256, when loaded into the store), and a digest of the entries actually screened
against (each entry's content digest, store/digest.py, hashed in id order): two runs
with equal digests screened the same list content.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from moneytrail.screening.index import ListIndex
from moneytrail.store import Store
from moneytrail.store.store import ListInfo
from moneytrail.store.versions import freshness


@dataclass(frozen=True, slots=True)
class ListState:
    dataset: str
    version: str
    title: str
    published: str | None
    age_days: int | None
    stale: bool
    entries: int
    digest: str
    loaded_at: str = ""
    files: tuple[tuple[str, str], ...] = ()  # (file name, sha256)
    # file / given / undated (store.ListInfo.version_basis); "unknown" for lists read
    # from files with --list, where an undated file's version is the day it was read.
    basis: str = "unknown"


def content_digests(index: ListIndex) -> dict[tuple[str, str], tuple[int, str]]:
    """(dataset, version) -> (entries, SHA-256 of their ids and content digests in id order)."""
    members: dict[tuple[str, str], list[str]] = defaultdict(list)
    for entry in index.entries:
        for dataset, version in entry.list_versions.items():
            members[(dataset, version)].append(f"{entry.id}\x1f{entry.digest}")
    out = {}
    for key, rows in members.items():
        text = "\n".join(sorted(rows))
        out[key] = (len(rows), hashlib.sha256(text.encode()).hexdigest())
    return out


def store_lists(
    store: Store,
) -> tuple[list[ListInfo], dict[tuple[str, str], list[tuple[str, str]]]]:
    """The store's current list versions and the files (name, sha256) each was read from."""
    files: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    rows = store.engine.rows(
        "SELECT dataset, version, path, sha256 FROM list_files ORDER BY dataset, version, path"
    )
    for dataset, version, path, sha in rows:
        files[(str(dataset), str(version))].append((str(path), str(sha)))
    return store.lists(), dict(files)


def list_states(
    index: ListIndex,
    infos: list[ListInfo],
    files: dict[tuple[str, str], list[tuple[str, str]]],
    stale_days: int,
    today: date | None = None,
) -> list[ListState]:
    """One row per list version screened against; store details where the store has them."""
    known = {(i.dataset, i.version): i for i in infos}
    out = []
    for (dataset, version), (entries, digest) in sorted(content_digests(index).items()):
        info = known.get((dataset, version))
        age: int | None
        if info is not None:
            fresh = freshness(info, stale_days, today)
            published, age, stale = fresh.published, fresh.age_days, fresh.stale
        else:
            published, age = _dated(version, today or date.today())
            stale = age is not None and age > stale_days
        out.append(
            ListState(
                dataset=dataset,
                version=version,
                title=info.title if info else dataset,
                published=published,
                age_days=age,
                stale=stale,
                entries=entries,
                digest=digest,
                loaded_at=info.loaded_at[:19] if info else "",
                files=tuple(files.get((dataset, version), ())),
                basis=info.version_basis if info else "unknown",
            )
        )
    return out


def _dated(version: str, today: date) -> tuple[str | None, int | None]:
    """A version read from files (no store): its date, when the version is one."""
    try:
        published = date.fromisoformat(version[:10])
    except ValueError:
        return None, None
    return version[:10], (today - published).days
