"""Any registry as CSV or Parquet: people, companies and their relationships, by a column map.

Customer files, leaked registries and national company lists never share a layout,
so the layout is declared once, in a manifest ``moneytrail-tabular.json`` beside the
data files, and ``parse_list(folder)`` finds it (the manifest is what detection
looks for)::

    {
      "dataset": "acme_registry",            # optional: default the folder name
      "version": "2024-05-01",               # optional: default argument, then file date
      "entities": [
        {"file": "people.csv", "schema": "Person", "id_prefix": "acme-p-",
         "columns": {"id": "person_id", "name": "full_name", "birthDate": "dob",
                     "nationality": "country", "address": "address"}},
        {"file": "companies.parquet", "id_prefix": "acme-c-",
         "columns": {"id": "reg_id", "schema": "kind", "name": "name",
                     "registrationNumber": "reg_no", "jurisdiction": "juris",
                     "incorporationDate": "founded"}}
      ],
      "relationships": [
        {"file": "links.csv", "id_prefix": "acme-l-",
         "columns": {"source": "from", "target": "to", "type": "kind",
                     "percentage": "share", "role": "role", "startDate": "since"}}
      ]
    }

* **Entity files.** ``columns`` maps followthemoney properties to column names;
  ``id`` is required and the entity id is ``id_prefix`` + that value. The schema is
  fixed (``"schema": "Person"``) or read per row from the column mapped to
  ``schema`` (Person, Company, Organization, LegalEntity or any other legal-entity
  schema; "individual" and "organisation" are understood). Optional ``separator``
  splits multi-valued cells; ``delimiter`` sets the CSV delimiter. Rows sharing an
  id are one entity (several addresses are several rows).
* **Relationship files.** ``source`` and ``target`` hold the ids of the entity files
  (without prefix); ``type`` is a column or a fixed ``"type"``: ``ownership`` ->
  Ownership (owner = source, asset = target, ``percentage`` as written, e.g. "50",
  "50%", "25-50%", "more than 25%"), ``directorship`` -> Directorship (director,
  organization, role), ``family`` -> Family and ``associate`` -> Associate (the
  role becomes ``relationship``). Without an ``id`` column a relationship's id is
  derived from its two ends, type, role and start date.
* **Validation.** A missing column, an unknown schema or property, a value on a
  schema that cannot hold it, a relationship naming an id no entity file has (or
  that two files share), an unknown type, or a percentage that is not a share
  stops the load with InvalidInput naming the file, line (row for Parquet) and field.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any, ClassVar

from followthemoney import model

from moneytrail.errors import InvalidInput, SourceError
from moneytrail.model import EntityBuilder, Provenance, Statement
from moneytrail.sources.base import (
    ParsedList,
    Progress,
    SourceFile,
    VersionBasis,
    load_date,
    no_progress,
)
from moneytrail.sources.records import slug
from moneytrail.sources.table_rows import TableRows

NAME = "tabular-v1"
MANIFEST = "moneytrail-tabular.json"
SCHEMA_ALIASES = {"individual": "Person", "organisation": "Organization", "entity": "LegalEntity"}
# type -> (schema, source property, target property, property the role goes to)
EDGES = {
    "ownership": ("Ownership", "owner", "asset", "role"),
    "directorship": ("Directorship", "director", "organization", "role"),
    "family": ("Family", "person", "relative", "relationship"),
    "associate": ("Associate", "person", "associate", "relationship"),
}
_SAFE = re.compile(r"[^A-Za-z0-9.\-]+")
_SHARE_WORDS = r"more|less|than|not|at|least|most|between|and|to|but|or|over|under|up|above|below"
_SHARE = re.compile(rf"^(?:[\d.,%<>=≥≤+\-–\s]|percent|per cent|pct|{_SHARE_WORDS})+$", re.I)


def _id(prefix: str, raw: str) -> str:
    """Prefix + value in the characters followthemoney accepts ("_" -> ".", others -> "-")."""
    return _SAFE.sub("-", (prefix + raw).replace("_", "."))


def manifest_of(path: Path) -> Path | None:
    candidate = path / MANIFEST if path.is_dir() else path
    return candidate if candidate.name == MANIFEST and candidate.is_file() else None


class TabularRegistry:
    """CSV or Parquet files of people, companies and relationships, with a column map.

    Reads a folder holding ``moneytrail-tabular.json`` (or that manifest itself); see
    the module documentation for the manifest. Dataset and version come from the
    manifest, else the folder name and the ``version`` argument or the files' date.
    """

    NAME: ClassVar[str] = NAME
    TITLE: ClassVar[str] = "Tabular registry (CSV/Parquet with a column map)"

    @classmethod
    def detect(cls, path: Path) -> bool:
        return manifest_of(path) is not None

    def parse(
        self, path: Path, *, version: str | None = None, progress: Progress = no_progress
    ) -> ParsedList:
        manifest_path = manifest_of(path)
        if manifest_path is None:
            raise SourceError(f"{path}: no {MANIFEST} found")
        manifest = _manifest(manifest_path)
        folder = manifest_path.parent
        files = [folder / str(spec.get("file", "")) for spec in _specs(manifest, manifest_path)]
        for data in files:
            if not data.is_file():
                raise InvalidInput("no such data file", file=str(data), field="file")
        dataset = str(manifest.get("dataset") or slug(folder.name) or "tabular")
        list_version = str(manifest.get("version") or version or load_date())
        basis: VersionBasis = (
            "file" if manifest.get("version") else "given" if version else "undated"
        )
        reader = _Reader(dataset, list_version, folder)
        for spec in manifest.get("entities") or []:
            reader.entity_file(spec)
        for spec in manifest.get("relationships") or []:
            reader.relationship_file(spec)
        progress(len(files), len(files))
        return ParsedList(
            dataset=dataset,
            title=str(manifest.get("title") or f"Tabular registry {folder.name}"),
            publisher=str(manifest.get("publisher") or ""),
            version=list_version,
            source_format=NAME,
            files=[SourceFile.of(manifest_path, "manifest", list_version)]
            + [SourceFile.of(f, "data", list_version) for f in files],
            statements=reader.statements(),
            version_basis=basis,
        )


def _manifest(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, OSError) as exc:
        raise InvalidInput(f"cannot read the manifest: {exc}", file=str(path)) from None
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"broken JSON: {exc.msg}", file=str(path), line=exc.lineno) from None
    if not isinstance(data, dict) or not (data.get("entities") or data.get("relationships")):
        raise InvalidInput("expected an object with entities and relationships", file=str(path))
    return data


def _specs(manifest: dict[str, Any], path: Path) -> list[dict[str, Any]]:
    specs = [*(manifest.get("entities") or []), *(manifest.get("relationships") or [])]
    for number, spec in enumerate(specs):
        if not isinstance(spec, dict) or not isinstance(spec.get("columns"), dict):
            raise InvalidInput("each file needs a columns map", file=str(path), field=f"[{number}]")
        if not spec.get("file"):
            raise InvalidInput("each file entry needs a file name", file=str(path), field="file")
    return specs


def rows(path: Path, spec: dict[str, Any]) -> TableRows:
    """The rows of a data file: CSV (any name but Parquet's or JSONL's), Parquet or JSONL.

    CSV rows carry the line they start on, Parquet rows their number.
    """
    return TableRows(
        path, what="CSV text", default="csv", delimiter=str(spec.get("delimiter") or ",")
    )


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()[:10]
    return str(value).strip()


class _Reader:
    """Builds entities first, so relationships can be checked against them."""

    def __init__(self, dataset: str, version: str, folder: Path) -> None:
        self.dataset, self.version, self.folder = dataset, version, folder
        self.entities: dict[str, EntityBuilder] = {}
        self.raw_ids: dict[str, set[str]] = {}
        self.links: dict[str, EntityBuilder] = {}

    def statements(self) -> list[Statement]:
        found = [*self.entities.values(), *self.links.values()]
        return [st for builder in found for st in builder.statements()]

    def prov(self, path: Path, line: int) -> Provenance:
        return Provenance(self.dataset, self.version, f"{path.name}:{line}")

    def entity_file(self, spec: dict[str, Any]) -> None:
        path, columns = self.folder / spec["file"], dict(spec["columns"])
        fixed = spec.get("schema")
        if "id" not in columns or (not fixed and "schema" not in columns):
            raise InvalidInput("map an id column and a schema (column or fixed)", file=str(path))
        for line, row in _checked(path, spec, columns):
            raw_id = row[columns["id"]]
            if not raw_id:
                raise InvalidInput("empty id", file=str(path), line=line, field=columns["id"])
            schema = _schema(
                str(fixed or row[columns["schema"]]), path, line, columns.get("schema")
            )
            entity_id = _id(str(spec.get("id_prefix") or ""), raw_id)
            builder = self.entities.get(entity_id)
            if builder is None:
                builder = EntityBuilder(entity_id, schema, self.prov(path, line))
            if builder.schema.name != schema:
                raise InvalidInput(
                    f"id {raw_id!r} was {builder.schema.name}, now {schema}",
                    file=str(path),
                    line=line,
                    field=columns["id"],
                )
            self.entities[entity_id] = builder
            self.raw_ids.setdefault(raw_id, set()).add(entity_id)
            props = {p: c for p, c in columns.items() if p not in ("id", "schema")}
            _fill(builder, props, row, spec, self.prov(path, line), path, line)

    def relationship_file(self, spec: dict[str, Any]) -> None:
        path, columns = self.folder / spec["file"], dict(spec["columns"])
        if "source" not in columns or "target" not in columns:
            raise InvalidInput("map source and target columns", file=str(path), field="columns")
        for line, row in _checked(path, spec, columns):
            kind = str(spec.get("type") or row.get(columns.get("type", ""), "")).strip().lower()
            if kind not in EDGES:
                known = ", ".join(EDGES)
                raise InvalidInput(
                    f"type {kind!r}: expected one of {known}",
                    file=str(path),
                    line=line,
                    field=columns.get("type", "type"),
                )
            schema, source_prop, target_prop, role_prop = EDGES[kind]
            ends = [
                self._end(row[columns[end]], path, line, columns[end])
                for end in ("source", "target")
            ]
            props = {
                p: c for p, c in columns.items() if p not in ("id", "type", "source", "target")
            }
            if "role" in props:
                props[role_prop] = props.pop("role")
            if kind == "ownership":
                _check_share(row, props.get("percentage"), path, line)
            link_id = self._link_id(spec, columns, row, kind, ends)
            link = self.links.setdefault(
                link_id, EntityBuilder(link_id, schema, self.prov(path, line))
            )
            link.add(source_prop, ends[0])
            link.add(target_prop, ends[1])
            _fill(link, props, row, spec, self.prov(path, line), path, line)

    def _end(self, raw: str, path: Path, line: int, column: str) -> str:
        """An id of an entity file; an unknown or shared one is refused, not guessed."""
        found = self.raw_ids.get(raw, set()) or ({raw} if raw in self.entities else set())
        if len(found) != 1:
            what = (
                "is no entity in the entity files"
                if not found
                else f"is ambiguous: {sorted(found)}"
            )
            raise InvalidInput(f"{raw!r} {what}", file=str(path), line=line, field=column)
        return next(iter(found))

    def _link_id(
        self,
        spec: dict[str, Any],
        columns: dict[str, str],
        row: dict[str, str],
        kind: str,
        ends: list[str],
    ) -> str:
        prefix = str(spec.get("id_prefix") or f"{self.dataset}-")
        if "id" in columns and row.get(columns["id"]):
            return _id(prefix, row[columns["id"]])
        parts = [
            kind,
            *ends,
            row.get(columns.get("role", ""), ""),
            row.get(columns.get("startDate", ""), ""),
        ]
        digest = hashlib.sha1("\x1f".join(parts).encode(), usedforsecurity=False).hexdigest()[:16]
        return _id(prefix, f"{kind}-{digest}")


def _checked(
    path: Path, spec: dict[str, Any], columns: dict[str, str]
) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows as stripped text, after checking that every mapped column exists."""
    table = rows(path, spec)
    table.require(columns)
    for line, row in table:
        yield line, {k: _cell(v) for k, v in row.items()}


