"""Which list version may replace the current one, and how old the current one is.

A list's version is the publication date written in the file (or its manifest), or
the caller's ``--version``; a file that carries neither is loaded as of the load date
and marked undated. Screening answers "is this name on the list as published on D?",
so a load must never quietly move D backwards: loading the 2021 SDN set over the 2024
one would take thousands of designations out of screening with exit 0. Hence:

* a new dataset, a newer or equal dated version, or any version over an undated one
  loads as before;
* an older dated version, or an undated one over a dated one, is refused with one
  line naming both versions, unless the caller says ``allow_older`` (``--allow-older``).

Every door that loads lists (``lists load``, ``lists update``, the bundled snapshot)
checks all its lists before it loads the first, so a refusal changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from moneytrail.errors import InvalidInput
from moneytrail.sources.base import ParsedList
from moneytrail.store.store import ListInfo, Store

BASIS_TEXT = {
    "file": "dated from the file",
    "given": "dated from --version",
    "undated": "undated: load date",
}


def describe(version: str, basis: str) -> str:
    """``2024-05-03 (dated from the file)``: a version and why it is that date."""
    return f"{version} ({BASIS_TEXT.get(basis, basis)})"


def refusal(current: ListInfo | None, new: ParsedList) -> str | None:
    """Why ``new`` may not replace ``current`` without --allow-older, or None if it may."""
    if current is None or current.version_basis == "undated":
        return None
    if new.version_basis == "undated":
        reason = "undated over dated"
    elif new.version < current.version:
        reason = "older"
    else:
        return None
    return (
        f"{new.dataset}: refused {describe(new.version, new.version_basis)} over current "
        f"{describe(current.version, current.version_basis)} ({reason}); "
        "--allow-older loads it"
    )


def check_replaces(store: Store, parsed: Sequence[ParsedList], *, allow_older: bool) -> None:
    """InvalidInput (exit 2) at the first list that would move its dataset backwards."""
    if allow_older:
        return
    current = {info.dataset: info for info in store.lists()}
    for p in parsed:
        reason = refusal(current.get(p.dataset), p)
        if reason is not None:
            raise InvalidInput(reason)


@dataclass(frozen=True, slots=True)
class Freshness:
    """How old the current version of a list is, for ``moneytrail lists``."""

    published: str | None  # the publication date, None when undated
    age_days: int  # since publication, or since loading when undated
    stale: bool

    def text(self) -> str:
        since = "old" if self.published else "since loaded (undated)"
        mark = ", STALE" if self.stale else ""
        return f"{self.age_days} days {since}{mark}"


def freshness(info: ListInfo, stale_days: int, today: date | None = None) -> Freshness:
    """A list is stale when its publication (or, undated, its load) is over ``stale_days``."""
    today = today or date.today()
    published = None if info.version_basis == "undated" else info.version
    anchor = published or info.loaded_at[:10]
    try:
        age = (today - date.fromisoformat(anchor[:10])).days
    except ValueError:
        age = 0
    return Freshness(published=published, age_days=age, stale=age > stale_days)
