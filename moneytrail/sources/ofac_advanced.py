"""OFAC's SDN_ADVANCED.XML / CONS_ADVANCED.XML: the list in the UN's Sanctions schema.

The advanced file names everything by numeric reference, so it is read in file order,
resolving as it goes: ``DateOfIssue`` (the version), ``ReferenceValueSets`` (what
each id means), ``Locations`` and ``IDRegDocuments`` (looked up by the parties),
``DistinctParties``, ``ProfileRelationships`` and ``SanctionsEntries``. Each part is
streamed and dropped once read, so a 100 MB file does not sit in memory as a tree.
Decoding the numeric references is ``ofac_advanced_decode``; this module maps each
party to an ``OfacParty`` (``ofac_party``), its labels through ``ofac_labels`` and
its relationships through ``ofac_links``, as the enhanced XML parser does.

Rules, shared with the SDN.XML parser through ``OfacParty``:

* ids ``ofac-<FixedRef>``, the same as the CSV and SDN.XML parsers give;
* alias type Name -> ``name``, A.K.A. and N.K.A. -> ``alias``, F.K.A. -> ``previousName``,
  ``LowQuality="true"`` -> ``weakAlias``; a name written in a non-Latin script
  (``ScriptID``) is kept as an ``alias``, so the primary name stays the Latin one;
* the program is the ``Comment`` of a ``SanctionsMeasure`` of type "Program", the
  listing date the ``EntryEvent`` date;
* a ``ProfileRelationship`` becomes the link its type names ("Owned or Controlled
  By" -> ``Ownership``); other types become an ``UnknownLink`` with the type as role.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import ClassVar
from xml.etree.ElementTree import Element

from moneytrail.errors import InvalidInput
from moneytrail.model import Provenance, Statement
from moneytrail.sources.base import ParsedList, Progress, no_progress
from moneytrail.sources.ofac_advanced_decode import Place, RefTables, period_text, ymd
from moneytrail.sources.ofac_dataset import advanced_xml_verdict
from moneytrail.sources.ofac_labels import (
    ALIAS_PROPS,
    FAMILY_PARTS,
    FEATURES,
    GIVEN_PARTS,
    NAME_PROPS,
)
from moneytrail.sources.ofac_links import Relation, link_statements
from moneytrail.sources.ofac_party import (
    SCHEMAS,
    OfacParty,
    join_parts,
    ofac_name,
    parse_ofac_file,
    resolve_holders,
)
from moneytrail.sources.xml_base import StreamedVersion, XmlFormat, XmlListSource
from moneytrail.sources.xmlsafe import attr, child, child_text, children, local_name

NAME = "ofac-sdn-advanced-xml-v1"
ROOT = "Sanctions"
# The UN's Sanctions schema, as OFAC writes it: the namespace tells it from other
# <Sanctions> roots.
NAMESPACES = re.compile(rb"ADVANCED_XML|un\.org/sanctions/1\.0")
FORMAT = XmlFormat(ROOT, b"<" + ROOT.encode(), "OFAC advanced XML", also=NAMESPACES)
RECORDS = (
    "DateOfIssue",
    "ReferenceValueSets",
    "Location",
    "IDRegDocument",
    "DistinctParty",
    "ProfileRelationship",
    "SanctionsEntry",
)


class OfacAdvancedXml(XmlListSource):
    """OFAC SDN_ADVANCED.XML / CONS_ADVANCED.XML (root ``Sanctions``), the richest OFAC form.

    Same dataset rule and ids as the SDN.XML parser (``ofac-<FixedRef>``); adds
    ``ProfileRelationships`` as links (ownership, family, representation, ...) and
    original-script names.
    """

    NAME: ClassVar[str] = NAME
    FORMAT: ClassVar[XmlFormat] = FORMAT
    TITLE: ClassVar[str] = "OFAC SDN_ADVANCED.XML"

    def parse(
        self, path: Path, *, version: str | None = None, progress: Progress = no_progress
    ) -> ParsedList:
        return parse_ofac_file(
            path,
            advanced_xml_verdict(path),
            lambda dataset: _Reader(path, dataset, version),
            source_format=NAME,
            role="sdn-advanced-xml",
            progress=progress,
        )


class _Reader:
    """State carried through one file: reference tables first, then the parties."""

    def __init__(self, path: Path, dataset: str, version: str | None) -> None:
        self.path = path
        self.dataset = dataset
        self.notes: list[str] = []
        # The advanced parser's own wording when --version disagrees with DateOfIssue.
        self.version = StreamedVersion(
            path, version, self.notes, "version {given} given, the file says {found}"
        )
        self.parties: dict[str, OfacParty] = {}
        self.relations: list[Relation] = []
        self.stream = FORMAT.stream(path, RECORDS)
        self.refs = RefTables(path, self.stream.line)

    @property
    def version_value(self) -> str:
        return self.version.value

    def read(self, progress: Progress) -> list[Statement]:
        handlers = {
            "DateOfIssue": self._date_of_issue,
            "ReferenceValueSets": lambda elem, _: self.refs.read_sets(elem),
            "Location": lambda elem, _: self.refs.read_location(elem),
            "IDRegDocument": self.refs.read_document,
            "DistinctParty": self._party,
            "ProfileRelationship": self._relation,
            "SanctionsEntry": self._entry,
        }
        for elem, line in self.stream:
            handlers[local_name(elem.tag)](elem, line)
            if local_name(elem.tag) == "DistinctParty":
                progress(len(self.parties), None)
        resolve_holders(self.parties.values())
        links = self._links()  # first: a link may turn an Organization into a Company
        return [st for party in self.parties.values() for st in party.statements()] + links

    def error(self, reason: str, line: int | None, field: str | None = None) -> InvalidInput:
        return InvalidInput(reason, file=str(self.path), line=line, field=field)

    def _date_of_issue(self, elem: Element, line: int) -> None:
        date = ymd(elem)
        if date is None or len(date) != 10:
            raise self.error("DateOfIssue is not a full Year/Month/Day date", line, "DateOfIssue")
        self.version.found(date)

    def _current_version(self, line: int) -> str:
        missing = "no DateOfIssue before the first DistinctParty, and no version given"
        return self.version.current(line, missing, "DateOfIssue")

    def _party(self, elem: Element, line: int) -> None:
        fixed_ref = attr(elem, "FixedRef")
        profile = child(elem, "Profile")
        if fixed_ref is None:
            raise self.error("DistinctParty has no FixedRef", line, "FixedRef")
        if profile is None or attr(profile, "ID") is None:
            raise self.error(f"DistinctParty {fixed_ref} has no Profile ID", line, "Profile")
        record = f"{self.path.name}:DistinctParty[FixedRef={fixed_ref}]"
        prov = Provenance(self.dataset, self._current_version(line), record)
        party = OfacParty(fixed_ref, self._schema(profile, line), prov)
        party.add("notes", child_text(elem, "Comment"))
        for identity in children(profile, "Identity"):
            self._identity(party, identity, line)
        for feature in children(profile, "Feature"):
            self._feature(party, feature, line)
        self.parties[attr(profile, "ID") or fixed_ref] = party

    def _schema(self, profile: Element, line: int) -> str:
        sub_id = attr(profile, "PartySubTypeID")
        sub_type = self.refs.element("PartySubType", sub_id)
        if sub_type is None:
            raise self.error(f"PartySubTypeID {sub_id!r} is not in the tables", line, "Profile")
        kind = (sub_type.text or "").strip()
        if kind.lower() == "unknown":
            kind = self.refs.require("PartyType", sub_type, "PartyTypeID", line)
        if kind.lower() not in SCHEMAS:
            raise self.error(f"party type {kind!r} is not one OFAC lists", line, "PartySubTypeID")
        return SCHEMAS[kind.lower()]

    def _identity(self, party: OfacParty, identity: Element, line: int) -> None:
        groups: dict[str, str] = {}
        for group in children(identity, "NamePartGroups"):
            for master in children(group, "MasterNamePartGroup"):
                for part in children(master, "NamePartGroup"):
                    kind = self.refs.require("NamePartType", part, "NamePartTypeID", line)
                    groups[attr(part, "ID") or ""] = kind
        for alias in children(identity, "Alias"):
            self._alias(party, alias, groups, line)
        for doc in self.refs.documents.pop(attr(identity, "ID") or "", []):
            party.add_fact(
                doc.label, doc.number, country=doc.country, issued=doc.issued, expires=doc.expires
            )

    def _alias(self, party: OfacParty, alias: Element, groups: dict[str, str], line: int) -> None:
        kind = self.refs.require("AliasType", alias, "AliasTypeID", line).lower()
        if kind not in ALIAS_PROPS:
            where = self.stream.line(alias) or line
            raise self.error(f"alias type {kind!r} is not one OFAC uses", where, "AliasTypeID")
        weak = attr(alias, "LowQuality") == "true"
        primary = attr(alias, "Primary") == "true"
        for documented in children(alias, "DocumentedName"):
            parts: list[tuple[str, str]] = []
            latin = True
            for value in (v for p in children(documented, "DocumentedNamePart") for v in p):
                text = (value.text or "").strip()
                if local_name(value.tag) != "NamePartValue" or not text:
                    continue
                parts.append((groups.get(attr(value, "NamePartGroupID") or "", ""), text))
                latin = latin and self._is_latin(attr(value, "ScriptID"))
            prop = ALIAS_PROPS[kind] if latin or kind != "name" else "alias"
            party.add_name(prop, _compose(parts), weak=weak)
            if primary and latin and prop == "name" and party.schema.is_a("Person"):
                for part_type, text in parts:
                    party.add(NAME_PROPS.get(part_type, "notes"), text)

    def _is_latin(self, script_id: str | None) -> bool:
        script = self.refs.element("Script", script_id)
        if script is None:
            return True
        return (attr(script, "ScriptCode") or (script.text or "").strip()) in ("Latn", "Latin")

    def _feature(self, party: OfacParty, feature: Element, line: int) -> None:
        label = self.refs.require("FeatureType", feature, "FeatureTypeID", line)
        for version in children(feature, "FeatureVersion"):
            detail = child(version, "VersionDetail")
            text = self.refs.text("DetailReference", attr(detail, "DetailReferenceID"))
            text = text or child_text(version, "VersionDetail")
            period = child(version, "DatePeriod")
            when = None if period is None else period_text(period)
            loc_id = attr(child(version, "VersionLocation"), "LocationID")
            place = self.refs.places.get(loc_id or "")
            if loc_id is not None and place is None:
                where = self.stream.line(version) or line
                raise self.error(f"LocationID {loc_id!r} is not in Locations", where, "LocationID")
            _apply_feature(party, label, text, when, place)

    def _relation(self, elem: Element, line: int) -> None:
        self.relations.append(
            Relation(
                rel_id=attr(elem, "ID") or str(len(self.relations)),
                source=attr(elem, "From-ProfileID") or "",
                target=attr(elem, "To-ProfileID") or "",
                kind=self.refs.require("RelationType", elem, "RelationTypeID", line),
                former=attr(elem, "Former") == "true",
                comment=child_text(elem, "Comment"),
                line=line,
            )
        )

    def _entry(self, elem: Element, line: int) -> None:
        profile_id = attr(elem, "ProfileID")
        party = self.parties.get(profile_id or "")
        if party is None:
            raise self.error(f"ProfileID {profile_id!r} names no DistinctParty", line, "ProfileID")
        for event in children(elem, "EntryEvent"):
            party.sanction.add("listingDate", ymd(child(event, "Date")))
            basis = self.refs.text("LegalBasis", attr(event, "LegalBasisID"))
            party.sanction.add("reason", basis)
        for measure in children(elem, "SanctionsMeasure"):
            kind = self.refs.require("SanctionsType", measure, "SanctionsTypeID", line)
            if kind.lower() == "program":
                party.add_program(child_text(measure, "Comment"))
            else:
                party.sanction.add("provisions", kind)

    def _links(self) -> list[Statement]:
        for rel in self.relations:
            for profile_id, role in ((rel.source, "From-ProfileID"), (rel.target, "To-ProfileID")):
                if profile_id not in self.parties:
                    raise self.error(
                        f"ProfileRelationship {rel.rel_id}: {role} {profile_id!r} "
                        "names no DistinctParty",
                        rel.line,
                        role,
                    )
        record = f"{self.path.name}:ProfileRelationship"
        prov = Provenance(self.dataset, self.version.value, record)
        return link_statements(self.relations, self.parties, prov, self.notes)


def _compose(parts: list[tuple[str, str]]) -> str | None:
    """A name from its typed parts: a person's as "LAST, Given", others in file order."""
    given = [text for kind, text in parts if kind in GIVEN_PARTS]
    family = [text for kind, text in parts if kind in FAMILY_PARTS]
    if not given and not family:
        return join_parts(*(text for _, text in parts))
    rest = [text for kind, text in parts if kind not in GIVEN_PARTS + FAMILY_PARTS]
    return ofac_name(join_parts(*given, *rest), join_parts(*family))


def _apply_feature(
    party: OfacParty, label: str, text: str | None, when: str | None, place: Place | None
) -> None:
    how, prop = FEATURES.get(label, ("fact", ""))
    if how == "dates":
        party.add_dates(prop, when or text)
    elif how == "place":
        party.add(prop, place.full if place else text)
    elif how == "country":
        party.add(prop, (place.country or place.full) if place else text)
    elif how == "address":
        party.add_address(place.full if place else text, place.country if place else None)
    elif how == "holder":
        party.add_holder(prop, text)
    elif how == "text":
        party.add(prop, text)
    else:
        value = text or when or (place.full if place else None)
        if value:
            party.add_fact(label, value)
