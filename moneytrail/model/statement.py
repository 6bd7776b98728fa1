"""The unit of the store: one fact about one entity, with its provenance.

Every hit, path and finding cites statement ids, so a report line can always answer
"where does this come from?". The id depends only on what the fact says and which
list says it, so the same fact in two versions of a list has the same id and its
``first_seen`` survives re-loads.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass


def statement_id(dataset: str, entity_id: str, prop: str, value: str) -> str:
    """A stable id for a fact: the same list stating the same value gets the same id."""
    key = f"{dataset}\x1f{entity_id}\x1f{prop}\x1f{value}".encode()
    return hashlib.sha1(key, usedforsecurity=False).hexdigest()


@dataclass(frozen=True, slots=True)
class Statement:
    """One fact: ``entity_id`` has ``prop`` = ``value``, says ``dataset`` at ``list_version``.

    ``original_value`` keeps the text as the list wrote it when ``value`` is a cleaned
    form (a country code for "Lebanon", an ISO date for "21 Mar 1955"), so the analyst
    can always see the source's own words.
    """

    entity_id: str
    schema: str
    prop: str
    prop_type: str
    value: str
    dataset: str
    list_version: str
    source_record: str
    first_seen: str
    last_seen: str
    original_value: str | None = None
    lang: str | None = None

    @property
    def id(self) -> str:
        return statement_id(self.dataset, self.entity_id, self.prop, self.value)

    def as_row(self) -> dict[str, str | None]:
        """A flat record for Arrow, JSON and the store."""
        return {
            "id": self.id,
            "entity_id": self.entity_id,
            "schema": self.schema,
            "prop": self.prop,
            "prop_type": self.prop_type,
            "value": self.value,
            "original_value": self.original_value,
            "lang": self.lang,
            "dataset": self.dataset,
            "list_version": self.list_version,
            "source_record": self.source_record,
            "first_seen": self.first_seen,
            "last_seen": self.last_seen,
        }


STATEMENT_COLUMNS: tuple[str, ...] = (
    "id",
    "entity_id",
    "schema",
    "prop",
    "prop_type",
    "value",
    "original_value",
    "lang",
    "dataset",
    "list_version",
    "source_record",
    "first_seen",
    "last_seen",
)
