"""One OFAC listed party as statements, the same whichever OFAC XML file it came from.

SDN.XML, SDN_ADVANCED.XML and the enhanced XML state the same facts in different
shapes. Each parser reads its own shape and hands every fact to one ``OfacParty``, so a
passport, a weak alias or a wallet lands on the same property of the same id
(``ofac-<uid>``, as the CSV parser gives) from any of them. Labelled facts
("Passport", "Gender", "Secondary sanctions risk:") go through the CSV Remarks label
table in ``ofac_remarks``, so all the formats agree. Links between parties are built
in ``ofac_links``; what the XML formats' typed labels mean is in ``ofac_labels``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Protocol

from followthemoney.schema import Schema

from moneytrail.model import EntityBuilder, Provenance, Statement
from moneytrail.model.ids import OFAC_CONS, OFAC_SDN, derived_id, ofac_id
from moneytrail.sources.base import ParsedList, Progress, SourceFile
from moneytrail.sources.dates import parse_dates
from moneytrail.sources.ofac_dataset import Verdict
from moneytrail.sources.ofac_facts import NameIndex, link_to, wallet_id
from moneytrail.sources.ofac_ids import IdContext, document, national_code, upgrade_schema
from moneytrail.sources.ofac_remarks import (
    LINKED_TO,
    LISTING_DATE,
    NOTES,
    PROVISIONS,
    START_DATE,
    parse_segment,
    prop_for,
)

AUTHORITY = "Office of Foreign Assets Control"
TITLES = {
    OFAC_SDN: "US OFAC Specially Designated Nationals (SDN) List",
    OFAC_CONS: "US OFAC Consolidated (non-SDN) List",
}


class OfacReader(Protocol):
    """One pass over an OFAC XML file: its notes, its version once read, its statements."""

    notes: list[str]

    @property
    def version_value(self) -> str: ...

    def read(self, progress: Progress) -> list[Statement]: ...


def parse_ofac_file(
    path: Path,
    verdict: Verdict,
    reader: Callable[[str], OfacReader],
    *,
    source_format: str,
    role: str,
    progress: Progress,
) -> ParsedList:
    """Read ``path`` as the dataset ``verdict`` names, as one list from OFAC.

    ``reader`` makes the format's reader for a dataset; the verdict's reason leads the
    notes, so a load says why the file was taken for the SDN or the Consolidated list.
    """
    one = reader(verdict.dataset)
    one.notes.append(f"dataset {verdict.dataset}: {verdict.reason}")
    statements = one.read(progress)
    return ofac_list(
        path,
        dataset=verdict.dataset,
        source_format=source_format,
        role=role,
        version=one.version_value,
        statements=statements,
        notes=one.notes,
    )


def ofac_list(
    path: Path,
    *,
    dataset: str,
    source_format: str,
    role: str,
    version: str,
    statements: list[Statement],
    notes: list[str],
) -> ParsedList:
    """One OFAC XML file parsed: the dataset's title, OFAC as publisher, the file as source."""
    return ParsedList(
        dataset=dataset,
        title=TITLES[dataset],
        publisher=AUTHORITY,
        version=version,
        source_format=source_format,
        files=[SourceFile.of(path, role, version)],
        statements=statements,
        notes=notes,
    )


# sdnType / PartyType (lower case) -> followthemoney schema.
SCHEMAS = {
    "individual": "Person",
    "entity": "Organization",
    "vessel": "Vessel",
    "aircraft": "Airplane",
}
WALLET_PREFIX = "Digital Currency Address - "
# Where a fact goes on a schema that lacks its property, before ofac_remarks' own chain:
# a company has no nationality, but the country it is "of" is worth keeping as such.
COUNTRY_FALLBACK = {"nationality": "country", "citizenship": "country", "flag": "country"}


def join_parts(*parts: str | None, sep: str = " ") -> str | None:
    """Non-blank parts joined, or None: OFAC leaves any part of a name or address empty."""
    kept = [p.strip() for p in parts if p and p.strip()]
    return sep.join(kept) or None


def ofac_name(given: str | None, last: str | None) -> str | None:
    """A person's name as OFAC's own CSV writes it: "TAJIDEEN, Kassim".

    Keeping OFAC's rendering (not "Kassim TAJIDEEN") makes the name statements of the
    XML formats identical to the CSV's, so switching formats shows no false changes.
    """
    given, last = join_parts(given), join_parts(last)
    if given and last:
        return f"{last}, {given}"
    return last or given


