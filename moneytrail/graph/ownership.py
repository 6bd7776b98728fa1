"""Entities blocked by ownership: OFAC's 50% rule and the EU's ownership-and-control test.

The fixed point runs as SQL through an ``Engine`` on Arrow tables, so the same logic
runs on DuckDB here and on Spark later. It is semi-naive: each round joins only the
edges of owners blocked in the previous round, adds their shares to what each asset
already holds from blocked owners, and re-examines only the assets just touched.
Every entity is blocked at most once, so cross-ownership cycles terminate; the number
of rounds is the longest chain of blocking, not the size of the graph.

Shares are integers (millionths of a percent, see ``percent``): a threshold of
exactly 50 is met exactly. The rules, their sources and their differences are in
docs/ownership-rules.md.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import pyarrow as pa

from moneytrail.engines import Engine
from moneytrail.errors import ConfigError
from moneytrail.graph.ownership_input import (
    OwnershipGraph,
    designated_from_lists,
    mark_overfull,
    read_ownership_file,
)
from moneytrail.graph.percent import FULL, UNIT, to_percent
from moneytrail.model.designation import DESIGNATED_TOPIC

HALF = 50 * UNIT
# When the BIS Affiliates rule applies (docs/ownership-rules.md): in force from its
# publication, suspended from 2025-11-10 to 2026-11-09, in force again after that unless
# the suspension is extended (then change this and the rule's name).
BIS_AFFILIATES_IN_FORCE: tuple[tuple[str, str | None], ...] = (
    ("2025-09-29", "2025-11-09"),
    ("2026-11-10", None),
)


@dataclass(frozen=True)
class Rule:
    """When holdings of blocked owners block an entity.

    ``aggregate``: shares of different blocked owners add up (OFAC; EU since 2024).
    ``strict``: the threshold must be exceeded, not just met (EU before 2024).
    ``control``: a control edge from a blocked owner blocks by itself (EU).
    """

    key: str
    name: str
    aggregate: bool
    strict: bool
    control: bool
    threshold: int = HALF
    # Which list entries designate: entity-id prefixes (() = every entry of --list),
    # and the topic that designates an entity of the file (None: none does).
    designating: tuple[str, ...] = ()
    topic: str | None = DESIGNATED_TOPIC
    # When the rule applies, as [start, end] ISO dates (end None: open); () = always.
    in_force: tuple[tuple[str, str | None], ...] = ()

    def applies_on(self, day: str) -> bool:
        """Whether the rule is in force on ``day`` (ISO date)."""
        if not self.in_force:
            return True
        return any(start <= day and (end is None or day <= end) for start, end in self.in_force)

    def designates(self, entity_id: str) -> bool:
        return not self.designating or entity_id.startswith(self.designating)

    def meets(self, total: int, strict: bool) -> bool:
        """The test in Python, for the review pass (the engine runs ``sql_test``)."""
        if self.strict:
            return total > self.threshold or (total == self.threshold and strict)
        return total >= self.threshold

    def sql_test(self, total: str, strict: str, control: str) -> str:
        if self.strict:
            test = f"({total} > {self.threshold} OR ({total} = {self.threshold} AND {strict}))"
        else:
            test = f"{total} >= {self.threshold}"
        return f"({test} OR {control})" if self.control else test


RULES: dict[str, Rule] = {
    "ofac": Rule("ofac", "ofac-50-2014-v1", aggregate=True, strict=False, control=False),
    "eu": Rule("eu", "eu-bp-2018-v1", aggregate=False, strict=True, control=True),
    "eu-2024": Rule("eu-2024", "eu-bp-2024-v1", aggregate=True, strict=False, control=True),
    # BIS "Affiliates rule" (interim final rule "Expansion of End-User Controls to Cover
    # Affiliates of Certain Listed Entities", 29 September 2025): entities owned 50% or
    # more, together, by Entity List or Military End User parties. Suspended by BIS for
    # one year from 10 November 2025. Only list entries designate (ids of the CSL parser):
    # a topic in a registry cannot tell the Entity List from other lists.
    "bis-affiliates": Rule(
        "bis-affiliates",
        "bis-affiliates-2025-v1",
        aggregate=True,
        strict=False,
        control=False,
        designating=("us-csl-entity-list-", "us-csl-meu-"),
        topic=None,
        in_force=BIS_AFFILIATES_IN_FORCE,
    ),
}


def get_rule(key: str) -> Rule:
    try:
        return RULES[key]
    except KeyError:
        raise ConfigError(f"unknown rule {key!r}; choose one of {', '.join(RULES)}") from None


@dataclass
class FixedPoint:
    """Every blocked node with the round it was blocked in (0: designated)."""

    blocked: pa.Table  # node INT32, step INT32 (the round)
    rounds: int


class _Run:
    """Names of this run's temporary tables, so runs can share an engine."""

    PREFIX: ClassVar[str] = "mt_own_"

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.tag = f"{self.PREFIX}{uuid.uuid4().hex[:8]}_"
        self.tables: list[str] = []

    def t(self, name: str) -> str:
        return f"{self.tag}{name}"

    def create(self, name: str, sql: str) -> None:
        self.engine.execute(f"CREATE OR REPLACE TEMP TABLE {self.t(name)} AS {sql}")
        if name not in self.tables:
            self.tables.append(name)

    def count(self, sql: str) -> int:
        value = self.engine.query(f"SELECT count(*) AS n FROM ({sql})").column("n")[0]
        return int(value.as_py())

    def drop(self) -> None:
        for name in self.tables:
            self.engine.execute(f"DROP TABLE IF EXISTS {self.t(name)}")


