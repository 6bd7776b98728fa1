"""Where a fact came from: which list, which version, which file and record."""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True, slots=True)
class Provenance:
    """The origin shared by the facts of one source record.

    ``list_version`` is the publication date of the file the fact was read from,
    not of the bundle: a bundle that combines files of different dates keeps each
    fact's own date, so nothing is passed off as newer than it is.
    """

    dataset: str
    list_version: str
    source_record: str

    def at(self, source_record: str, list_version: str | None = None) -> Provenance:
        """The same origin, pointing at another record (and perhaps another file's version)."""
        return replace(
            self, source_record=source_record, list_version=list_version or self.list_version
        )
