"""OFAC's SDN.XML and CONS_PRIM.XML: one ``<sdnEntry>`` per listed party.

Both files share one schema (root ``sdnList``, namespace ``http://tempuri.org/sdnList.xsd``
or OFAC's Sanctions List Service ``.../exports/XML``). Rules this parser follows:

* **Dataset.** Decided from the content (``ofac_dataset``: the header's Record_Count,
  then the share of entries on non-SDN programmes), the name (``CONS*``) only when
  there is no entry to judge: a Consolidated file kept as ``ofac_non_sdn.xml`` is
  ``us_ofac_cons``. The reason is stated in the notes.
* **Record_Count.** A count that disagrees with the entries present is loaded with a
  warning in the notes and the log, not refused: a slice or an export filtered by
  programme is a legitimate thing to screen against, and the user who loads it is
  told plainly that it is partial.
* **Linked To.** "(Linked To: NAME)" in remarks becomes an UnknownLink to the entry
  of that exact name in the same file (id ``ofac-<uid>-link-<target>``, as the CSV
  parser gives); a name no single entry bears stays a note, and the notes count them.
* **Version.** ``publshInformation/Publish_Date`` (MM/DD/YYYY). The ``version``
  argument is used only when the file states no date: a fact keeps the date of the
  file it was read from.
* **Ids.** ``ofac-<uid>``, as the CSV parser gives, so the formats agree.
* **Names** are rendered as OFAC's CSV renders them ("TAJIDEEN, Kassim"), so the
  formats state identical names. a.k.a. strong -> ``alias``; weak -> ``weakAlias``
  (weakness wins over the type); f.k.a. -> ``previousName``; n.k.a. -> ``alias`` (as
  the CSV parser reads it).
* **Vessel owner.** Resolved to the listed party of exactly that name (``owner``),
  else kept as a note, as the CSV parser does.
* **idList.** OFAC puts documents and typed facts alike there ("Passport", "Gender",
  "Secondary sanctions risk:"); ``OfacParty.add_fact`` reads them with the CSV
  Remarks label table, so both formats state the same facts.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import ClassVar
from xml.etree.ElementTree import Element

from moneytrail.errors import InvalidInput
from moneytrail.model import Provenance, Statement
from moneytrail.sources.base import ParsedList, Progress, no_progress
from moneytrail.sources.ofac_dataset import legacy_xml_verdict
from moneytrail.sources.ofac_party import (
    SCHEMAS,
    OfacParty,
    join_parts,
    ofac_name,
    parse_ofac_file,
    resolve_holders,
    resolve_links,
)
from moneytrail.sources.ofac_remarks import linked_names
from moneytrail.sources.xml_base import StreamedVersion, XmlFormat, XmlListSource
from moneytrail.sources.xmlsafe import child, child_text, children, local_name, text

logger = logging.getLogger(__name__)
NAME = "ofac-sdn-xml-v1"
ROOT = "sdnList"
ENTRY = "sdnEntry"
FORMAT = XmlFormat(ROOT, b"<" + ROOT.encode(), "OFAC SDN.XML")
ALIAS_PROPS = {"a.k.a.": "alias", "f.k.a.": "previousName", "n.k.a.": "alias"}
ADDRESS_PARTS = ("address1", "address2", "address3", "city", "stateOrProvince", "postalCode")
VESSEL_PROPS = {
    "callSign": "callSign",
    "vesselType": "type",
    "vesselFlag": "flag",
    "tonnage": "tonnage",
    "grossRegisteredTonnage": "grossRegisteredTonnage",
}
_US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def publish_date(text: str | None) -> str | None:
    """OFAC's MM/DD/YYYY -> ISO; never read day-first, which would swap day and month."""
    text = (text or "").strip()
    if _ISO_DATE.match(text):
        return text
    m = _US_DATE.match(text)
    if m is None:
        return None
    return f"{int(m[3]):04d}-{int(m[1]):02d}-{int(m[2]):02d}"


class OfacSdnXml(XmlListSource):
    """OFAC SDN.XML / CONS_PRIM.XML (root ``sdnList``), the legacy XML form of both lists.

    Dataset ``us_ofac_sdn`` or ``us_ofac_cons``, decided by content. Each entry
    becomes ``ofac-<uid>`` (Person, Organization, Vessel or Airplane) with a
    ``Sanction``; passports, wallets and vessel owners become linked side entities.
    """

    NAME: ClassVar[str] = NAME
    FORMAT: ClassVar[XmlFormat] = FORMAT
    TITLE: ClassVar[str] = "OFAC SDN.XML / CONS_PRIM.XML"

    def parse(
        self, path: Path, *, version: str | None = None, progress: Progress = no_progress
    ) -> ParsedList:
        return parse_ofac_file(
            path,
            legacy_xml_verdict(path),
            lambda dataset: _Reader(path, dataset, version),
            source_format=NAME,
            role="sdn-xml",
            progress=progress,
        )


