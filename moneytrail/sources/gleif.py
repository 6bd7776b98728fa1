"""GLEIF Golden Copy: legal entities (LEI-CDF), parents (RR-CDF), missing parents (Repex).

The LEI is the one company identifier shared by regulators worldwide, and Level 2
says who consolidates whom, so a subsidiary of a designated group can be found
even where no share register is public. Rules:

* **Ids.** ``lei-<LEI>``. Every LEI is checked against its ISO 17442 check digits:
  a reference that fails is an unknown party and stops the load (InvalidInput
  naming file, line and field). A valid LEI named by a relationship or an
  exception but absent from the level 1 file becomes a LegalEntity carrying only
  its ``leiCode``, so the link is kept and record linkage can complete it.
* **Level 1** ``LEIRecord`` -> Company (categories GENERAL, FUND, BRANCH),
  Organization (government entities, international organisations) or LegalEntity
  (sole proprietors, no category): legal and other names, legal and headquarters
  addresses, registration authority number, legal jurisdiction, legal form,
  status, creation and dissolution dates. A lapsed registration is noted: its data
  is no longer checked by the issuer.
* **Level 2** ``RelationshipRecord`` (StartNode is the child, EndNode the parent):
  ``IS_DIRECTLY_CONSOLIDATED_BY`` / ``IS_ULTIMATELY_CONSOLIDATED_BY`` -> Ownership
  (owner = parent, asset = child) with that role, ownershipType "accounting
  consolidation", the relationship period and status. Consolidation means
  control, not a known share, so no percentage is stated and the ownership rule
  reports it as unknown; GLEIF's quantifier, where given, stays in the
  description. ``IS_INTERNATIONAL_BRANCH_OF`` -> Ownership at 100% (a branch is
  part of its head office). Fund links (``IS_FUND-MANAGED_BY``, ``IS_SUBFUND_OF``,
  ``IS_FEEDER_TO``) -> UnknownLink with the type as role.
* **Repex** ``Exception`` -> a note on the entity saying which parent is not
  reported and why (natural persons, non-public, no LEI, ...).
* **Dataset** ``gleif``; **version** the header's ``ContentDate`` of each file (the
  latest for the load), else the ``version`` argument, else the load date (undated). Full
  and update files may be loaded together: the record from the newer file wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar
from xml.etree.ElementTree import Element

from moneytrail.errors import InvalidInput, SourceError
from moneytrail.model import EntityBuilder, Provenance, Statement
from moneytrail.sources.base import (
    ParsedList,
    Progress,
    SourceFile,
    load_date,
    no_progress,
)
from moneytrail.sources.records import safe_id
from moneytrail.sources.xml_base import XmlFormat
from moneytrail.sources.xmlsafe import (
    XmlStream,
    child,
    child_text,
    children,
    element_ref,
    find_all,
    local_name,
)

NAME = "gleif-v1"
DATASET = "gleif"
TITLE = "GLEIF LEI Golden Copy (level 1, level 2, reporting exceptions)"
PUBLISHER = "Global Legal Entity Identifier Foundation"
ROOTS = {b"LEIData": "lei", b"RelationshipData": "rr", b"ReportingExceptionData": "repex"}
_SCHEMA = re.compile(rb"gleif\.org/data/schema")
FORMATS = {
    kind: XmlFormat(root.decode(), root, f"GLEIF {kind} XML", also=_SCHEMA, head=2048)
    for root, kind in ROOTS.items()
}
RECORDS = {"lei": "LEIRecord", "rr": "RelationshipRecord", "repex": "Exception"}
HEADERS = ("LEIHeader", "Header")
SCHEMAS = {"GENERAL": "Company", "FUND": "Company", "BRANCH": "Company"}
SCHEMAS |= {
    "RESIDENT_GOVERNMENT_ENTITY": "Organization",
    "INTERNATIONAL_ORGANIZATION": "Organization",
}
CONSOLIDATION = ("IS_DIRECTLY_CONSOLIDATED_BY", "IS_ULTIMATELY_CONSOLIDATED_BY")
BRANCH = "IS_INTERNATIONAL_BRANCH_OF"
ADDRESS_LINES: tuple[str, ...] = ("FirstAddressLine", "AddressNumber", "MailRouting")
ADDRESS_LINES += ("AdditionalAddressLine", "City", "Region", "PostalCode", "Country")
PARENTS = {
    "DIRECT_ACCOUNTING_CONSOLIDATION_PARENT": "direct accounting consolidation parent",
    "ULTIMATE_ACCOUNTING_CONSOLIDATION_PARENT": "ultimate accounting consolidation parent",
}
REASONS = {
    "NATURAL_PERSONS": "the entity is controlled by natural persons",
    "NON_CONSOLIDATING": "no parent consolidates the entity in its financial statements",
    "NO_KNOWN_PERSON": "there is no known person controlling the entity",
    "NON_PUBLIC": "the parent's identity is withheld (legal obstacle, no consent or detriment)",
    "NO_LEI": "the parent has no LEI",
}
_LEI = re.compile(r"^[A-Z0-9]{18}\d{2}$")


def valid_lei(value: str) -> bool:
    """ISO 17442: 20 characters whose ISO 7064 MOD 97-10 remainder is 1."""
    if not _LEI.match(value):
        return False
    return int("".join(str(int(c, 36)) for c in value)) % 97 == 1


def _kind_of(path: Path) -> str | None:
    """Which GLEIF file ``path`` is, by its first bytes: GLEIF's schema and a root name."""
    return next((kind for kind, fmt in FORMATS.items() if fmt.detect(path)), None)


