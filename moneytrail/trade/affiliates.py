"""Entities the BIS Affiliates rule catches in a user's ownership file, made screenable.

The ownership engine (``moneytrail.graph.ownership``, rule ``bis-affiliates``) finds the
entities of an FtM registry owned 50% or more, together, by Entity List or Military End
User parties (list entries given with ``--list``, referred to by their ids). Those
entities are then indexed like a list of their own, so every party of every shipment
is screened against them with screen-v1, and a match carries the ownership record that
blocks the entity. Whether the rule applies is decided per shipment date by the rule
(``moneytrail.trade.rules.affiliates``), not here.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa

from moneytrail.engines import Engine
from moneytrail.graph.ownership import explain, fixed_point, get_rule
from moneytrail.graph.ownership_input import read_ownership_file
from moneytrail.screening import Decisions, Query, ScreenConfig, Screener
from moneytrail.screening.batch import result_record
from moneytrail.screening.index import INDEX_PROPS, ListIndex
from moneytrail.trade.lists import TradeLists

log = logging.getLogger(__name__)
RULE = "bis-affiliates"
_COLUMNS = ("id", "entity_id", "schema", "prop", "value", "dataset", "list_version")


@dataclass
class Affiliates:
    """Blocked entities (id -> ownership record, with names) and their screener."""

    records: dict[str, dict[str, Any]]
    screener: Screener | None

    def match(
        self, query: Query, config: ScreenConfig
    ) -> list[tuple[dict[str, Any], dict[str, Any]]]:
        """(match object, ownership record) for each blocked entity the query matches."""
        if self.screener is None:
            return []
        found = result_record(query, self.screener, config, Decisions.empty())
        return [(m, self.records[m["id"]]) for m in found["matches"] if m["match"]]


def find_affiliates(entities: Path, lists: TradeLists, *, engine: Engine) -> Affiliates:
    """Run the bis-affiliates rule on ``entities``; designated are the loaded list entries
    the rule takes (Entity List and MEU). The caller owns ``engine``."""
    rule = get_rule(RULE)
    designated = {i for i in lists.listed if rule.designates(i)}
    captions = {e.id: e.caption for e in lists.screener.index.entries}
    graph = read_ownership_file(entities, designated, rule.topic)
    point = fixed_point(engine, graph.nodes_table(), graph.edges, rule)
    blocked = [r for r in explain(engine, graph, point, rule) if r["blocked"]]
    props = _properties(entities, {str(r["id"]) for r in blocked} | _owner_ids(blocked))
    for record in blocked:
        record["name"] = _name(str(record["id"]), props, captions)
        for owner in record["owners"]:
            owner["name"] = _name(str(owner["id"]), props, captions)
    log.info(
        "%s: %d designated, %d entities blocked by %s",
        entities,
        sum(graph.designated),
        len(blocked),
        rule.name,
    )
    records = {str(r["id"]): r for r in blocked}
    screener = _screener(entities.name, records, props) if records else None
    return Affiliates(records, screener)


def _owner_ids(records: list[dict[str, Any]]) -> set[str]:
    return {str(o["id"]) for r in records for o in r["owners"]}


def _properties(path: Path, wanted: set[str]) -> dict[str, tuple[str, dict[str, list[str]]]]:
    """id -> (schema, properties) of the wanted entities (the file was validated)."""
    out: dict[str, tuple[str, dict[str, list[str]]]] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            data = json.loads(line)
            if data.get("id") in wanted:
                out[data["id"]] = (data["schema"], data.get("properties") or {})
    return out


def _name(
    entity_id: str, props: dict[str, tuple[str, dict[str, list[str]]]], captions: dict[str, str]
) -> str:
    names = props.get(entity_id, ("", {}))[1].get("name") or []
    return names[0] if names else captions.get(entity_id, entity_id)


def _screener(
    label: str,
    records: dict[str, dict[str, Any]],
    props: dict[str, tuple[str, dict[str, list[str]]]],
) -> Screener:
    rows: list[tuple[str, ...]] = []
    for entity_id in records:
        schema, values = props.get(entity_id, ("LegalEntity", {}))
        for prop in INDEX_PROPS:
            for n, value in enumerate(values.get(prop, [])):
                sid = f"{entity_id}:{prop}:{n}"
                rows.append((sid, entity_id, schema, prop, value, f"ownership:{label}", "file"))
    table = pa.table(
        {c: pa.array([r[i] for r in rows], pa.string()) for i, c in enumerate(_COLUMNS)}
    )
    return Screener(ListIndex.from_statements(table))


__all__ = ["Affiliates", "find_affiliates"]
