"""Swiss sanctions list (SECO), XML: everyone Switzerland's embargo ordinances list.

The State Secretariat for Economic Affairs publishes the whole list as one XML file,
root ``swiss-sanctions-list`` (attribute ``date``). Its structure as read here:

* ``sanctions-program`` (before the targets): ``program-name`` per language and one
  or more ``sanctions-set`` (``ssid``, text like "Annex 8") that targets point to.
* ``place`` (``ssid``): ``location``, ``area``, ``country`` (``iso-code``), reused by
  addresses and places of birth through ``place-id``.
* ``target`` (``ssid``, ``sanctions-set-id`` as attribute or child element), with
  ``modification`` (listed / amended / de-listed, with dates), ``foreign-identifier``
  (the UN reference) and one ``individual``, ``entity`` or ``object`` holding
  ``identity`` elements (``main="true"`` for the main one), ``justification``,
  ``relation`` and ``other-information``.
* An ``identity`` holds ``name`` (``name-type`` primary-name / alias /
  formerly-known-as, ``quality`` good / low) made of ``name-part`` (``order``,
  ``name-part-type``, ``value`` and ``spelling-variant`` in other scripts),
  ``day-month-year``, ``nationality``, ``place-of-birth``, ``address`` and
  ``identification-document``.

No real file was available when this was written: it follows the structure the
OpenSanctions crawler for this list reads (``opensanctions/crawlers/ch_seco_sanctions.py``)
and is tested on a hand-written file. Rules:

* **Dataset** ``ch_seco_sanctions``; ids ``ch-seco-<target ssid>``.
* **Schema.** individual -> Person, entity -> Organization, object -> Vessel or
  Airplane by ``object-type`` (other objects -> LegalEntity, with a note).
* **Names.** Parts joined in ``order``, titles left out; the primary name of the main
  identity is the name, other names aliases (``formerly-known-as`` previousName,
  quality "low" weakAlias); each spelling variant gives the name in that script too.
* **De-listed** targets keep their entity and Sanction (``endDate``) without the
  ``sanction`` topic, so history is kept but screening does not alert on them.
* **Version.** The root's ``date``; else ``version``; else the load date, marked undated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar
from xml.etree.ElementTree import Element

from moneytrail.errors import InvalidInput
from moneytrail.model import EntityBuilder, Provenance, Statement
from moneytrail.model.ids import derived_id
from moneytrail.sources.base import ParsedList, Progress, SourceFile, no_progress
from moneytrail.sources.ch_seco_identity import add_identity, place_parts
from moneytrail.sources.xml_base import XmlFormat, XmlListSource, dated_or_loaded, root_marker
from moneytrail.sources.xmlsafe import (
    attr,
    child,
    child_text,
    children,
    element_ref,
    text,
)

NAME = "ch-seco-xml-v1"
TITLE = "Swiss sanctions list (SECO)"
DATASET = "ch_seco_sanctions"
PUBLISHER = "State Secretariat for Economic Affairs (SECO), Switzerland"
ROOT = "swiss-sanctions-list"
FORMAT = XmlFormat(ROOT, root_marker(ROOT), "Swiss SECO XML", suffix=None)
# The note when --version disagrees with the file's date (SECO's own wording).
DATE_NOTE = "version {given} given, but the file says {found}: the file wins"
SCHEMAS = {"individual": "Person", "entity": "Organization"}
OBJECTS = {"vessel": "Vessel", "aircraft": "Airplane"}


@dataclass(slots=True)
class _Context:
    path: Path
    version: str
    programs: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    places: dict[str, list[str | None]] = field(default_factory=dict)
    countries: dict[str, str | None] = field(default_factory=dict)


class SwissSecoXml(XmlListSource):
    """Swiss SECO sanctions list XML (``ch-seco-xml-v1``): see the module docstring."""

    NAME: ClassVar[str] = NAME
    FORMAT: ClassVar[XmlFormat] = FORMAT
    TITLE: ClassVar[str] = TITLE

    def parse(
        self, path: Path, *, version: str | None = None, progress: Progress = no_progress
    ) -> ParsedList:
        doc = FORMAT.read(path)
        notes: list[str] = []
        list_version, basis = dated_or_loaded(attr(doc.root, "date"), version, notes, DATE_NOTE)
        ctx = _Context(path, list_version)
        _read_programs(ctx, doc.root)
        _read_places(ctx, doc.root)
        statements: list[Statement] = []
        targets = list(children(doc.root, "target"))
        for done, target in enumerate(targets, start=1):
            statements.extend(_target(ctx, target, doc.line(target)))
            progress(done, len(targets))
        parsed = ParsedList(
            dataset=DATASET,
            title=TITLE,
            publisher=PUBLISHER,
            version=list_version,
            source_format=NAME,
            files=[SourceFile.of(path, "seco-xml", list_version)],
            statements=statements,
            notes=notes,
        )
        parsed.version_basis = basis
        return parsed


def _english(elem: Element, name: str) -> str | None:
    """The English text of a per-language child, else the first one."""
    subs = list(children(elem, name))
    eng = [text(s) for s in subs if attr(s, "lang") == "eng"]
    return next((t for t in eng if t), None) or next((t for s in subs if (t := text(s))), None)


def _read_programs(ctx: _Context, root: Element) -> None:
    for program in children(root, "sanctions-program"):
        name = _english(program, "program-name") or _english(program, "program-key") or ""
        for sset in children(program, "sanctions-set"):
            ssid = attr(sset, "ssid")
            # A set may be repeated per language: the English text wins.
            if ssid and (ssid not in ctx.programs or attr(sset, "lang") == "eng"):
                ctx.programs[ssid] = (name, text(sset))


def _read_places(ctx: _Context, root: Element) -> None:
    for place in children(root, "place"):
        if ssid := attr(place, "ssid"):
            ctx.places[ssid] = place_parts(place)
            ctx.countries[ssid] = attr(child(place, "country"), "iso-code")


def _schema(path: Path, target: Element, line: int | None) -> tuple[Element, str, str | None]:
    for tag, schema in SCHEMAS.items():
        if (node := child(target, tag)) is not None:
            return node, schema, None
    node = child(target, "object")
    if node is None:
        raise InvalidInput("target without individual, entity or object",
                           file=str(path), line=line, field="target")  # fmt: skip
    kind = (attr(node, "object-type") or "").lower()
    if kind in OBJECTS:
        return node, OBJECTS[kind], None
    return node, "LegalEntity", f"Object type: {kind or 'unknown'}"


def _target(ctx: _Context, target: Element, line: int | None) -> list[Statement]:
    ssid = attr(target, "ssid")
    if ssid is None:
        raise InvalidInput("target without ssid", file=str(ctx.path), line=line, field="ssid")
    entity_id = f"ch-seco-{ssid}"
    ref = element_ref(ctx.path.name, "target", "ssid", ssid, line)
    prov = Provenance(DATASET, ctx.version, ref)
    node, schema, note = _schema(ctx.path, target, line)
    entity = EntityBuilder(entity_id, schema, prov)
    entity.add("notes", note)
    if schema == "Person":
        entity.add("gender", attr(node, "sex"))
    sanction = EntityBuilder(derived_id(entity_id, "sanction"), "Sanction", prov)
    listed = _sanction(ctx, sanction, target, entity_id)
    if listed:
        entity.add("topics", "sanction")
    identities = list(children(node, "identity"))
    if not identities:
        raise InvalidInput("target without identity", file=str(ctx.path), line=line,
                           field="identity")  # fmt: skip
    identities.sort(key=lambda i: attr(i, "main") != "true")
    docs: list[EntityBuilder] = []
    for number, identity in enumerate(identities):
        docs += add_identity(entity, identity, number == 0, ctx.places, ctx.countries)
    if not entity.values("name"):
        raise InvalidInput("target without a primary name", file=str(ctx.path), line=line,
                           field="name")  # fmt: skip
    for value in children(node, "justification"):
        entity.add("notes", f"Justification: {text(value)}")
    for value in children(node, "other-information"):
        info = text(value) or ""
        imo = re.fullmatch(r"IMO(?: number)?\s*:?\s*(\d{7})\.?", info, re.IGNORECASE)
        if imo and schema == "Vessel":
            entity.add("imoNumber", f"IMO{imo[1]}", original=info)
        else:
            entity.add("notes", info or None)
    for relation in children(node, "relation"):
        other = attr(relation, "target-id")
        kind = attr(relation, "relation-type") or "related"
        entity.add("notes", f"Relation ({kind}): ch-seco-{other}" if other else None)
    out = entity.statements() + sanction.statements()
    return out + [st for doc in docs for st in doc.statements()]


def _sanction(ctx: _Context, sanction: EntityBuilder, target: Element, entity_id: str) -> bool:
    """Fill the Sanction; whether the target is listed (its last modification not a de-listing)."""
    set_id = attr(target, "sanctions-set-id") or child_text(target, "sanctions-set-id")
    program, provisions = ctx.programs.get(set_id or "", ("", None))
    sanction.add("entity", entity_id)
    sanction.add("authority", PUBLISHER)
    sanction.add("country", "ch")
    sanction.add("program", program or None)
    sanction.add("provisions", provisions)
    sanction.add("authorityId", attr(target, "ssid"))
    sanction.add("unscId", child_text(target, "foreign-identifier"))
    listed = True
    for mod in children(target, "modification"):
        kind = attr(mod, "modification-type")
        if kind == "de-listed":
            sanction.add("endDate", attr(mod, "effective-date"))
        elif kind == "listed":
            sanction.add("startDate", attr(mod, "effective-date"))
            sanction.add("listingDate", attr(mod, "publication-date"))
        listed = kind != "de-listed"
    return listed
