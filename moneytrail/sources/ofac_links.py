"""Relationships between OFAC parties as followthemoney link entities.

SDN_ADVANCED.XML (``ProfileRelationship``) and the enhanced XML (``relationship``)
both say how two listed parties relate ("Owned or Controlled By", "Family member
of"); each parser reads its own shape into a ``Relation`` and this module turns them
into Ownership, Family, Directorship ... links. A relation is only built once every
party of the file has been read, since either end may come later in the file.
"""

from __future__ import annotations

from dataclasses import dataclass

from followthemoney.schema import Schema

from moneytrail.model import EntityBuilder, Provenance, Statement
from moneytrail.model.builder import get_schema
from moneytrail.model.ids import derived_id
from moneytrail.sources.ofac_party import OfacParty


@dataclass(frozen=True, slots=True)
class Relation:
    """One relationship between two parties, kept until every party of the file is read."""

    rel_id: str
    source: str
    target: str
    kind: str
    former: bool
    comment: str | None
    line: int


# RelationType text (lower case) -> (schema, property of From-Profile, of To-Profile,
# property for the type's text). Mirrors OpenSanctions' reading of OFAC's types.
RELATIONS: dict[str, tuple[str, str, str, str]] = {
    "associate of": ("UnknownLink", "subject", "object", "role"),
    "providing support to": ("UnknownLink", "subject", "object", "role"),
    "acting for or on behalf of": ("Representation", "agent", "client", "role"),
    "owned or controlled by": ("Ownership", "asset", "owner", "role"),
    "owns, controls, or operates": ("Ownership", "owner", "asset", "role"),
    "property in the interest of": ("Ownership", "asset", "owner", "role"),
    "family member of": ("Family", "person", "relative", "relationship"),
    "leader or official of": ("Directorship", "director", "organization", "role"),
    "principal executive officer": ("Directorship", "director", "organization", "role"),
    "playing a significant role in": ("Membership", "member", "organization", "role"),
}
FALLBACK_LINK = ("UnknownLink", "subject", "object", "role")


def _range(schema: str, prop: str) -> Schema | None:
    found = get_schema(schema).get(prop)
    return None if found is None else found.range


def _fits(party: OfacParty, schema: str, prop: str) -> bool:
    """Whether ``party`` can stand in ``schema.prop``; an Organization may become a Company.

    OFAC lists companies as "Entity"; one that is owned is an asset, which only a
    Company (not a bare Organization) can be in followthemoney.
    """
    rng = _range(schema, prop)
    if rng is None or party.schema.is_a(rng):
        return True
    return party.schema.name == "Organization" and get_schema("Company").is_a(rng)


def _place(party: OfacParty, schema: str, prop: str) -> None:
    rng = _range(schema, prop)
    if rng is not None and not party.schema.is_a(rng):
        party.entity.set_schema("Company")


def _shape(
    rel: Relation, source: OfacParty, target: OfacParty
) -> tuple[tuple[str, str, str, str], OfacParty, OfacParty] | None:
    """The link schema and the direction in which both parties fit it, if any."""
    for shape in (RELATIONS.get(rel.kind.strip(" :").lower(), FALLBACK_LINK), FALLBACK_LINK):
        schema, src_prop, dst_prop, _ = shape
        for a, b in ((source, target), (target, source)):
            if _fits(a, schema, src_prop) and _fits(b, schema, dst_prop):
                return shape, a, b
    return None


def link_statements(
    relations: list[Relation],
    parties: dict[str, OfacParty],
    provenance: Provenance,
    notes: list[str],
) -> list[Statement]:
    """The link entities of ``relations``; one that fits no schema is reported in ``notes``."""
    found: list[Statement] = []
    for rel in relations:
        source, target = parties[rel.source], parties[rel.target]
        shaped = _shape(rel, source, target)
        if shaped is None:
            notes.append(f"ProfileRelationship {rel.rel_id} ({rel.kind}) fits no link: skipped")
            continue
        (schema, src_prop, dst_prop, role_prop), a, b = shaped
        _place(a, schema, src_prop)
        _place(b, schema, dst_prop)
        prov = provenance.at(f"{provenance.source_record}[ID={rel.rel_id}]")
        link = EntityBuilder(derived_id(source.id, "link", rel.rel_id), schema, prov)
        link.add(src_prop, a.id)
        link.add(dst_prop, b.id)
        link.add(role_prop, rel.kind)
        link.add("summary", rel.comment)
        if rel.former:
            link.add("status", "former")
        found.extend(link)
    return found