def _files(path: Path) -> list[tuple[Path, str]]:
    paths = sorted(path.glob("*.xml")) if path.is_dir() else [path]
    return [(p, kind) for p in paths if (kind := _kind_of(p)) is not None]


class GleifGoldenCopy:
    """GLEIF LEI-CDF, RR-CDF and Repex XML: a file or a folder holding any of them.

    Entities ``lei-<LEI>``; consolidation parents as Ownership with role
    ``IS_DIRECTLY_CONSOLIDATED_BY`` / ``IS_ULTIMATELY_CONSOLIDATED_BY``; reporting
    exceptions as notes. Version: each file's header ContentDate.
    """

    NAME: ClassVar[str] = NAME
    TITLE: ClassVar[str] = TITLE

    @classmethod
    def detect(cls, path: Path) -> bool:
        return bool(_files(path))

    def parse(
        self, path: Path, *, version: str | None = None, progress: Progress = no_progress
    ) -> ParsedList:
        files = _files(path)
        if not files:
            raise SourceError(f"{path}: no GLEIF LEI, RR or Repex XML file found")
        reader = _Reader(version)
        order = {"lei": 0, "rr": 1, "repex": 2}
        read = [reader.read_file(p, kind) for p, kind in sorted(files, key=lambda f: order[f[1]])]
        read.sort(key=lambda f: f.path.name)
        return ParsedList(
            dataset=DATASET,
            title=TITLE,
            publisher=PUBLISHER,
            version=max(f.version for f in read),
            source_format=NAME,
            files=[SourceFile.of(f.path, f.kind, f.version) for f in read],
            statements=reader.statements(progress),
            notes=reader.notes,
            version_basis="undated" if reader.undated else "file",
        )


@dataclass
class _File:
    path: Path
    kind: str
    version: str


@dataclass
class _Entry:
    """One record's entity, with the file date that decides which copy wins."""

    version: str
    builder: EntityBuilder


class _Reader:
    """Reads files in order level 1, level 2, exceptions; newer copies replace older."""

    def __init__(self, version: str | None) -> None:
        self.given = version
        self.entities: dict[str, _Entry] = {}
        self.links: dict[str, _Entry] = {}
        self.exceptions: dict[tuple[str, str], tuple[str, str, Provenance]] = {}
        self.notes: list[str] = []
        self.undated = False

    def read_file(self, path: Path, kind: str) -> _File:
        stream = XmlStream(path, {*HEADERS, RECORDS[kind]})
        version = ""
        for elem, line in stream:
            if local_name(elem.tag) in HEADERS:
                version = (child_text(elem, "ContentDate") or "")[:10]
                continue
            version = version or self._fallback()
            record = _Record(path, elem, line, version)
            if kind == "lei":
                entity = record.entity()
                self._keep(self.entities, entity.id, version, entity)
            elif kind == "rr":
                self._keep(self.links, *record.relationship())
            else:
                lei, category, note = record.exception()
                self._exception(lei, category, note, record.prov(lei, "Exception"))
        return _File(path, kind, version or self._fallback())

    def _fallback(self) -> str:
        """The given version, else the load date: a file without ContentDate is undated."""
        if self.given:
            return self.given
        self.undated = True
        return load_date()

    def _keep(self, found: dict[str, _Entry], key: str, version: str, b: EntityBuilder) -> None:
        if key not in found or found[key].version <= version:
            found[key] = _Entry(version, b)

    def _exception(self, lei: str, category: str, note: str, prov: Provenance) -> None:
        known = self.exceptions.get((lei, category))
        if known is None or known[0] <= prov.list_version:
            self.exceptions[(lei, category)] = (prov.list_version, note, prov)

    def _entity(self, lei: str, prov: Provenance) -> EntityBuilder:
        """The entity of ``lei``; a valid LEI outside the level 1 data gets a stub."""
        entity_id = safe_id("lei", lei)
        if entity_id not in self.entities:
            stub = EntityBuilder(entity_id, "LegalEntity", prov)
            stub.add("leiCode", lei)
            stub.add("notes", "LEI not in the level 1 data of this load: only its links are known")
            self.entities[entity_id] = _Entry(prov.list_version, stub)
        return self.entities[entity_id].builder

    def statements(self, progress: Progress) -> list[Statement]:
        links = [e.builder for e in self.links.values()]
        for link in links:
            for st in link.statements():
                if st.prop in ("owner", "asset", "subject", "object"):
                    self._entity(st.value.removeprefix("lei-"), link.provenance)
        for (lei, _), (_, note, prov) in sorted(self.exceptions.items()):
            self._entity(lei, prov).add("notes", note, provenance=prov)
        out = [st for e in self.entities.values() for st in e.builder.statements()]
        for done, link in enumerate(links, start=1):
            out.extend(link.statements())
            progress(done, len(links))
        return out


