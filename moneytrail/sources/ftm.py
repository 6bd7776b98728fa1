"""FollowTheMoney entity files: one JSON object per line, as OpenSanctions and aleph export.

Each line is ``{"id", "schema", "properties": {prop: [values]}}``, optionally with
``datasets``, ``first_seen`` and ``last_seen``. Rules:

* **Ids** are the entity's own, unchanged: they are what the exporter's other files
  and links refer to.
* **Dataset.** When every entity that lists ``datasets`` lists the same one first,
  that one; otherwise the file's stem, slugified (``sanctions.ftm.json`` ->
  ``sanctions``). One load is one dataset, so a mixed export is not split up.
* **Version.** The ``version`` argument, else the load date, marked undated: an
  entity file carries no publication date of its own, and its modification time
  says when it was copied, not published.
* **Validation.** Broken JSON, a line that is not an object, an unknown or abstract
  schema, an unknown property or a value that is not text stops the load with
  InvalidInput naming the file, line and field: a half-understood export would
  silently drop facts. Values are cleaned by followthemoney like any other source
  (a value it cannot read is kept as a note); ``topics`` are kept, so "sanction"
  still marks designated parties.
* ``first_seen`` is kept when it is earlier than the version, so a fact the exporter
  has known for years is not presented as new.

Files: ``.json``, ``.jsonl``, ``.ndjson``, ``.ftm.json``, each optionally ``.gz``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any, ClassVar

from followthemoney.schema import Schema

from moneytrail.errors import InvalidInput, UnsafeInput
from moneytrail.model import EntityBuilder, Provenance, Statement
from moneytrail.model.builder import get_schema
from moneytrail.sources.base import (
    ParsedList,
    Progress,
    SourceFile,
    VersionBasis,
    load_date,
    no_progress,
)
from moneytrail.sources.compressed import open_input

NAME = "ftm-jsonl-v1"
SUFFIXES = (".json", ".jsonl", ".ndjson")
SNIFF_LIMIT = 1 << 20
_SLUG = re.compile(r"[^a-z0-9]+")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def _data_name(path: Path) -> str:
    """The file name without ``.gz``, lower case: what the suffix rules look at."""
    return path.name.lower().removesuffix(".gz")


def dataset_from_stem(path: Path) -> str:
    """``OpenSanctions Targets.ftm.json.gz`` -> ``opensanctions_targets``."""
    stem = _data_name(path)
    for suffix in (".ftm.json", *SUFFIXES):
        stem = stem.removesuffix(suffix)
    return _SLUG.sub("_", stem).strip("_") or "ftm"


def _looks_like_entity(line: bytes) -> bool:
    try:
        data = json.loads(line)
    except ValueError:
        return False
    return isinstance(data, dict) and {"id", "schema", "properties"} <= data.keys()


class FtmJsonl:
    """FollowTheMoney entities, one JSON object per line (OpenSanctions, aleph exports).

    Entity ids and ``topics`` are kept as they are; the dataset is the one every entity
    names first, else the file stem; the version is the argument, else the load date.
    """

    NAME: ClassVar[str] = NAME
    TITLE: ClassVar[str] = "FollowTheMoney entities (JSON lines)"

    @classmethod
    def detect(cls, path: Path) -> bool:
        if not path.is_file() or not _data_name(path).endswith(SUFFIXES):
            return False
        try:
            with open_input(path) as fh:  # under the caps: leading blanks may be a bomb
                while not (block := fh.read(1 << 16)).strip():
                    if not block:
                        return False
                first = (block.lstrip() + fh.readline(SNIFF_LIMIT)).split(b"\n", 1)[0]
            return _looks_like_entity(first)
        except UnsafeInput:
            raise  # a bomb is refused as such, not passed off as "unknown format"
        except (OSError, EOFError, InvalidInput):
            return False

    def parse(
        self, path: Path, *, version: str | None = None, progress: Progress = no_progress
    ) -> ParsedList:
        basis: VersionBasis = "given" if version else "undated"
        version = version or load_date()
        entities = list(_read(path, progress))
        firsts = sorted({e.datasets[0] for e in entities if e.datasets})
        dataset = firsts[0] if len(firsts) == 1 else dataset_from_stem(path)
        notes = []
        if len(firsts) > 1:
            notes.append(f"entities name datasets {firsts}; all loaded as {dataset!r}")
        statements: list[Statement] = []
        for entity in entities:
            statements.extend(entity.statements(dataset, version))
        return ParsedList(
            dataset=dataset,
            title=f"FollowTheMoney entities from {path.name}",
            publisher="",
            version=version,
            source_format=NAME,
            files=[SourceFile.of(path, "ftm-entities", version)],
            statements=statements,
            notes=notes,
            version_basis=basis,
        )


class _Entity:
    """One validated line, waiting for the dataset, which only the whole file decides."""

    def __init__(self, path: Path, line: int, data: dict[str, Any]) -> None:
        self.path = path
        self.line = line
        self.id = self._id(data)
        self.schema = self._schema(data)
        self.properties = self._properties(data)
        datasets = data.get("datasets")
        self.datasets = (
            [d for d in datasets if isinstance(d, str)] if isinstance(datasets, list) else []
        )
        first_seen = data.get("first_seen")
        self.first_seen = (
            first_seen[:10] if isinstance(first_seen, str) and _DATE.match(first_seen) else None
        )

    def error(self, reason: str, field: str) -> InvalidInput:
        return InvalidInput(reason, file=str(self.path), line=self.line, field=field)

    def _id(self, data: dict[str, Any]) -> str:
        entity_id = data.get("id")
        if not isinstance(entity_id, str) or not entity_id.strip():
            raise self.error("the entity has no id", "id")
        return entity_id.strip()

    def _schema(self, data: dict[str, Any]) -> Schema:
        name = data.get("schema")
        try:
            schema = get_schema(name if isinstance(name, str) else "")
        except InvalidInput:
            raise self.error(f"unknown schema {name!r}", "schema") from None
        if schema.abstract:
            raise self.error(f"schema {name!r} is abstract: entities cannot have it", "schema")
        return schema

    def _properties(self, data: dict[str, Any]) -> dict[str, list[str]]:
        props = data.get("properties")
        if not isinstance(props, dict):
            raise self.error("properties is not an object", "properties")
        found: dict[str, list[str]] = {}
        for prop, values in props.items():
            if self.schema.get(prop) is None:
                raise self.error(
                    f"{self.schema.name} has no property {prop!r}", f"properties.{prop}"
                )
            values = values if isinstance(values, list) else [values]
            for value in values:
                if isinstance(value, bool) or not isinstance(value, str | int | float):
                    raise self.error(f"value {value!r} is not text", f"properties.{prop}")
            found[prop] = [str(v) for v in values]
        return found

    def statements(self, dataset: str, version: str) -> list[Statement]:
        prov = Provenance(dataset, version, f"{self.path.name}:{self.line}")
        builder = EntityBuilder(self.id, self.schema.name, prov)
        for prop, values in self.properties.items():
            builder.add_many(prop, values)
        if self.first_seen is None or self.first_seen >= version:
            return builder.statements()
        return [replace(st, first_seen=self.first_seen) for st in builder]


def _read(path: Path, progress: Progress) -> Iterator[_Entity]:
    """Every entity of the file, validated; InvalidInput at the first bad line."""
    count = 0
    try:
        with open_input(path) as fh:
            for number, raw in enumerate(fh, start=1):
                if not raw.strip():
                    continue
                yield _Entity(path, number, _json_object(path, number, raw))
                count += 1
                progress(count, None)
    except (OSError, EOFError) as exc:
        raise InvalidInput(f"cannot read the file: {exc}", file=str(path)) from None


def _json_object(path: Path, line: int, raw: bytes) -> dict[str, Any]:
    try:
        data = json.loads(raw)
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"not UTF-8 text: {exc.reason}", file=str(path), line=line) from None
    except json.JSONDecodeError as exc:
        reason = f"broken JSON: {exc.msg} (column {exc.colno})"
        raise InvalidInput(reason, file=str(path), line=line) from None
    if not isinstance(data, dict):
        kind = type(data).__name__
        raise InvalidInput(f"expected a JSON object, found a {kind}", file=str(path), line=line)
    return data
