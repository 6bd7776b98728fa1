"""Read an FtM JSONL file into the ownership graph the 50% rule runs on.

The rule's answer is only as good as its input, and a silently skipped holding is a
missed freeze. So this reader refuses, naming file, line and field, anything it
cannot use exactly: broken JSON, an unknown schema, an Ownership without an owner
or an asset, an unreadable percentage, a reference to an entity the file does not
contain. Entities of schemas that play no part (Address, Sanction, Family, ...) are
accepted and ignored.

Nodes are every ``LegalEntity`` or ``Asset`` (people, companies, vessels, ...), given a
dense integer index so the engine joins integers, not strings. Edges are
``Ownership`` (owner -> asset, with its share) and, for the control test of the EU
rule, ``Directorship`` or ``Ownership`` whose role says control.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
from followthemoney import model
from followthemoney.schema import Schema

from moneytrail.errors import InvalidInput
from moneytrail.graph.percent import FULL, Share, parse_percentages, to_percent
from moneytrail.model.designation import DESIGNATED_TOPIC
from moneytrail.model.edges import party_links
from moneytrail.sources import parse_list
from moneytrail.sources.textfile import text_lines

# What can own or be owned: people and organisations, and assets (vessels, aircraft...).
NODE_SCHEMAS = ("LegalEntity", "Asset")
LIST_SCHEMAS = frozenset({"Person", "Organization", "Company", "LegalEntity", "Vessel", "Airplane"})
# Roles that amount to control under the EU Best Practices' criteria: majority of
# voting rights, the right to appoint or remove most of the board, dominant
# influence, and UK PSC natures of control that say so.
CONTROL_ROLE = re.compile(
    r"control|right[- ]to[- ]appoint|dominant[- ]influence|voting[- ]rights[- ](?:50|75)"
    r"|majority of (?:the )?(?:voting|votes|board|directors)",
    re.IGNORECASE,
)
# The links the rules read -> properties whose words may say control. Their two ends
# (owner -> asset, director -> organization) come from followthemoney's schema.
CONTROL_WORDS: dict[str, tuple[str, ...]] = {
    "Ownership": ("role", "ownershipType"),
    "Directorship": ("role",),
}

EDGE_COLUMNS = pa.schema(
    [
        ("edge_id", pa.string()),
        ("kind", pa.string()),
        ("owner", pa.int32()),
        ("asset", pa.int32()),
        ("low", pa.int64()),
        ("high", pa.int64()),
        ("strict", pa.bool_()),
        ("control", pa.bool_()),
        ("stated", pa.string()),
    ]
)


@dataclass
class OwnershipGraph:
    """Nodes by dense index, with the edges as an Arrow table for the engine."""

    ids: list[str] = field(default_factory=list)
    designated: list[bool] = field(default_factory=list)
    edges: pa.Table = field(default_factory=EDGE_COLUMNS.empty_table)
    # asset id -> the stated shares of all its owners, summed, where over 100%.
    overfull: dict[str, int] = field(default_factory=dict)

    def nodes_table(self) -> pa.Table:
        return pa.table(
            {
                "idx": pa.array(range(len(self.ids)), pa.int32()),
                "designated": pa.array(self.designated, pa.bool_()),
            }
        )


@dataclass
class _Edge:
    line: int
    edge_id: str
    kind: str
    source: str
    target: str
    share: Share | None
    control: bool


def designated_from_lists(paths: Iterable[Path]) -> set[str]:
    """Entity ids of the people, companies and vessels a list designates."""
    found: set[str] = set()
    for path in paths:
        parsed = parse_list(Path(path))
        found.update(st.entity_id for st in parsed.statements if st.schema in LIST_SCHEMAS)
    return found


def read_ownership_file(
    path: Path, designated_ids: set[str] | None = None, topic: str | None = DESIGNATED_TOPIC
) -> OwnershipGraph:
    """The graph of ``path``; a node is designated by ``topic`` ("sanction"; None: by
    topic never, as under a rule whose lists a topic cannot tell apart) or by its id."""
    listed = designated_ids or set()
    today = date.today().isoformat()
    graph = OwnershipGraph()
    index: dict[str, int] = {}
    edges: list[_Edge] = []
    for line, data in _lines(path):
        entity_id, schema, props = _entity(path, line, data)
        if schema.name in CONTROL_WORDS:
            edge = _edge(path, line, entity_id, schema.name, props)
            if not _ended(props, today):
                edges.append(edge)
        elif any(schema.is_a(base) for base in NODE_SCHEMAS):
            flagged = (topic is not None and topic in props.get("topics", [])) or (
                entity_id in listed
            )
            if entity_id in index:
                graph.designated[index[entity_id]] |= flagged
            else:
                index[entity_id] = len(graph.ids)
                graph.ids.append(entity_id)
                graph.designated.append(flagged)
    # A registry refers to list entries by their list ids without repeating them: a
    # reference to a given list's entry is a designated node, not a dangling one.
    for edge in edges:
        for ref in (edge.source, edge.target):
            if ref in listed and ref not in index:
                index[ref] = len(graph.ids)
                graph.ids.append(ref)
                graph.designated.append(True)
    graph.edges = _edge_table(path, edges, index)
    graph.overfull = _overfull(graph)
    return graph


def _overfull(graph: OwnershipGraph) -> dict[str, int]:
    """Assets whose owners' stated (lower-bound) shares add up to more than 100%.

    A register cannot be right that way (a double-counted holding, a typo of 60 for
    6): the rule's answer for that asset rests on impossible numbers, so it is
    reported rather than silently counted.
    """
    totals: dict[int, int] = {}
    rows = graph.edges.select(["kind", "asset", "low"]).to_pylist()
    for row in rows:
        if row["kind"] == "Ownership" and row["low"] is not None:
            totals[row["asset"]] = totals.get(row["asset"], 0) + int(row["low"])
    return {graph.ids[a]: total for a, total in sorted(totals.items()) if total > FULL}


def mark_overfull(
    records: list[dict[str, Any]], graph: OwnershipGraph, rule: str
) -> list[dict[str, Any]]:
    """Records with ``stated_total`` and ``over_100_percent`` for overfull assets.

    An overfull asset the rule neither blocks nor sends to review gets a review
    record of its own, so the impossible total is in the output, not only on stderr.
    """
    seen: set[str] = set()
    for record in records:
        total = graph.overfull.get(str(record["id"]))
        if total is not None:
            record["stated_total"] = to_percent(total)
            record["over_100_percent"] = True
            seen.add(str(record["id"]))
    for asset, total in graph.overfull.items():
        if asset in seen:
            continue
        records.append(
            {
                "id": asset,
                "blocked": False,
                "rule": rule,
                "review": True,
                "reason": f"its owners' stated shares total {to_percent(total):g}%, more than 100%",
                "stated_total": to_percent(total),
                "over_100_percent": True,
            }
        )
    return records


ENDED_STATUS = frozenset({"ceased", "closed", "inactive", "ended", "terminated", "retired"})


def _ended(props: dict[str, list[str]], today: str) -> bool:
    """A holding that ended (a ceased PSC, a closed BODS interest) no longer blocks.

    Registries keep past owners as evidence; counting them would block companies
    their designated owners have left. An end date in the future still counts.
    """
    if any(v.strip().lower() in ENDED_STATUS for v in props.get("status", [])):
        return True
    ends = [v.strip() for v in props.get("endDate", []) if v.strip()]
    return bool(ends) and max(ends) <= today


def _lines(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """JSON objects by line; encodings, binary and empty files refused (textfile.py)."""
    try:
        for number, raw in enumerate(text_lines(path, "FtM JSONL text"), start=1):
            if not raw.strip():
                continue
            try:
                data = json.loads(raw)
            except ValueError as exc:
                raise InvalidInput(f"broken JSON: {exc}", file=str(path), line=number) from exc
            if not isinstance(data, dict):
                raise InvalidInput("a line must be a JSON object", file=str(path), line=number)
            yield number, data
    except OSError as exc:
        raise InvalidInput(f"cannot read: {exc.strerror}", file=str(path)) from exc


def _entity(
    path: Path, line: int, data: dict[str, Any]
) -> tuple[str, Schema, dict[str, list[str]]]:
    def error(reason: str, where: str) -> InvalidInput:
        return InvalidInput(reason, file=str(path), line=line, field=where)

    entity_id = data.get("id")
    if not isinstance(entity_id, str) or not entity_id.strip():
        raise error("the entity has no id", "id")
    name = data.get("schema")
    schema = model.get(name) if isinstance(name, str) else None
    if schema is None:
        raise error(f"unknown schema {name!r}", "schema")
    props = data.get("properties", {})
    if not isinstance(props, dict):
        raise error("properties is not an object", "properties")
    found: dict[str, list[str]] = {}
    for prop, values in props.items():
        values = values if isinstance(values, list) else [values]
        if not all(isinstance(v, str | int | float) and not isinstance(v, bool) for v in values):
            raise error(f"a value of {prop!r} is not text", f"properties.{prop}")
        found[prop] = [str(v) for v in values]
    return entity_id.strip(), schema, found


def _edge(path: Path, line: int, edge_id: str, kind: str, props: dict[str, list[str]]) -> _Edge:
    source_prop, target_prop = party_links()[kind]
    role_props = CONTROL_WORDS[kind]
    ends: list[str] = []
    for prop in (source_prop, target_prop):
        values = [v.strip() for v in props.get(prop, []) if v.strip()]
        if len(values) != 1:
            what = "no" if not values else f"{len(values)} values for"
            raise InvalidInput(
                f"{kind} has {what} {prop}: expected exactly one",
                file=str(path),
                line=line,
                field=f"properties.{prop}",
            )
        ends.append(values[0])
    share = None
    if kind == "Ownership":
        try:
            share = parse_percentages(props.get("percentage", []))
        except InvalidInput as exc:
            raise InvalidInput(
                exc.reason, file=str(path), line=line, field="properties.percentage"
            ) from exc
    words = " ".join(v for prop in role_props for v in props.get(prop, []))
    control = bool(CONTROL_ROLE.search(words))
    return _Edge(line, edge_id, kind, ends[0], ends[1], share, control)


def _edge_table(path: Path, edges: list[_Edge], index: dict[str, int]) -> pa.Table:
    """Resolve references to node indices; a dangling one names the edge's line."""
    columns: dict[str, list[Any]] = {name: [] for name in EDGE_COLUMNS.names}
    for edge in edges:
        ends = []
        for prop, ref in zip(party_links()[edge.kind], (edge.source, edge.target), strict=True):
            if ref not in index:
                raise InvalidInput(
                    f"{prop} {ref!r} is not an entity in the file",
                    file=str(path),
                    line=edge.line,
                    field=f"properties.{prop}",
                )
            ends.append(index[ref])
        if edge.kind == "Directorship" and not edge.control:
            continue  # a plain directorship is neither ownership nor control
        share = edge.share
        known = share is not None and not share.unknown
        columns["edge_id"].append(edge.edge_id)
        columns["kind"].append(edge.kind)
        columns["owner"].append(ends[0])
        columns["asset"].append(ends[1])
        columns["low"].append(share.low if known and share else None)
        columns["high"].append(share.high if known and share else None)
        columns["strict"].append(bool(share and share.strict))
        columns["control"].append(edge.control)
        columns["stated"].append(share.text if share else None)
    return pa.table(columns, schema=EDGE_COLUMNS)