class OfacParty:
    """One listed party and the side entities its facts need (sanction, documents, ...)."""

    def __init__(self, ref: str, schema: str, provenance: Provenance) -> None:
        self.ref = ref
        self.id = ofac_id(ref)
        self.provenance = provenance
        self.entity = EntityBuilder(self.id, schema, provenance)
        self.entity.add("topics", "sanction")
        self.sanction = EntityBuilder(derived_id(self.id, "sanction"), "Sanction", provenance)
        self.sanction.add("entity", self.id)
        self.sanction.add("authority", AUTHORITY)
        self.sanction.add("authorityId", ref)
        self.sanction.add("country", "us")
        self.side: dict[str, EntityBuilder] = {}
        self.names: list[tuple[str, bool]] = []  # (name, is the primary name)
        self.holders: list[tuple[str, str]] = []  # ("owner" | "operator", name)
        self.linked: list[str] = []  # names of "Linked To:" remarks, resolved at the end

    @property
    def schema(self) -> Schema:
        return self.entity.schema

    def statements(self) -> list[Statement]:
        return [*self.entity, *self.sanction, *(st for b in self.side.values() for st in b)]

    def add(self, prop: str, value: str | None, *, original: str | None = None) -> None:
        """Add under ``prop``, or where this schema keeps such a fact, else as a note."""
        if value is None or not value.strip():
            return
        if self.schema.get(prop) is None and prop in COUNTRY_FALLBACK:
            prop = COUNTRY_FALLBACK[prop]
        target = prop_for(self.schema, prop)
        if target == NOTES and prop != NOTES:
            value = f"{prop}: {original or value}"
            original = None
        self.entity.add(target, value, original=original)

    def add_name(self, prop: str, name: str | None, *, weak: bool = False) -> None:
        self.add("weakAlias" if weak else prop, name)
        if name:
            self.names.append((name, prop == "name" and not weak))

    def add_program(self, program: str | None) -> None:
        self.add("program", program)
        self.sanction.add("program", program)

    def add_dates(self, prop: str, text: str | None) -> None:
        """Every date an expression stands for; unreadable ones are kept as a note."""
        if not text:
            return
        dates = parse_dates(text)
        for date in dates:
            self.add(prop, date, original=text if text != date else None)
        if not dates:
            self.add(NOTES, f"{prop}: {text}")

    def add_address(self, full: str | None, country: str | None) -> None:
        self.add("address", full)
        self.add("country", country)

    def add_fact(
        self,
        label: str,
        value: str,
        *,
        country: str | None = None,
        issued: str | None = None,
        expires: str | None = None,
    ) -> None:
        """A labelled fact, read with the CSV Remarks table so both formats agree."""
        if label.startswith(WALLET_PREFIX):
            self.add_wallet(label.removeprefix(WALLET_PREFIX), value)
            return
        facts = parse_segment(f"{label} {value}")
        if not facts:
            self.add(NOTES, f"{label}: {value}")
        for prop, fact in facts:
            if prop == LISTING_DATE:
                self.sanction.add("listingDate", fact, original=value)
            elif prop == START_DATE:
                self.sanction.add("startDate", fact, original=value)
            elif prop == PROVISIONS:
                self.sanction.add("provisions", fact)
            elif prop == LINKED_TO:
                self.add(NOTES, f"Linked To: {fact}")
                self.linked.append(fact)  # a link if the parser calls resolve_links
            elif prop in ("owner", "operator"):
                self.add_holder(prop, fact)
            else:
                upgrade_schema(self.entity, prop)
                self.add(prop, fact, original=value if fact != value else None)
                code = national_code(prop, fact, country)
                if code is not None and self.schema.get(code) is not None:
                    self.entity.add(code, fact, original=f"{label} {value}")
                self.add_document(prop, fact, label, country, issued, expires)

    def add_document(
        self,
        prop: str,
        number: str,
        label: str,
        country: str | None,
        issued: str | None,
        expires: str | None,
    ) -> None:
        """A Passport or Identification entity, which keeps the type, issuer and dates."""
        context = IdContext(country=country, issued=issued, expires=expires)
        doc = document(self.entity, prop, number, label, context, self.provenance)
        if doc is not None:
            self.side.setdefault(doc.id, doc)

    def add_wallet(self, currency: str, address: str) -> None:
        """A crypto wallet is its own entity: transactions are traced to it, not to a name."""
        wallet = self._side(wallet_id(self.id, address), "CryptoWallet")
        wallet.add("publicKey", address)
        wallet.add("currencySymbol", currency)
        wallet.add("topics", "sanction")
        if self.schema.is_a("LegalEntity"):
            wallet.add("holder", self.id)

    def add_holder(self, kind: str, name: str | None) -> None:
        """A vessel's owner or an aircraft's operator, named only; see ``resolve_holders``."""
        if name:
            self.holders.append((kind, name))

    def _side(self, entity_id: str, schema: str) -> EntityBuilder:
        if entity_id not in self.side:
            self.side[entity_id] = EntityBuilder(entity_id, schema, self.provenance)
        return self.side[entity_id]


def name_index(parties: Iterable[OfacParty]) -> NameIndex:
    """Every party's primary names and aliases, to resolve names to parties exactly."""
    index = NameIndex()
    for party in parties:
        for name, primary in party.names:
            index.add(name, party.ref, primary=primary)
    return index


def resolve_links(parties: Iterable[OfacParty], notes: list[str]) -> list[Statement]:
    """ "Linked To: NAME" remarks as UnknownLinks to the party of that name, as the CSV does.

    Only an entry of the same file can be resolved (the Consolidated list links mostly
    to SDN entries, which it does not hold); an unresolved name stays a note on the
    entry, and how many did is said in ``notes``.
    """
    parties = list(parties)
    index = name_index(parties)
    found: dict[str, EntityBuilder] = {}
    total = unresolved = 0
    for party in parties:
        for name in party.linked:
            total += 1
            link = link_to(party.entity, party.ref, name, party.provenance, index.resolve)
            if link is None:
                unresolved += 1
            else:
                found.setdefault(link.id, link)
    if total:
        notes.append(
            f"{total} 'Linked To' remarks: {total - unresolved} became links, {unresolved} "
            "name no single entry of this file and are kept as notes"
        )
    return [st for link in found.values() for st in link]


def resolve_holders(parties: Iterable[OfacParty]) -> None:
    """Point each owner/operator at the listed party of that exact name, as the CSV does.

    Owners are nearly always listed themselves; an exact name is the only match
    trusted (``NameIndex``), and a name that finds no single party stays a note.
    """
    parties = list(parties)
    index = name_index(parties)
    for party in parties:
        for kind, name in party.holders:
            target = index.resolve(name, party.ref)
            if target is None or party.schema.get(kind) is None:
                party.add(NOTES, f"{kind.capitalize()}: {name}")
            else:
                party.entity.add(kind, ofac_id(target), original=name)
