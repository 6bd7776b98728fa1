"""OFAC's Sanctions List Service "enhanced" XML (root ``sanctionsData``), plain or zipped.

The enhanced export (``SDN_ENHANCED.XML``, ``CONS_ENHANCED.ZIP``, or a filtered export
from the SLS search) writes each entry as one ``<entity id="...">`` with its names,
addresses, features, identity documents and relationships inline, and the text of
every referenced value next to its id. Rules this parser follows:

* **Ids.** ``ofac-<entity id>``: the entity id is the ``uid``/``ent_num`` of the
  SDN.XML, CSV and advanced files, so the same entry from any OFAC format merges.
* **Dataset from the content.** The lists the export was filtered to
  (``publicationInfo/filters/sanctionsLists``) decide: only "SDN List" ->
  ``us_ofac_sdn``; only others ("Consolidated List", which holds some entries that
  are also SDNs) -> ``us_ofac_cons``. When the filter names both or none, the lists
  each entity is on decide: all on "SDN List" -> SDN, none -> Consolidated; a mixed
  export goes by the file name (``CONS*``, ``SDN*``), else by the majority, and a
  note counts the entries of the other kind.
* **Version.** ``publicationInfo/dataAsOf``; ``version`` only when the file has none.
* **Names.** The primary name -> ``name``, A.K.A./N.K.A. -> ``alias``, F.K.A. ->
  ``previousName``, ``isLowQuality`` -> ``weakAlias``; each written as OFAC's own
  ``formattedFullName`` ("HANIYA, Ismail"), as the CSV and SDN.XML render it. A
  translation in another script is an ``alias`` (bidi control marks removed), so the
  primary name stays the Latin one, as in the advanced parser.
* **Features** read as the advanced parser reads them (``ofac_labels``): birth dates,
  nationality, vessel and aircraft data; other labels, digital currency addresses
  (-> ``CryptoWallet`` with ``publicKey``, ``currencySymbol``, ``holder``) and
  identity documents go through ``OfacParty.add_fact`` and the CSV Remarks table.
* **Sanction.** programmes -> ``program``, sanctions types (Block, Reject) ->
  ``provisions``, legal authorities -> ``reason``, the earliest list publication date
  -> ``listingDate``, the list names -> ``summary``.
* **Relationships** ("Owned or Controlled By", "Acting for or on behalf of", ...)
  become followthemoney link entities (``ofac_links``) as in the advanced parser; one
  naming an entry outside the file (a filtered export) stays a note on its entry.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import ClassVar
from xml.etree.ElementTree import Element

from moneytrail.errors import InvalidInput
from moneytrail.model import Provenance, Statement
from moneytrail.model.ids import OFAC_CONS, OFAC_SDN
from moneytrail.sources.base import ParsedList, Progress, no_progress
from moneytrail.sources.ofac_labels import ALIAS_PROPS, FEATURES, NAME_PROPS
from moneytrail.sources.ofac_links import Relation, link_statements
from moneytrail.sources.ofac_party import (
    SCHEMAS,
    OfacParty,
    join_parts,
    ofac_list,
    resolve_holders,
)
from moneytrail.sources.ofac_remarks import NOTES
from moneytrail.sources.xml_base import StreamedVersion, XmlFormat, XmlListSource
from moneytrail.sources.xmlsafe import attr, child, child_text, find_all, local_name, text

NAME = "ofac-enhanced-xml-v1"
ROOT = "sanctionsData"
FORMAT = XmlFormat(ROOT, b"<" + ROOT.encode(), "OFAC enhanced XML", zipped=True)
RECORDS = ("publicationInfo", "referenceValue", "entity")
SDN_LIST = "SDN List"
ADDRESS_PARTS = ("ADDRESS1", "ADDRESS2", "ADDRESS3", "CITY", "STATE/PROVINCE", "POSTAL CODE")
_BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")


class OfacEnhancedXml(XmlListSource):
    """OFAC Sanctions List Service enhanced XML (root ``sanctionsData``), ``.xml`` or ``.zip``.

    SDN or Consolidated is read from the lists each entry is on; ids ``ofac-<id>`` agree
    with the CSV, SDN.XML and advanced parsers. Wallets, documents, relationships and
    original-script names are kept as in the advanced parser.
    """

    NAME: ClassVar[str] = NAME
    FORMAT: ClassVar[XmlFormat] = FORMAT
    TITLE: ClassVar[str] = "OFAC enhanced XML (Sanctions List Service, .xml or .zip)"

    def parse(
        self, path: Path, *, version: str | None = None, progress: Progress = no_progress
    ) -> ParsedList:
        with FORMAT.opened(path) as xml:
            return self._parse_xml(path, xml, version, progress)

    def _parse_xml(
        self, path: Path, xml: Path, version: str | None, progress: Progress
    ) -> ParsedList:
        reader = _Reader(xml, path.name, version)
        statements = reader.read(progress)
        dataset = reader.dataset()
        statements = [
            st if st.dataset == dataset else replace(st, dataset=dataset) for st in statements
        ]
        role = "enhanced-xml-zip" if path is not xml else "enhanced-xml"
        return ofac_list(
            path,
            dataset=dataset,
            source_format=NAME,
            role=role,
            version=reader.version.value,
            statements=statements,
            notes=reader.notes,
        )


class _Reader:
    """One pass: publication info, reference values (countries), then the entities."""

    def __init__(self, path: Path, file_name: str, version: str | None) -> None:
        self.path = path
        self.file_name = file_name
        self.notes: list[str] = []
        self.version = StreamedVersion(path, version, self.notes)
        self.filter_lists: list[str] = []
        self.iso: dict[str, str] = {}
        self.parties: dict[str, OfacParty] = {}
        self.on_sdn: Counter[bool] = Counter()
        self.relations: list[Relation] = []
        self.related_names: dict[str, str] = {}
        self.stream = FORMAT.stream(path, RECORDS)

    def read(self, progress: Progress) -> list[Statement]:
        for elem, line in self.stream:
            kind = local_name(elem.tag)
            if kind == "publicationInfo":
                self._publication(elem, line)
            elif kind == "referenceValue":
                self._reference(elem)
            else:
                self._entity(elem, line)
                progress(len(self.parties), None)
        if not self.version.value:
            self._current_version(1)
        resolve_holders(self.parties.values())
        links = self._links()
        return [st for party in self.parties.values() for st in party.statements()] + links

    def error(self, reason: str, line: int | None, field: str | None = None) -> InvalidInput:
        return InvalidInput(reason, file=str(self.path), line=line, field=field)

    def dataset(self) -> str:
        """SDN or Consolidated from the list names in the file (see the module rules)."""
        named = set(self.filter_lists)
        if named and (SDN_LIST in named) != bool(named - {SDN_LIST}):
            return OFAC_SDN if SDN_LIST in named else OFAC_CONS
        sdn, other = self.on_sdn[True], self.on_sdn[False]
        if sdn + other == 0:
            return self._by_name(OFAC_SDN)
        if other == 0:
            return OFAC_SDN
        if sdn == 0:
            return OFAC_CONS
        chosen = self._by_name(OFAC_SDN if sdn >= other else OFAC_CONS)
        moved = other if chosen == OFAC_SDN else sdn
        kind = "not on the SDN List" if chosen == OFAC_SDN else "on the SDN List"
        self.notes.append(f"mixed export: {moved} entries {kind} are loaded under {chosen}")
        return chosen

    def _by_name(self, default: str) -> str:
        name = self.file_name.lower()
        if name.startswith("cons"):
            return OFAC_CONS
        if name.startswith("sdn"):
            return OFAC_SDN
        return default

    def _publication(self, elem: Element, line: int) -> None:
        raw = child_text(elem, "dataAsOf")
        if raw is not None:
            if not _ISO_DAY.match(raw):
                raise self.error(f"dataAsOf {raw!r} is not an ISO date", line, "dataAsOf")
            self.version.found(raw[:10])
        self.filter_lists = [
            t for e in find_all(elem, "filters/sanctionsLists/sanctionsList") if (t := text(e))
        ]

    def _reference(self, elem: Element) -> None:
        ref_id, iso = attr(elem, "refId"), child_text(elem, "isoCode")
        if ref_id and iso and child_text(elem, "type") == "COUNTRY":
            self.iso[ref_id] = iso.lower()

    def _current_version(self, line: int) -> str:
        missing = "no publicationInfo/dataAsOf before the first entity, and no version given"
        return self.version.current(line, missing, "dataAsOf")

    def _entity(self, elem: Element, line: int) -> None:
        ent_id = attr(elem, "id")
        if ent_id is None:
            raise self.error("entity has no id", line, "id")
        if ent_id in self.parties:
            raise self.error(f"entity id {ent_id} repeats an earlier entity", line, "id")
        info = child(elem, "generalInfo")
        kind = (child_text(info, "entityType") or "").lower()
        if kind not in SCHEMAS:
            raise self.error(f"entity {ent_id}: unknown entityType {kind!r}", line, "entityType")
        record = f"{self.file_name}:entity[id={ent_id}]"
        prov = Provenance(OFAC_SDN, self._current_version(line), record)
        party = OfacParty(ent_id, SCHEMAS[kind], prov)
        party.add(NOTES, child_text(info, "remarks"))
        party.add("position", child_text(info, "title"))
        self._sanction(party, elem)
        if not self._names(party, elem, line):
            raise self.error(f"entity {ent_id} has no name", line, "names")
        self._addresses(party, elem)
        for feature in find_all(elem, "features/feature"):
            self._feature(party, feature)
        self._documents(party, elem)
        for rel in find_all(elem, "relationships/relationship"):
            self._relation(party, rel, line)
        self.parties[ent_id] = party

    def _sanction(self, party: OfacParty, elem: Element) -> None:
        lists = list(find_all(elem, "sanctionsLists/sanctionsList"))
        names = [t for e in lists if (t := text(e))]
        self.on_sdn[SDN_LIST in names] += 1
        party.sanction.add("summary", "; ".join(names) or None)
        dates = sorted(d for e in lists if (d := attr(e, "datePublished")))
        if dates:
            party.sanction.add("listingDate", dates[0])
        for program in find_all(elem, "sanctionsPrograms/sanctionsProgram"):
            party.add_program(text(program))
        for kind in find_all(elem, "sanctionsTypes/sanctionsType"):
            party.sanction.add("provisions", text(kind))
        for authority in find_all(elem, "legalAuthorities/legalAuthority"):
            party.sanction.add("reason", text(authority))

    def _names(self, party: OfacParty, elem: Element, line: int) -> int:
        """Add every name and translation; returns how many were added."""
        added = 0
        for name in find_all(elem, "names/name"):
            primary = child_text(name, "isPrimary") == "true"
            alias_type = (child_text(name, "aliasType") or "a.k.a.").lower()
            prop = "name" if primary else ALIAS_PROPS.get(alias_type)
            if prop is None:
                where = self.stream.line(name) or line
                raise self.error(f"unknown aliasType {alias_type!r}", where, "aliasType")
            weak = child_text(name, "isLowQuality") == "true"
            for trans in find_all(name, "translations/translation"):
                full = _clean_name(child_text(trans, "formattedFullName"))
                if full is None:
                    continue
                latin = child_text(trans, "script") in (None, "Latin")
                party.add_name(prop if latin else "alias", full, weak=weak and latin)
                added += 1
                if prop == "name" and latin and party.schema.is_a("Person"):
                    for part in find_all(trans, "nameParts/namePart"):
                        part_prop = NAME_PROPS.get(child_text(part, "type") or "")
                        if part_prop:
                            party.add(part_prop, child_text(part, "value"))
        return added

    def _country(self, elem: Element | None) -> str | None:
        """A country reference as ISO code where the file's reference values give one."""
        return self.iso.get(attr(elem, "refId") or "") or text(elem)

    def _addresses(self, party: OfacParty, elem: Element) -> None:
        for address in find_all(elem, "addresses/address"):
            country_elem = child(address, "country")
            country = text(country_elem)
            for trans in find_all(address, "translations/translation"):
                found = {
                    child_text(p, "type") or "": child_text(p, "value")
                    for p in find_all(trans, "addressParts/addressPart")
                }
                parts = [found.get(k) for k in ADDRESS_PARTS]
                if any(parts):
                    party.add("address", join_parts(*parts, country, sep=", "))
            party.add("country", self._country(country_elem))

    def _feature(self, party: OfacParty, feature: Element) -> None:
        label = child_text(feature, "type") or ""
        value = child_text(feature, "value")
        date = child(feature, "valueDate")
        how, prop = FEATURES.get(label, ("fact", ""))
        if how == "dates":
            party.add_dates(prop, value or child_text(date, "fromDateBegin"))
        elif how in ("place", "text", "country"):
            party.add(prop, value)
        elif how == "address":
            party.add_address(value, None)
        elif how == "holder":
            party.add_holder(prop, value)
        elif value:
            party.add_fact(label, value)
        party.add(NOTES, child_text(feature, "comments"))

    def _documents(self, party: OfacParty, elem: Element) -> None:
        for doc in find_all(elem, "identityDocuments/identityDocument"):
            label, number = child_text(doc, "type"), child_text(doc, "documentNumber")
            if label is None or number is None:
                continue
            party.add_fact(
                label,
                number,
                country=child_text(doc, "issuingCountry"),
                issued=child_text(child(doc, "issueDate"), "fromDateBegin"),
                expires=child_text(child(doc, "expirationDate"), "fromDateBegin"),
            )

    def _relation(self, party: OfacParty, rel: Element, line: int) -> None:
        related = child(rel, "relatedEntity")
        target = attr(related, "entityId")
        kind = child_text(rel, "type")
        if target is None or kind is None:
            where = self.stream.line(rel) or line
            raise self.error(f"relationship of entity {party.ref} lacks type or target", where)
        rel_id = attr(rel, "id") or f"{party.ref}-{len(self.relations)}"
        self.related_names[rel_id] = text(related) or ""
        self.relations.append(
            Relation(
                rel_id=rel_id,
                source=party.ref,
                target=target,
                kind=kind,
                former=False,
                comment=None,
                line=self.stream.line(rel) or line,
            )
        )

    def _links(self) -> list[Statement]:
        kept: dict[str, Relation] = {}
        outside = 0
        for rel in self.relations:
            if rel.target not in self.parties:
                party = self.parties[rel.source]
                name = self.related_names.get(rel.rel_id, "")
                party.add(NOTES, f"{rel.kind}: {name} (ofac-{rel.target}, not in this file)")
                outside += 1
            else:
                kept.setdefault(rel.rel_id, rel)
        if outside:
            self.notes.append(
                f"{outside} relationships name entries not in this file: kept as notes"
            )
        prov = Provenance(OFAC_SDN, self.version.value, f"{self.file_name}:relationship")
        return link_statements(list(kept.values()), self.parties, prov, self.notes)


def _clean_name(name: str | None) -> str | None:
    """A name without the bidi embedding marks OFAC wraps around right-to-left scripts."""
    if name is None:
        return None
    return " ".join(_BIDI.sub("", name).split()) or None
