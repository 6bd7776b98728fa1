"""Placing the facts read from OFAC Remarks: on the entry, its Sanction, or new entities.

``ofac_remarks`` reads a Remarks string into (property, value) facts without knowing
any schema; this module decides where each lands. A fact the entity's schema has no
property for becomes a note; "Linked To:" becomes an UnknownLink to the entry of that
exact name (``NameIndex``); a "Digital Currency Address" a CryptoWallet held by the
entry; an identifier also a Passport or Identification (``ofac_ids``). The CSV parser
and the XML parsers (through ``ofac_party``) use the same functions, so a fact read
from any OFAC format lands on the same id and property.
"""

from __future__ import annotations

from collections.abc import Callable

from moneytrail.model import EntityBuilder, Provenance, ids
from moneytrail.sources.ofac_ids import document, id_context, national_code, upgrade_schema
from moneytrail.sources.ofac_remarks import (
    ENTITY_PROPS,
    LINKED_TO,
    NOTES,
    SANCTION_PROPS,
    WALLET,
    Remark,
    identifier_parts,
    parse_remarks,
    prop_for,
)

ResolveName = Callable[[str, str], str | None]
"""(name, ent_num of the entry asking) -> ent_num of the one other entry with that name."""


def name_key(name: str) -> str:
    return " ".join(name.split()).upper()


class NameIndex:
    """Exact (case-insensitive) names of a list's entries, to resolve "Linked To:" and owners.

    Only an exact name is trusted: a link is a finding an analyst acts on, so a
    fuzzy guess would be worse than the note kept when no single entry matches.
    Primary names are tried before aliases, and a trailing period is optional
    (it may end the Remarks sentence or belong to "S.A.").
    """

    def __init__(self) -> None:
        self._primary: dict[str, set[str]] = {}
        self._aliases: dict[str, set[str]] = {}

    def add(self, name: str | None, ent_num: str, *, primary: bool) -> None:
        if name:
            index = self._primary if primary else self._aliases
            index.setdefault(name_key(name), set()).add(ent_num)

    def resolve(self, name: str, exclude: str) -> str | None:
        """The ent_num of the one other entry called ``name``, else None."""
        for candidate in dict.fromkeys((name_key(name), name_key(name).rstrip(". "))):
            for index in (self._primary, self._aliases):
                found = index.get(candidate, set()) - {exclude}
                if found:
                    return next(iter(found)) if len(found) == 1 else None
        return None


def add_fact(
    builder: EntityBuilder,
    prop: str,
    value: str | None,
    *,
    original: str | None = None,
    provenance: Provenance | None = None,
) -> None:
    """Add a fact under the property the builder's schema has for it, else as a note."""
    if value is None:
        return
    target = prop_for(builder.schema, prop)
    if target == NOTES and prop != NOTES:
        builder.add(NOTES, original or f"{prop}: {value}", provenance=provenance)
        return
    builder.add(target, value, original=original, provenance=provenance)


def link_to(
    subject: EntityBuilder, ent_num: str, name: str, prov: Provenance, resolve: ResolveName
) -> EntityBuilder | None:
    """An UnknownLink "Linked To" the one other entry called ``name``, else a note (None).

    The id ``<subject>-link-<target>`` is the same from the CSV and the legacy XML.
    """
    target = resolve(name, ent_num)
    if target is None:
        subject.add(
            NOTES, f"Linked To (no entry of this list has that name): {name}", provenance=prov
        )
        return None
    link = EntityBuilder(ids.derived_id(subject.id, "link", target), "UnknownLink", prov)
    link.add("subject", subject.id)
    link.add("object", ids.ofac_id(target), original=name)
    link.add("role", "Linked To")
    return link


def wallet_id(holder_id: str, address: str) -> str:
    """One wallet id scheme for every OFAC format, so CSV and XML state the same wallet."""
    return ids.derived_id(holder_id, "wallet", address)