def fixed_point(engine: Engine, nodes: pa.Table, edges: pa.Table, rule: Rule) -> FixedPoint:
    """Blocked nodes to the fixed point of ``rule``.

    ``nodes``: idx INT32, designated BOOL. ``edges``: owner, asset (INT32), low
    (INT64 millionths of a percent, NULL when unknown), strict, control (BOOL).
    """
    run = _Run(engine)
    engine.register(run.t("nodes"), nodes)
    engine.register(run.t("edges"), edges.select(["owner", "asset", "low", "strict", "control"]))
    try:
        run.create(
            "blocked", f"SELECT idx AS node, 0 AS step FROM {run.t('nodes')} WHERE designated"
        )
        run.create(
            "held", f"SELECT owner, asset, low, strict, control FROM {run.t('edges')} LIMIT 0"
        )
        rounds = 0
        while _round(run, rule, rounds):
            rounds += 1
        blocked = engine.query(f"SELECT node, step FROM {run.t('blocked')} ORDER BY node")
        return FixedPoint(blocked=blocked, rounds=rounds)
    finally:
        run.drop()
        engine.unregister(run.t("nodes"))
        engine.unregister(run.t("edges"))


def _round(run: _Run, rule: Rule, current: int) -> bool:
    """One semi-naive step: owners blocked in round ``current`` pass on their shares."""
    blocked, edges, held, delta = run.t("blocked"), run.t("edges"), run.t("held"), run.t("delta")
    run.create(
        "delta",
        f"SELECT e.owner, e.asset, e.low, e.strict, e.control FROM {edges} e "
        f"JOIN {blocked} b ON e.owner = b.node AND b.step = {current} "
        f"WHERE NOT EXISTS (SELECT 1 FROM {blocked} x WHERE x.node = e.asset)",
    )
    if rule.aggregate:
        run.engine.execute(f"INSERT INTO {held} SELECT * FROM {delta}")
        source, group = (
            f"{held} h WHERE h.asset IN (SELECT asset FROM {delta})",
            "h.asset",
        )
    else:  # each owner's holdings arrive together, in the round it was blocked
        source, group = f"{delta} h", "h.asset, h.owner"
    test = rule.sql_test("total", "strict", "ctl")
    run.engine.execute(
        f"INSERT INTO {blocked} SELECT DISTINCT asset, {current + 1} FROM ("
        f"SELECT h.asset, sum(h.low) AS total, bool_or(h.strict) AS strict, "
        f"bool_or(h.control) AS ctl FROM {source} GROUP BY {group}) WHERE {test}"
    )
    return run.count(f"SELECT 1 FROM {blocked} WHERE step = {current + 1}") > 0


def explain(
    engine: Engine, graph: OwnershipGraph, point: FixedPoint, rule: Rule
) -> list[dict[str, Any]]:
    """One record per entity blocked by ownership, or to review, sorted by id.

    Reads every edge from a blocked owner into a non-designated entity; the grouping
    into records is rendering, the tests on totals mirror the engine's.
    """
    run = _Run(engine)
    engine.register(run.t("edges"), graph.edges)
    engine.register(run.t("blocked"), point.blocked)
    engine.register(run.t("nodes"), graph.nodes_table())
    try:
        rows = engine.query(
            f"SELECT e.asset, e.owner, e.edge_id, e.kind, e.low, e.high, e.strict, e.control, "
            f"e.stated, a.step AS asset_step FROM {run.t('edges')} e "
            f"JOIN {run.t('blocked')} o ON o.node = e.owner "
            f"JOIN {run.t('nodes')} n ON n.idx = e.asset AND NOT n.designated "
            f"LEFT JOIN {run.t('blocked')} a ON a.node = e.asset "
            f"ORDER BY e.asset, e.owner, e.edge_id"
        ).to_pylist()
    finally:
        for name in ("edges", "blocked", "nodes"):
            engine.unregister(run.t(name))
    records = []
    for asset, group in itertools.groupby(rows, key=lambda r: int(r["asset"])):
        record = _record(graph, asset, list(group), rule)
        if record is not None:
            records.append(record)
    return sorted(records, key=lambda r: str(r["id"]))