class _Record:
    """One record element of a file, with its line for errors and provenance."""

    def __init__(self, path: Path, elem: Element, line: int, version: str) -> None:
        self.path, self.elem, self.line, self.version = path, elem, line, version

    def error(self, reason: str, field: str) -> InvalidInput:
        return InvalidInput(reason, file=str(self.path), line=self.line, field=field)

    def prov(self, lei: str, tag: str) -> Provenance:
        ref = element_ref(self.path.name, tag, "LEI", lei, self.line)
        return Provenance(DATASET, self.version, ref)

    def lei(self, path: str, elem: Element | None = None) -> str:
        found = [e for e in find_all(elem if elem is not None else self.elem, path)]
        value = (found[0].text or "").strip().upper() if found else ""
        if not valid_lei(value):
            what = "is missing" if not value else f"{value!r} is not a valid LEI (ISO 17442)"
            raise self.error(f"{path} {what}: expected a known party", path)
        return value

    def entity(self) -> EntityBuilder:
        lei = self.lei("LEI")
        entity_el, reg = child(self.elem, "Entity"), child(self.elem, "Registration")
        schema = SCHEMAS.get(child_text(entity_el, "EntityCategory") or "", "LegalEntity")
        entity = EntityBuilder(safe_id("lei", lei), schema, self.prov(lei, "LEIRecord"))
        entity.add("leiCode", lei)
        entity.add("name", child_text(entity_el, "LegalName"))
        for other in find_all(entity_el, "OtherEntityNames/OtherEntityName"):
            kind = other.get("type") or ""
            entity.add("previousName" if kind.startswith("PREVIOUS") else "alias", other.text)
        for other in find_all(
            entity_el, "TransliteratedOtherEntityNames/TransliteratedOtherEntityName"
        ):
            entity.add("alias", other.text)
        addresses = [child(entity_el, "LegalAddress"), child(entity_el, "HeadquartersAddress")]
        addresses += list(find_all(entity_el, "OtherAddresses/OtherAddress"))
        for address in addresses:
            entity.add("address", _address(address))
            entity.add("country", child_text(address, "Country"))
        _registration(entity, entity_el, reg)
        return entity

    def relationship(self) -> tuple[str, str, EntityBuilder]:
        rel = child(self.elem, "Relationship")
        for node in ("StartNode", "EndNode"):
            node_type = child_text(child(rel, node), "NodeIDType")
            if node_type != "LEI":
                raise self.error(
                    f"{node} has id type {node_type!r}: expected LEI", f"{node}/NodeIDType"
                )
        child_lei, parent = self.lei("StartNode/NodeID", rel), self.lei("EndNode/NodeID", rel)
        kind = child_text(rel, "RelationshipType") or "UNKNOWN_RELATIONSHIP"
        link_id = safe_id("lei", f"{child_lei}-{kind.lower().replace('_', '-')}-{parent}")
        prov = self.prov(child_lei, "RelationshipRecord")
        if kind in CONSOLIDATION or kind == BRANCH:
            link = EntityBuilder(link_id, "Ownership", prov)
            link.add("owner", safe_id("lei", parent))
            link.add("asset", safe_id("lei", child_lei))
            link.add("ownershipType", "branch" if kind == BRANCH else "accounting consolidation")
            link.add("percentage", "100" if kind == BRANCH else None)
        else:
            link = EntityBuilder(link_id, "UnknownLink", prov)
            link.add("subject", safe_id("lei", child_lei))
            link.add("object", safe_id("lei", parent))
        link.add("role", kind)
        _relationship_facts(link, rel, child(self.elem, "Registration"))
        return link_id, self.version, link

    def exception(self) -> tuple[str, str, str]:
        lei = self.lei("LEI")
        category = child_text(self.elem, "ExceptionCategory") or ""
        reason = child_text(self.elem, "ExceptionReason") or ""
        parent = PARENTS.get(category, category.lower().replace("_", " ") or "parent")
        note = f"GLEIF: no {parent} reported: {REASONS.get(reason, reason or 'no reason given')}"
        references = [
            t for e in children(self.elem, "ExceptionReference") if (t := (e.text or "").strip())
        ]
        if references:
            note += f" (reference: {'; '.join(references)})"
        return lei, category, note + f" [{reason}]"


