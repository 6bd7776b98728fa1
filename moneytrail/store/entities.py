"""An entity as an analyst reads it: its facts, its sanctions and what it is linked to.

Side entities (a Sanction, an UnknownLink, an Ownership) point at the entity; they
are gathered here so that every command and page shows the same picture.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from moneytrail.errors import NotFound
from moneytrail.model import Statement
from moneytrail.model.edges import link_ends
from moneytrail.store.digest import caption_of
from moneytrail.store.store import Store


@dataclass(frozen=True, slots=True)
class Linked:
    """Another entity reached through a link entity (or a direct reference)."""

    via_id: str
    via_schema: str
    role: str
    other_id: str
    other_caption: str
    other_schema: str
    statements: tuple[Statement, ...]


@dataclass(frozen=True, slots=True)
class EntityView:
    id: str
    schema: str
    caption: str
    statements: tuple[Statement, ...]
    sanctions: tuple[tuple[str, tuple[Statement, ...]], ...]
    links: tuple[Linked, ...]


def _caption(statements: list[Statement], fallback: str) -> str:
    return caption_of(((s.prop, s.value) for s in statements), fallback)


def _other_end(entity_id: str, schema: str, facts: list[Statement]) -> tuple[str, str] | None:
    """(direction-aware role, other entity id) of a link entity seen from ``entity_id``."""
    ends = link_ends(schema)
    if ends is None:
        return None
    values = {s.prop: s.value for s in facts if s.prop in ends}
    role = next((s.value for s in facts if s.prop == "role"), schema)
    if values.get(ends[0]) == entity_id and ends[1] in values:
        return f"{role} ->", values[ends[1]]
    if values.get(ends[1]) == entity_id and ends[0] in values:
        return f"<- {role}", values[ends[0]]
    return None


def describe_entity(store: Store, entity_id: str) -> EntityView:
    """Everything the store knows about ``entity_id``; NotFound if nothing."""
    own = store.entity_statements(entity_id)
    by_side: dict[str, list[Statement]] = defaultdict(list)
    for ref in store.referencing(entity_id):
        by_side[ref.entity_id].append(ref)
    sanctions: list[tuple[str, tuple[Statement, ...]]] = []
    links: list[Linked] = []
    for side_id in sorted(by_side):
        facts = store.entity_statements(side_id)
        schema = facts[0].schema
        if schema == "Sanction":
            sanctions.append((side_id, tuple(facts)))
            continue
        end = _other_end(entity_id, schema, facts)
        role, other = end if end else (f"<- {by_side[side_id][0].prop}", side_id)
        other_facts = _safe_statements(store, other)
        links.append(
            Linked(
                via_id=side_id,
                via_schema=schema,
                role=role,
                other_id=other,
                other_caption=_caption(other_facts, other),
                other_schema=other_facts[0].schema if other_facts else "?",
                statements=tuple(facts),
            )
        )
    for st in own:
        if st.prop_type == "entity":
            other_facts = _safe_statements(store, st.value)
            links.append(
                Linked(
                    via_id=entity_id,
                    via_schema=st.schema,
                    role=f"{st.prop} ->",
                    other_id=st.value,
                    other_caption=_caption(other_facts, st.value),
                    other_schema=other_facts[0].schema if other_facts else "?",
                    statements=(st,),
                )
            )
    return EntityView(
        id=entity_id,
        schema=own[0].schema,
        caption=_caption(own, entity_id),
        statements=tuple(own),
        sanctions=tuple(sanctions),
        links=tuple(links),
    )


def _safe_statements(store: Store, entity_id: str) -> list[Statement]:
    try:
        return store.entity_statements(entity_id)
    except NotFound:  # a link to an entity of a list that is not loaded
        return []