def _owner_entry(graph: OwnershipGraph, owner: int, edges: list[dict[str, Any]]) -> dict[str, Any]:
    held = [e for e in edges if e["kind"] == "Ownership"]
    known = [e for e in held if e["low"] is not None]
    entry: dict[str, Any] = {"id": graph.ids[owner]}
    entry["share"] = to_percent(sum(e["low"] for e in known)) if known else None
    if any(e["low"] != e["high"] for e in known):
        low, high = sum(e["low"] for e in known), min(FULL, sum(e["high"] for e in known))
        entry["range"] = [to_percent(low), to_percent(high)]
        entry["stated"] = "; ".join(e["stated"] for e in known if e["stated"])
    if len(known) < len(held):
        entry["unknown"] = True
    if any(e["control"] for e in edges):
        entry["control"] = True
    entry["via"] = [e["edge_id"] for e in edges]
    return entry


def _record(
    graph: OwnershipGraph, asset: int, edges: list[dict[str, Any]], rule: Rule
) -> dict[str, Any] | None:
    by_owner = [list(g) for _, g in itertools.groupby(edges, key=lambda e: int(e["owner"]))]
    owners = sorted(
        (_owner_entry(graph, int(g[0]["owner"]), g) for g in by_owner), key=lambda o: str(o["id"])
    )
    known = [e for e in edges if e["kind"] == "Ownership" and e["low"] is not None]
    total = sum(e["low"] for e in known)
    record: dict[str, Any] = {"id": graph.ids[asset], "blocked": False}
    record["share"] = to_percent(total)
    record["rule"] = rule.key
    unknown = [o["id"] for o in owners if o.get("unknown")]
    if edges[0]["asset_step"] is not None:
        record["blocked"] = True
        record["round"] = int(edges[0]["asset_step"])
        record["basis"] = _basis(edges, rule)
    else:
        reason = _review_reason(edges, known, unknown, rule)
        if reason is None:
            return None
        record["review"] = True
        record["reason"] = reason
    record["owners"] = owners
    if unknown:
        record["unknown_shares"] = unknown
    return record


def _basis(edges: list[dict[str, Any]], rule: Rule) -> str:
    """Ownership if the shares alone meet the rule, else control (EU only)."""
    groups = (
        [edges]
        if rule.aggregate
        else [list(g) for _, g in itertools.groupby(edges, key=lambda e: e["owner"])]
    )
    for group in groups:
        known = [e for e in group if e["low"] is not None]
        if rule.meets(sum(e["low"] for e in known), any(e["strict"] for e in known)):
            return "ownership"
    return "control"


def _review_reason(
    edges: list[dict[str, Any]], known: list[dict[str, Any]], unknown: list[str], rule: Rule
) -> str | None:
    """Why a human must look at an entity the rule does not block, or None."""
    total = sum(e["low"] for e in known)
    strict = any(e["strict"] for e in known)
    if not rule.aggregate and rule.meets(total, strict):
        return "joint ownership: designated owners together hold more than 50%, none alone"
    if unknown:
        return "share held by a blocked owner is unknown"
    high = min(FULL, sum(e["high"] for e in known))
    if rule.meets(high, False) and not rule.meets(total, strict):
        return "stated ranges may reach the threshold; only the lower bounds are counted"
    if not rule.control and any(e["control"] for e in edges):
        return "controlled by a blocked owner (control alone does not block under OFAC)"
    return None


@dataclass
class OwnershipResult:
    """The records to write plus the counts a person reads on stderr to trust the run."""

    records: list[dict[str, Any]]
    entities: int
    designated: int
    rounds: int

    @property
    def blocked(self) -> int:
        return sum(1 for r in self.records if r["blocked"])

    @property
    def review(self) -> int:
        return sum(1 for r in self.records if r.get("review"))


def ownership_report(
    entities: Path,
    lists: Sequence[Path] = (),
    rule: str = "ofac",
    *,
    engine: Engine,
) -> OwnershipResult:
    """Read ``entities``, designate from topics and ``lists``, run ``rule`` and explain.

    The caller owns ``engine`` (DuckDB or Spark) and closes it.
    """
    chosen = get_rule(rule)
    listed = {i for i in designated_from_lists(lists) if chosen.designates(i)}
    graph = read_ownership_file(entities, listed, chosen.topic)
    point = fixed_point(engine, graph.nodes_table(), graph.edges, chosen)
    records = mark_overfull(explain(engine, graph, point, chosen), graph, chosen.key)
    return OwnershipResult(records, len(graph.ids), sum(graph.designated), point.rounds)