def _schema(name: str, path: Path, line: int, column: str | None) -> str:
    wanted = SCHEMA_ALIASES.get(name.strip().lower(), name.strip())
    found = next((s for s in model.schemata.values() if s.name.lower() == wanted.lower()), None)
    if found is None or found.abstract or not found.is_a("LegalEntity"):
        raise InvalidInput(
            f"schema {name!r}: expected Person, Company, Organization or LegalEntity",
            file=str(path),
            line=line,
            field=column or "schema",
        )
    return found.name


def _fill(
    builder: EntityBuilder,
    props: dict[str, str],
    row: dict[str, str],
    spec: dict[str, Any],
    prov: Provenance,
    path: Path,
    line: int,
) -> None:
    separator = spec.get("separator")
    for prop, column in props.items():
        value = row.get(column, "")
        if not value:
            continue
        if builder.schema.get(prop) is None:
            raise InvalidInput(
                f"{builder.schema.name} has no property {prop!r}",
                file=str(path),
                line=line,
                field=column,
            )
        for part in value.split(separator) if separator else [value]:
            builder.add(prop, part.strip(), provenance=prov)


def _check_share(row: dict[str, str], column: str | None, path: Path, line: int) -> None:
    """Refuse a share no reader can use; the ownership rule reads the accepted forms."""
    share = row.get(column or "", "")
    if share and (not _SHARE.match(share) or not re.search(r"\d", share)):
        raise InvalidInput(
            f"cannot read {share!r} as a percentage", file=str(path), line=line, field=column
        )
