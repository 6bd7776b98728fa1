"""Which entities link two parties, and which of their properties are the two ends.

followthemoney declares this in its schema (``edge_source`` and ``edge_target`` on every
edge schema), so it is read from there rather than kept in tables by hand: a schema
followthemoney adds (``Control``, ``Succession``) is a link here without a code change.

A *party link* is an edge schema whose two ends are parties (a ``Thing``, a
``LegalEntity`` or an ``Asset`` and their descendants) and that is not a ``Value``.
Edges that carry an amount (Payment, Debt, ContractAward) are money, which the flows
package traces with dates and amounts; links to documents, positions, projects or court
cases are not relationships between parties.
"""

from __future__ import annotations

from functools import cache

from followthemoney import model
from followthemoney.schema import Schema


def _is_party(schema: Schema | None) -> bool:
    if schema is None:
        return False
    return schema.name == "Thing" or schema.is_a("LegalEntity") or schema.is_a("Asset")


def _ends(schema: Schema) -> tuple[str, str] | None:
    if not schema.edge or schema.edge_source is None or schema.edge_target is None:
        return None
    if "Value" in model.schemata and schema.is_a("Value"):
        return None
    source, target = schema.get(schema.edge_source), schema.get(schema.edge_target)
    if source is None or target is None:
        return None
    if not (_is_party(source.range) and _is_party(target.range)):
        return None
    return schema.edge_source, schema.edge_target


@cache
def party_links() -> dict[str, tuple[str, str]]:
    """Edge schema name -> (source property, target property), for every party link."""
    links = {}
    for schema in model.schemata.values():
        ends = _ends(schema)
        if ends is not None:
            links[schema.name] = ends
    return dict(sorted(links.items()))


def link_ends(schema: str) -> tuple[str, str] | None:
    """The (source, target) properties of ``schema`` if it is a party link, else None."""
    return party_links().get(schema)
