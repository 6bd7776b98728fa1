"""OFAC's legacy CSV files: the SDN list and the Consolidated (non-SDN) list.

Give a folder holding ``sdn.csv`` (dataset ``us_ofac_sdn``) or ``cons_prim.csv``
(dataset ``us_ofac_cons``), optionally with the alias, address and remarks-overflow
files OFAC publishes beside it (``alt.csv``/``add.csv``/``sdn_comments.csv``, or
``cons_alt.csv``/``cons_add.csv``/``cons_comments.csv``). A single primary file is
read on its own too, giving primary records and Remarks only; which list it is comes
from its programmes, not its name (``ofac_dataset``). Finding, dating and reading
the files into validated rows is ``ofac_csv_read``; this module gives rows meaning.

Each entry becomes one entity ``ofac-<ent_num>``: ``individual`` a Person,
``vessel`` a Vessel, ``aircraft`` an Airplane, anything else a Company when its name
carries a legal form (LTD, LLC, S.A., GMBH...) and an Organization otherwise. Each
also gets a Sanction (``ofac-<n>-sanction``), and every "Linked To:" remark naming
another entry of the same list an UnknownLink. Remarks are read into typed
properties (see ``ofac_remarks``) and also kept whole as a note. aka names become
``alias``, fka ``previousName``, nka ``alias`` with a note; Remarks a.k.a.s are
OFAC's weak aliases (``weakAlias``).

Versions: a ``moneytrail-source.json`` beside the files gives each file's
``version`` (ISO date) and ``origin``, and each fact carries the version of the
file it was read from. A file the manifest does not name gets the ``version``
argument, else the load date, and the list is marked undated (the files carry no
date inside; a modification time is not a publication date). Rows of the alias,
address and overflow files whose entry is not in the primary file are dropped and
counted in the notes, since a bundle may combine files of different dates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from moneytrail.model import EntityBuilder, Provenance, Statement, ids
from moneytrail.sources.base import ParsedList, Progress, SourceFile, no_progress
from moneytrail.sources.ofac_csv_read import (
    CONS,
    ROLES,
    SDN,
    CsvFiles,
    Layout,
    Row,
    group_rows,
    primary_entries,
    read_files,
    sniff_primary,
)
from moneytrail.sources.ofac_dataset import csv_verdict
from moneytrail.sources.ofac_facts import NameIndex, ResolveName, add_fact, apply_remarks
from moneytrail.sources.ofac_remarks import NOTES

PUBLISHER = "U.S. Department of the Treasury, Office of Foreign Assets Control"

AUTHORITY = "Office of Foreign Assets Control"
SCHEMAS = {"individual": "Person", "vessel": "Vessel", "aircraft": "Airplane"}
ALT_PROPS = {"aka": "alias", "fka": "previousName", "nka": "alias"}
# Tokens (after dropping periods) that mark a company's legal form.
LEGAL_FORMS = frozenset({
    "LTD", "LIMITED", "LLC", "INC", "CORP", "CORPORATION", "CO", "COMPANY", "SA", "SARL", "LDA",
    "GMBH", "AG", "PLC", "JSC", "OJSC", "PJSC", "CJSC", "OOO", "ZAO", "OAO", "PAO", "SAS", "SRL",
    "LLP", "BV", "NV", "PTE", "PVT", "FZE", "FZCO", "FZC", "SPA", "KFT", "BHD", "CIA", "SAC",
})  # fmt: skip
VESSEL_COLUMNS = (
    (5, "callSign", "Call sign"), (6, "type", "Vessel type"), (7, "tonnage", "Tonnage"),
    (8, "grossRegisteredTonnage", "GRT"), (9, "flag", "Vessel flag"),
)  # fmt: skip


class OfacCsvSource:
    """OFAC legacy CSV (``ofac-csv-v1``): see the module docstring for what it reads."""

    NAME: ClassVar[str] = "ofac-csv-v1"
    TITLE: ClassVar[str]
    LAYOUT: ClassVar[Layout]

    @classmethod
    def detect(cls, path: Path) -> bool:
        if path.is_dir():
            return sniff_primary(path / cls.LAYOUT.files[0])
        # A lone file is the list its programmes say (ofac_dataset), whatever its name.
        if not sniff_primary(path):
            return False
        return csv_verdict(path).dataset == cls.LAYOUT.dataset

    def parse(
        self, path: Path, *, version: str | None = None, progress: Progress = no_progress
    ) -> ParsedList:
        layout = self.LAYOUT
        files = read_files(path, layout, version)
        versions = files.versions
        parsed = ParsedList(
            dataset=layout.dataset,
            title=layout.title,
            publisher=PUBLISHER,
            version=versions["primary"],
            source_format=self.NAME,
            files=[SourceFile.of(p, role, versions[role]) for role, p in files.paths.items()],
        )
        if not files.dated:
            parsed.version_basis = "undated" if version is None else "given"
        _read_entries(parsed, files, progress)
        return parsed


def schema_for(entry_type: str | None, name: str) -> str:
    """The followthemoney schema of an entry: by SDN_Type, then by legal form in the name."""
    if entry_type in SCHEMAS:
        return SCHEMAS[entry_type]
    tokens = re.split(r"[^A-Z0-9]+", name.upper().replace(".", ""))
    return "Company" if LEGAL_FORMS.intersection(tokens) else "Organization"


@dataclass(slots=True)
class _Context:
    """What building one entry needs to know about the whole list."""

    dataset: str
    files: dict[str, str]
    versions: dict[str, str]
    resolve: ResolveName
    side: dict[str, dict[str, list[Row]]] = field(default_factory=dict)

    def prov(self, role: str, line: int) -> Provenance:
        return Provenance(self.dataset, self.versions[role], f"{self.files[role]}:{line}")

    def rows(self, role: str, ent_num: str) -> list[Row]:
        return self.side.get(role, {}).get(ent_num, [])


def _primary_fields(b: EntityBuilder, sanction: EntityBuilder, row: Row, ctx: _Context) -> None:
    _, fields = row
    b.add("name", fields[1])
    b.add("topics", "sanction")
    programs = [p.strip() for p in (fields[3] or "").strip("[]").split("] [") if p.strip()]
    for program in programs:
        b.add("program", program)
        sanction.add("program", program)
    sanction.add("entity", b.id)
    sanction.add("authority", AUTHORITY)
    sanction.add("country", "us")
    if fields[4]:
        add_fact(b, "position", fields[4], original=f"Title: {fields[4]}")
    for index, prop, label in VESSEL_COLUMNS:
        if fields[index]:
            add_fact(b, prop, fields[index], original=f"{label}: {fields[index]}")
    owner = fields[10]
    if owner:
        target = ctx.resolve(owner, str(fields[0]))
        if target is None or b.schema.get("owner") is None:
            b.add(NOTES, f"Owner: {owner}")
        else:
            b.add("owner", ids.ofac_id(target), original=owner)


def _aliases(b: EntityBuilder, ent_num: str, ctx: _Context) -> None:
    for line, fields in ctx.rows("aliases", ent_num):
        prov = ctx.prov("aliases", line)
        kind, name = (fields[2] or "aka").lower(), fields[3]
        b.add(ALT_PROPS.get(kind, "alias"), name, provenance=prov)
        if kind not in ("aka", "fka"):
            b.add(NOTES, f"{kind}: {name}", provenance=prov)
        if fields[4]:
            b.add(NOTES, f"{name}: {fields[4]}", provenance=prov)


def _addresses(b: EntityBuilder, ent_num: str, ctx: _Context) -> None:
    for line, fields in ctx.rows("addresses", ent_num):
        prov = ctx.prov("addresses", line)
        street, city, country = fields[2], fields[3], fields[4]
        if street or city:
            parts = [p for p in (street, city, country) if p]
            b.add("address", ", ".join(parts), provenance=prov)
        b.add("country", country, provenance=prov)
        if fields[5]:
            b.add(NOTES, f"Address: {fields[5]}", provenance=prov)


def _remarks(
    b: EntityBuilder, sanction: EntityBuilder, row: Row, ctx: _Context
) -> list[EntityBuilder]:
    """Remarks, with any overflow rows appended, read into facts and kept whole as a note."""
    line, fields = row
    text = fields[11] or ""
    overflow: list[tuple[int, int]] = []  # (offset where a row's text starts, its line)
    for comment_line, (_, more) in ctx.rows("comments", str(fields[0])):
        stale = ctx.versions["comments"] != ctx.versions["primary"] and text.endswith(".")
        if stale:  # an overflow row from another date than a complete Remarks: not its tail
            b.add(NOTES, f"Remarks overflow not applied: {more}",
                  provenance=ctx.prov("comments", comment_line))  # fmt: skip
            continue
        overflow.append((len(text), comment_line))
        text += more or ""
    if not text:
        return []
    b.add(NOTES, text)

    def where(start: int, end: int) -> Provenance:
        for offset, comment_line in reversed(overflow):
            if end > offset:  # a segment reaching into an overflow row was completed by it
                return ctx.prov("comments", comment_line)
        return ctx.prov("primary", line)

    return apply_remarks(b, sanction, text, where, ctx.resolve)


def build_entry(row: Row, ctx: _Context) -> list[Statement]:
    """The statements of one entry: the entity, its Sanction, its links."""
    line, fields = row
    ent_num = str(fields[0])
    prov = ctx.prov("primary", line)
    entity_id = ids.ofac_id(ent_num)
    b = EntityBuilder(entity_id, schema_for(fields[2], fields[1] or ""), prov)
    sanction = EntityBuilder(ids.derived_id(entity_id, "sanction"), "Sanction", prov)
    _primary_fields(b, sanction, row, ctx)
    _aliases(b, ent_num, ctx)
    _addresses(b, ent_num, ctx)
    links = _remarks(b, sanction, row, ctx)
    out = b.statements() + sanction.statements()
    for link in links:
        out.extend(link.statements())
    return out


def _read_entries(parsed: ParsedList, files: CsvFiles, progress: Progress) -> None:
    rows, paths, versions = files.rows, files.paths, files.versions
    primary = primary_entries(rows["primary"], str(paths["primary"]))
    side: dict[str, dict[str, list[Row]]] = {}
    prim_name = paths["primary"].name
    for role in ROLES[1:]:
        if role not in rows:
            if role != "comments":
                parsed.notes.append(f"no {role} file: {role} only as Remarks state them")
            continue
        side[role], dropped = group_rows(rows[role], set(primary))
        name = paths[role].name
        if dropped:
            parsed.notes.append(
                f"{dropped} row(s) of {name} dropped: their entries are not in {prim_name}"
            )
        if versions[role] != versions["primary"]:
            parsed.notes.append(
                f"{role} come from {name} of {versions[role]}, "
                f"not from {prim_name} of {versions['primary']}"
            )
    names = NameIndex()
    for _, fields in rows["primary"]:
        names.add(fields[1], str(fields[0]), primary=True)
    for _, fields in (row for group in side.get("aliases", {}).values() for row in group):
        names.add(fields[3], str(fields[0]), primary=False)
    file_names = {role: p.name for role, p in paths.items()}
    ctx = _Context(parsed.dataset, file_names, versions, names.resolve, side)
    total = len(primary)
    for done, row in enumerate(primary.values(), start=1):
        parsed.statements.extend(build_entry(row, ctx))
        if done % 1000 == 0 or done == total:
            progress(done, total)


class OfacSdnCsv(OfacCsvSource):
    """OFAC Specially Designated Nationals, legacy CSV (sdn.csv, alt.csv, add.csv)."""

    TITLE = SDN.title
    LAYOUT = SDN


class OfacConsCsv(OfacCsvSource):
    """OFAC Consolidated (non-SDN) list, legacy CSV (cons_prim.csv and siblings)."""

    TITLE = CONS.title
    LAYOUT = CONS
