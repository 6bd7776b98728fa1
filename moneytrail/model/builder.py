"""Assemble one list entry's facts, cleaned and typed by followthemoney's schema.

Parsers speak in the vocabulary of the source ("nationality Lebanon", "DOB 21 Mar
1955"); the builder turns each into a statement whose value is followthemoney's
canonical form (``lb``, ``1955-03-21``) and keeps the source's words as
``original_value``. A value followthemoney cannot read is never dropped: it is kept
as a note, so the analyst still sees it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from followthemoney import model
from followthemoney.property import Property
from followthemoney.schema import Schema

from moneytrail.errors import InvalidInput
from moneytrail.model.provenance import Provenance
from moneytrail.model.statement import Statement

# followthemoney's entity-reference type is called "entity".
ENTITY_TYPE = "entity"


def get_schema(name: str) -> Schema:
    """The followthemoney schema called ``name``, or InvalidInput."""
    schema = model.get(name)
    if schema is None:
        raise InvalidInput(f"unknown schema {name!r}", field="schema")
    return schema


class EntityBuilder:
    """Collects the statements of one entity from one source record."""

    def __init__(self, entity_id: str, schema: str, provenance: Provenance) -> None:
        self.id = entity_id
        self.schema = get_schema(schema)
        self.provenance = provenance
        self._statements: dict[str, Statement] = {}

    def __len__(self) -> int:
        return len(self._statements)

    def __iter__(self) -> Iterator[Statement]:
        return iter(self._statements.values())

    def set_schema(self, name: str) -> None:
        """Narrow (or correct) the schema once a later field tells us more."""
        self.schema = get_schema(name)
        self._statements = {
            key: Statement(
                entity_id=st.entity_id,
                schema=self.schema.name,
                prop=st.prop,
                prop_type=st.prop_type,
                value=st.value,
                dataset=st.dataset,
                list_version=st.list_version,
                source_record=st.source_record,
                first_seen=st.first_seen,
                last_seen=st.last_seen,
                original_value=st.original_value,
                lang=st.lang,
            )
            for key, st in self._statements.items()
        }

    def _prop(self, name: str) -> Property:
        prop = self.schema.get(name)
        if prop is None:
            raise InvalidInput(
                f"{self.schema.name} has no property {name!r}",
                file=self.provenance.source_record,
                field=name,
            )
        return prop

    def values(self, prop: str) -> list[str]:
        return [st.value for st in self._statements.values() if st.prop == prop]

    def add(
        self,
        prop: str,
        value: str | None,
        *,
        original: str | None = None,
        provenance: Provenance | None = None,
        lang: str | None = None,
        fuzzy: bool = False,
    ) -> bool:
        """Add one value; returns whether it was kept under ``prop`` (else as a note)."""
        if value is None:
            return False
        raw = " ".join(str(value).split())
        if not raw:
            return False
        prov = provenance or self.provenance
        prop_obj = self._prop(prop)
        cleaned = prop_obj.type.clean(raw, fuzzy=fuzzy)
        if cleaned is None:
            if prop != "notes" and self.schema.get("notes") is not None:
                self.add("notes", f"{prop_obj.label}: {original or raw}", provenance=prov)
            return False
        orig = original if original is not None else (raw if raw != cleaned else None)
        st = Statement(
            entity_id=self.id,
            schema=self.schema.name,
            prop=prop,
            prop_type=prop_obj.type.name,
            value=cleaned,
            dataset=prov.dataset,
            list_version=prov.list_version,
            source_record=prov.source_record,
            first_seen=prov.list_version,
            last_seen=prov.list_version,
            original_value=orig,
            lang=lang,
        )
        self._statements.setdefault(st.id, st)
        return True

    def add_many(self, prop: str, values: Iterable[str | None], **kwargs: object) -> None:
        for value in values:
            self.add(prop, value, **kwargs)  # type: ignore[arg-type]

    def statements(self) -> list[Statement]:
        return list(self._statements.values())
