"""Canada's Consolidated Canadian Autonomous Sanctions List (SEMA and JVCFOA), XML.

Global Affairs Canada publishes ``sema-lmes.xml``: root ``data-set``, one flat
``<record>`` per listed person, entity or ship, under the regulation it is listed by
(``Country``, "Burma / Birmanie", or the JVCFOR for the Magnitsky-type law), with its
``Schedule`` and ``Item`` number there. Rules:

* **Dataset** ``ca_dfatd_sema_sanctions``.
* **Ids.** The list has no reference numbers: an entry is its regime, schedule and
  item, so ids are ``ca-sema-<regime>-<schedule>-<item>`` (``ca-sema-burma-1-17``;
  the regime is the English name before " / ", or its acronym in parentheses,
  ``jvcfor``). Canada renumbers items when it amends a schedule, so an id holds
  within one list version and across versions only while the schedule is unchanged.
* **Schema.** ``Entity`` -> Organization, ``ShipName`` -> Vessel, else ``LastName`` /
  ``GivenName`` -> Person.
* **Aliases** are one comma-separated text. It is split on commas, except before a
  legal form ("Pte. Ltd., ..." stays whole). A one-word alias of a person ("Andrei")
  is a spelling of one part of the name, so it becomes a ``weakAlias``: screened,
  never alerting on its own.
* **Dates of birth** are ISO dates or prefixes, sometimes "A or B" (both kept).
* **Version.** The file states no date: the ``version`` given, else the load date,
  and the list is marked undated (``ParsedList.version_basis``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import ClassVar
from xml.etree.ElementTree import Element

from normality import slugify

from moneytrail.errors import InvalidInput
from moneytrail.model import EntityBuilder, Provenance, Statement
from moneytrail.model.ids import derived_id
from moneytrail.sources.base import Entries, ParsedList, Progress, SourceFile, no_progress
from moneytrail.sources.dates import parse_dates
from moneytrail.sources.xml_base import XmlFormat, XmlListSource, dated_or_loaded, root_marker
from moneytrail.sources.xmlsafe import child_text, element_ref

NAME = "ca-sema-xml-v1"
TITLE = "Canada Consolidated Autonomous Sanctions List (SEMA / JVCFOA)"
DATASET = "ca_dfatd_sema_sanctions"
PUBLISHER = "Global Affairs Canada"
ROOT = "data-set"
RECORD = "record"
# Another list may use a <data-set> root: the field names tell Canada's apart.
FORMAT = XmlFormat(
    ROOT, root_marker(ROOT), "Canada SEMA XML", also=re.compile(rb"<(?:Schedule|GivenName|Entity)>")
)
_ACRONYM = re.compile(r"\(([A-Z]{3,})\)")
_LEGAL_FORM = re.compile(
    r"^(?:ltd|limited|inc|llc|llp|co|corp|corporation|plc|pte|pjsc|ojsc|cjsc|jsc|s\.?a|gmbh)\b",
    re.IGNORECASE,
)


def sema_id(regime: str, schedule: str | None, item: str) -> str:
    """``ca-sema-<regime>-<schedule>-<item>``: the entry's place in the regulations."""
    english = regime.split(" / ")[0]
    acronym = _ACRONYM.search(english)
    key = acronym[1] if acronym else english
    parts = [slugify(key) or "x", slugify(schedule or "") or "x", slugify(item) or "x"]
    return "ca-sema-" + "-".join(parts)


def split_aliases(text: str) -> list[str]:
    """Comma-separated aliases; a legal form after a comma stays with its name."""
    names: list[str] = []
    for piece in text.split(","):
        piece = piece.strip().strip("()").strip()
        if not piece:
            continue
        if names and _LEGAL_FORM.match(piece):
            names[-1] = f"{names[-1]}, {piece}"
        else:
            names.append(piece)
    return names


class CanadaSemaXml(XmlListSource):
    """Canada's consolidated autonomous sanctions list XML (root ``data-set``, ``record``).

    Dataset ``ca_dfatd_sema_sanctions``; persons, organizations and vessels with a
    Sanction naming the regulation (programme) and schedule (provisions).
    """

    NAME: ClassVar[str] = NAME
    FORMAT: ClassVar[XmlFormat] = FORMAT
    TITLE: ClassVar[str] = TITLE

    def parse(
        self, path: Path, *, version: str | None = None, progress: Progress = no_progress
    ) -> ParsedList:
        notes: list[str] = []
        list_version, basis = dated_or_loaded(None, version, notes)
        stream = FORMAT.stream(path, {RECORD})
        entries = Entries(path, "Item", progress)
        for elem, line in stream:
            entity_id, record = _record(path, elem, line, list_version)
            entries.add(entity_id, line, record)
        parsed = ParsedList(
            dataset=DATASET,
            title=TITLE,
            publisher=PUBLISHER,
            version=list_version,
            source_format=NAME,
            files=[SourceFile.of(path, "sema-xml", list_version)],
            statements=entries.statements,
            notes=notes,
        )
        parsed.version_basis = basis
        return parsed


def _record(path: Path, elem: Element, line: int, version: str) -> tuple[str, list[Statement]]:
    regime, item = child_text(elem, "Country"), child_text(elem, "Item")
    if regime is None or item is None:
        field = "Country" if regime is None else "Item"
        raise InvalidInput(f"record without {field}", file=str(path), line=line, field=field)
    schedule = child_text(elem, "Schedule")
    entity_id = sema_id(regime, schedule, item)
    ref = f"{regime.split(' / ')[0]} {schedule or '-'}/{item}"
    prov = Provenance(DATASET, version, element_ref(path.name, RECORD, "Item", ref, line))
    given, last = child_text(elem, "GivenName"), child_text(elem, "LastName")
    org, ship = child_text(elem, "Entity"), child_text(elem, "ShipName")
    if org is None and ship is None and given is None and last is None:
        raise InvalidInput("record without a name", file=str(path), line=line, field="Entity")
    schema = "Vessel" if ship else "Organization" if org else "Person"
    entity = EntityBuilder(entity_id, schema, prov)
    entity.add("topics", "sanction")
    entity.add("program", regime)
    if schema == "Person":
        entity.add("name", " ".join(p for p in (given, last) if p))
        entity.add("firstName", given)
        entity.add("lastName", last)
        entity.add("title", child_text(elem, "Title"))
        born = child_text(elem, "DateOfBirth")
        for raw in _split_or(born):
            for date in parse_dates(raw) or [raw]:
                entity.add("birthDate", date, original=born if born != date else None)
    else:
        entity.add("name", ship or org)
        entity.add("imoNumber" if ship else "notes", child_text(elem, "IMO"))
    aliases = child_text(elem, "Aliases")
    for alias in split_aliases(aliases or ""):
        weak = schema == "Person" and " " not in alias
        entity.add("weakAlias" if weak else "alias", alias, original=aliases)
    sanction = EntityBuilder(derived_id(entity_id, "sanction"), "Sanction", prov)
    sanction.add("entity", entity_id)
    sanction.add("authority", PUBLISHER)
    sanction.add("country", "ca")
    sanction.add("program", regime)
    sanction.add("provisions", f"Schedule {schedule}" if schedule else None)
    sanction.add("authorityId", f"{schedule or '-'}/{item}")
    return entity_id, entity.statements() + sanction.statements()


def _split_or(text: str | None) -> list[str]:
    return [p.strip() for p in re.split(r"\s+or\s+", text or "") if p.strip()]
