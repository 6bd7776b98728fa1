"""Small FtM JSONL registries written by the tests, with the Tajideen network's real ids.

ofac-11494 (TAJIDEEN, Kassim) and ofac-12452 (TAJCO) are real SDN entries; every
company and the other people are synthetic.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from moneytrail.engines import DuckDBEngine, Engine
from moneytrail.graph import OwnershipResult, ownership_report

KASSIM = "ofac-11494"
TAJCO = "ofac-12452"
Entity = dict[str, Any]


def person(entity_id: str, name: str, *, designated: bool = False) -> Entity:
    props: dict[str, list[str]] = {"name": [name]}
    if designated:
        props["topics"] = ["sanction"]
    return {"id": entity_id, "schema": "Person", "properties": props}


def company(entity_id: str, name: str | None = None, *, designated: bool = False) -> Entity:
    props: dict[str, list[str]] = {"name": [name or f"{entity_id.upper()} Trading Ltd"]}
    if designated:
        props["topics"] = ["sanction"]
    return {"id": entity_id, "schema": "Company", "properties": props}


def owns(owner: str, asset: str, *percentages: str, role: str | None = None) -> Entity:
    props: dict[str, list[str]] = {"owner": [owner], "asset": [asset]}
    if percentages:
        props["percentage"] = list(percentages)
    if role:
        props["role"] = [role]
    return {"id": f"own-{owner}-{asset}", "schema": "Ownership", "properties": props}


def directs(director: str, organization: str, role: str) -> Entity:
    props = {"director": [director], "organization": [organization], "role": [role]}
    return {"id": f"dir-{director}-{organization}", "schema": "Directorship", "properties": props}


def network(*companies: str, blocked: Iterable[str] = (KASSIM,)) -> list[Entity]:
    """Designated people (``blocked``) and plain companies, to which tests add edges."""
    entities = [person(b, b.upper(), designated=True) for b in blocked]
    return entities + [company(c) for c in companies]


def write(path: Path, entities: Iterable[Entity]) -> Path:
    path.write_text("".join(json.dumps(e) + "\n" for e in entities), encoding="utf-8")
    return path


def run(
    tmp_path: Path, entities: Iterable[Entity], rule: str = "ofac", engine: Engine | None = None
) -> OwnershipResult:
    path = write(tmp_path / "entities.jsonl", entities)
    if engine is not None:
        return ownership_report(path, rule=rule, engine=engine)
    duck = DuckDBEngine()
    try:
        return ownership_report(path, rule=rule, engine=duck)
    finally:
        duck.close()


def by_id(result: OwnershipResult) -> dict[str, dict[str, Any]]:
    return {str(r["id"]): r for r in result.records}


def blocked(result: OwnershipResult) -> set[str]:
    return {str(r["id"]) for r in result.records if r["blocked"]}