def _address(address: Element | None) -> str | None:
    parts = [(e.text or "").strip() for e in children(address, *ADDRESS_LINES)]
    return ", ".join(p for p in parts if p) or None


def _registration(entity: EntityBuilder, entity_el: Element | None, reg: Element | None) -> None:
    """Identifiers, form, status and dates: what lets an LEI be matched to a registry."""
    authority = child(entity_el, "RegistrationAuthority")
    number = child_text(authority, "RegistrationAuthorityEntityID")
    ra_id = child_text(authority, "RegistrationAuthorityID") or child_text(
        authority, "OtherRegistrationAuthorityID"
    )
    entity.add(
        "registrationNumber", number, original=f"{ra_id}: {number}" if ra_id and number else None
    )
    entity.add("jurisdiction", child_text(entity_el, "LegalJurisdiction"))
    form = child(entity_el, "LegalForm")
    entity.add(
        "legalForm", child_text(form, "OtherLegalForm") or child_text(form, "EntityLegalFormCode")
    )
    entity.add("status", child_text(entity_el, "EntityStatus"))
    entity.add(
        "incorporationDate", (child_text(entity_el, "EntityCreationDate") or "")[:10] or None
    )
    for event in find_all(entity_el, "LegalEntityEvents/LegalEntityEvent"):
        kind, when = (
            child_text(event, "LegalEntityEventType"),
            child_text(event, "LegalEntityEventEffectiveDate"),
        )
        if kind == "DISSOLUTION" and when:
            entity.add("dissolutionDate", when[:10])
        entity.add("notes", f"GLEIF event {kind}" + (f" effective {when[:10]}" if when else ""))
    status = child_text(reg, "RegistrationStatus")
    if status and status != "ISSUED":
        entity.add(
            "notes", f"LEI registration status {status}: the issuer no longer vouches for the data"
        )
    entity.add("modifiedAt", (child_text(reg, "LastUpdateDate") or "")[:10] or None)


def _relationship_facts(link: EntityBuilder, rel: Element | None, reg: Element | None) -> None:
    """Period, status, qualifiers and quantifiers: how far the parent link can be relied on."""
    extra = []
    for period in find_all(rel, "RelationshipPeriods/RelationshipPeriod"):
        start = (child_text(period, "StartDate") or "")[:10]
        end = (child_text(period, "EndDate") or "")[:10]
        kind = child_text(period, "PeriodType") or ""
        if kind == "RELATIONSHIP_PERIOD":
            link.add("startDate", start or None)
            link.add("endDate", end or None)
        else:
            extra.append(f"{kind} {start or '?'} to {end or '?'}")
    for qualifier in find_all(rel, "RelationshipQualifiers/RelationshipQualifier"):
        extra.append(
            " ".join(
                t
                for t in (
                    child_text(qualifier, "QualifierDimension"),
                    child_text(qualifier, "QualifierCategory"),
                )
                if t
            )
        )
    for quantifier in find_all(rel, "RelationshipQuantifiers/RelationshipQuantifier"):
        words = [
            child_text(quantifier, t)
            for t in ("MeasurementMethod", "QuantifierAmount", "QuantifierUnits")
        ]
        extra.append("quantifier " + " ".join(w for w in words if w))
    link.add("description", "; ".join(e for e in extra if e) or None)
    link.add("status", child_text(rel, "RelationshipStatus"))
    registration = child_text(reg, "RegistrationStatus")
    sources = child_text(reg, "ValidationSources")
    if registration:
        link.add("summary", f"registration {registration}" + (f", {sources}" if sources else ""))
    link.add("modifiedAt", (child_text(reg, "LastUpdateDate") or "")[:10] or None)