def wallet(holder: EntityBuilder, currency: str, address: str, prov: Provenance) -> EntityBuilder:
    """A CryptoWallet held by ``holder``: transfers are traced to an address, not a name."""
    found = EntityBuilder(wallet_id(holder.id, address), "CryptoWallet", prov)
    found.add("publicKey", address)
    found.add("currencySymbol", currency)
    found.add("topics", "sanction")
    if holder.schema.is_a("LegalEntity"):
        found.add("holder", holder.id)
    return found


def _wallet(
    entity: EntityBuilder,
    remark: Remark,
    text: str,
    prov: Provenance,
    made: dict[str, EntityBuilder],
) -> EntityBuilder | None:
    """The wallet of a "Digital Currency Address" segment, unless the text was cut inside it.

    OFAC's CSV cuts Remarks at a fixed length; a last segment that does not end the
    sentence may be a truncated address, which must not become a wallet nobody holds.
    """
    end = remark.start + len(remark.original)
    if not text[end:].strip() and not remark.original.endswith("."):
        entity.add(NOTES, f"Truncated in Remarks, not read: {remark.original}", provenance=prov)
        return None
    currency, address = remark.value.split(None, 1)
    known = made.get(wallet_id(entity.id, address))
    if known is not None:  # one address listed under two currencies (ETH and USDT)
        known.add("currencySymbol", currency, provenance=prov)
        return known
    return wallet(entity, currency, address, prov)


def _document(entity: EntityBuilder, remark: Remark, prov: Provenance) -> EntityBuilder | None:
    """The Passport/Identification of an identifier segment, with its country and dates;
    a Russian OGRN or INN is also stated under its own property."""
    parts = identifier_parts(remark.original)
    if parts is None:
        return None
    label, rest = parts
    context = id_context(rest)
    code = national_code(remark.prop, remark.value, context.country)
    if code is not None and entity.schema.get(code) is not None:
        entity.add(code, remark.value, original=remark.original, provenance=prov)
    return document(entity, remark.prop, remark.value, label, context, prov)


def apply_remarks(
    entity: EntityBuilder,
    sanction: EntityBuilder,
    text: str,
    where: Callable[[int, int], Provenance],
    resolve: ResolveName,
) -> list[EntityBuilder]:
    """Put each Remarks fact on the entity, its Sanction, a new UnknownLink or CryptoWallet.

    ``where(start, end)`` gives the provenance of the text between two offsets, so
    facts read from an overflow row cite that row. Returns the links and wallets.
    """
    ent_num = entity.id.removeprefix("ofac-")
    links: dict[str, EntityBuilder] = {}
    for remark in parse_remarks(text):
        if remark.prop == NOTES:
            continue  # the caller keeps the whole Remarks text as a note
        prov = where(remark.start, remark.start + len(remark.original))
        if remark.prop in (LINKED_TO, WALLET):
            made = (
                link_to(entity, ent_num, remark.value, prov, resolve)
                if remark.prop == LINKED_TO
                else _wallet(entity, remark, text, prov, links)
            )
            if made is not None:
                links.setdefault(made.id, made)
        elif remark.prop in SANCTION_PROPS:
            add_fact(sanction, SANCTION_PROPS[remark.prop], remark.value,
                     original=remark.original, provenance=prov)  # fmt: skip
        elif remark.prop in ENTITY_PROPS and entity.schema.get(remark.prop) is not None:
            target = resolve(remark.value, ent_num)
            value = ids.ofac_id(target) if target else None
            if value is None:
                entity.add(NOTES, remark.original, provenance=prov)
            add_fact(entity, remark.prop, value, original=remark.value, provenance=prov)
        else:
            upgrade_schema(entity, remark.prop)
            add_fact(entity, remark.prop, remark.value, original=remark.original, provenance=prov)
            doc = _document(entity, remark, prov)
            if doc is not None:
                links.setdefault(doc.id, doc)
    return list(links.values())