class _Reader:
    """One pass over the file: the publish date comes first, then the entries."""

    def __init__(self, path: Path, dataset: str, version: str | None) -> None:
        self.path = path
        self.dataset = dataset
        self.declared: int | None = None
        self.notes: list[str] = []
        self.version = StreamedVersion(path, version, self.notes)
        self.stream = FORMAT.stream(path, {"publshInformation", ENTRY})

    @property
    def version_value(self) -> str:
        return self.version.value

    def read(self, progress: Progress) -> list[Statement]:
        parties: dict[str, OfacParty] = {}
        for elem, line in self.stream:
            if local_name(elem.tag) == "publshInformation":
                self._publish_info(elem, line)
                continue
            party = self._entry(elem, line)
            if party.id in parties:
                raise self._error(f"uid repeats an earlier sdnEntry ({party.id})", line, "uid")
            parties[party.id] = party
            progress(len(parties), self.declared)
        self._check_count(len(parties))
        resolve_holders(parties.values())
        links = resolve_links(parties.values(), self.notes)
        return [st for party in parties.values() for st in party.statements()] + links

    def _error(self, reason: str, line: int | None, field: str | None) -> InvalidInput:
        return InvalidInput(reason, file=str(self.path), line=line, field=field)

    def _publish_info(self, elem: Element, line: int) -> None:
        raw = child_text(elem, "Publish_Date")
        date = publish_date(raw)
        if raw is not None and date is None:
            raise self._error(f"Publish_Date {raw!r} is not MM/DD/YYYY", line, "Publish_Date")
        if date is not None:
            self.version.found(date)
        count = child_text(elem, "Record_Count")
        self.declared = int(count) if count and count.isdigit() else None

    def _current_version(self, line: int) -> str:
        missing = (
            "no publshInformation/Publish_Date before the first sdnEntry, and no version given"
        )
        return self.version.current(line, missing, "Publish_Date")

    def _check_count(self, found: int) -> None:
        if self.declared is not None and self.declared != found:
            note = (
                f"Record_Count declares {self.declared} records, found {found}: "
                + ("a partial file (a slice or a filtered export)?" if found < self.declared
                   else "the header is out of date?")
            )  # fmt: skip
            logger.warning("%s: %s", self.path, note)
            self.notes.append(note)

    def _entry(self, elem: Element, line: int) -> OfacParty:
        uid = child_text(elem, "uid")
        if uid is None:
            raise self._error("sdnEntry has no uid", line, "uid")
        sdn_type = (child_text(elem, "sdnType") or "").lower()
        if sdn_type not in SCHEMAS:
            raise self._error(f"sdnEntry uid {uid}: unknown sdnType {sdn_type!r}", line, "sdnType")
        record = f"{self.path.name}:{ENTRY}[uid={uid}]"
        prov = Provenance(self.dataset, self._current_version(line), record)
        party = OfacParty(uid, SCHEMAS[sdn_type], prov)
        first, last = child_text(elem, "firstName"), child_text(elem, "lastName")
        if first is None and last is None:
            raise self._error(f"sdnEntry uid {uid} has no name", line, "lastName")
        party.add_name("name", ofac_name(first, last))
        if party.schema.is_a("Person"):
            party.add("firstName", first)
            party.add("lastName", last)
        party.add("position", child_text(elem, "title"))
        remarks = child_text(elem, "remarks")
        party.add("notes", remarks)
        party.linked.extend(linked_names(remarks))
        for program in _texts(elem, "programList", "program"):
            party.add_program(program)
        self._akas(party, elem, line)
        self._ids(party, elem)
        self._places(party, elem)
        self._vessel(party, elem)
        return party

    def _akas(self, party: OfacParty, elem: Element, line: int) -> None:
        for aka in _items(elem, "akaList", "aka"):
            name = ofac_name(child_text(aka, "firstName"), child_text(aka, "lastName"))
            kind = (child_text(aka, "type") or "a.k.a.").lower()
            if kind not in ALIAS_PROPS:
                where = self.stream.line(aka) or line
                raise self._error(f"aka of uid {party.ref}: unknown type {kind!r}", where, "type")
            weak = (child_text(aka, "category") or "").lower() == "weak"
            party.add_name(ALIAS_PROPS[kind], name, weak=weak)

    def _ids(self, party: OfacParty, elem: Element) -> None:
        for doc in _items(elem, "idList", "id"):
            label, number = child_text(doc, "idType"), child_text(doc, "idNumber")
            if label is None or number is None:
                continue
            party.add_fact(
                label,
                number,
                country=child_text(doc, "idCountry"),
                issued=child_text(doc, "issueDate"),
                expires=child_text(doc, "expirationDate"),
            )

    def _places(self, party: OfacParty, elem: Element) -> None:
        for addr in _items(elem, "addressList", "address"):
            parts = [child_text(addr, part) for part in ADDRESS_PARTS]
            country = child_text(addr, "country")
            full = join_parts(*parts, country, sep=", ") if any(parts) else None
            party.add_address(full, country)
        for country in _texts(elem, "nationalityList", "nationality", "country"):
            party.add("nationality", country)
        for country in _texts(elem, "citizenshipList", "citizenship", "country"):
            party.add("citizenship", country)
        for dob in _texts(elem, "dateOfBirthList", "dateOfBirthItem", "dateOfBirth"):
            party.add_dates("birthDate", dob)
        for pob in _texts(elem, "placeOfBirthList", "placeOfBirthItem", "placeOfBirth"):
            party.add("birthPlace", pob)

    def _vessel(self, party: OfacParty, elem: Element) -> None:
        info = child(elem, "vesselInfo")
        if info is None:
            return
        for tag, prop in VESSEL_PROPS.items():
            party.add(prop, child_text(info, tag))
        party.add_holder("owner", child_text(info, "vesselOwner"))


def _items(elem: Element, list_tag: str, item_tag: str) -> list[Element]:
    return [item for group in children(elem, list_tag) for item in children(group, item_tag)]


def _texts(elem: Element, list_tag: str, item_tag: str, value_tag: str | None = None) -> list[str]:
    """Texts of ``list_tag/item_tag`` (or of ``item_tag/value_tag`` where items are records)."""
    items = _items(elem, list_tag, item_tag)
    values = [text(item) if value_tag is None else child_text(item, value_tag) for item in items]
    return [v for v in values if v]
