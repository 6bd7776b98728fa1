"""Service results as JSON-ready dicts in the shapes of ``schemas``.

/match is the hot path: its answer is built as plain dicts and sent without a second
validation pass (the shapes are pinned by the tests and the schemathesis run).
"""

from __future__ import annotations

from typing import Any

from moneytrail.model import Statement
from moneytrail.screening import Match
from moneytrail.screening.feature_list import FEATURES
from moneytrail.services.screening import MatchOutcome
from moneytrail.services.snapshots import CatalogEntry, Snapshot
from moneytrail.store.entities import EntityView

# yente's "matcher": what each feature of the explanation means, from the feature list.
FEATURE_DOCS: dict[str, dict[str, Any]] = {f.key: {"description": f.description} for f in FEATURES}


def scored_entity(match: Match, snapshot: Snapshot, threshold: float) -> dict[str, Any]:
    entry = match.entry
    info = snapshot.catalog.get(entry.id) or CatalogEntry()
    return {
        "id": entry.id,
        "caption": entry.caption,
        "schema": entry.schema,
        "properties": info.properties,
        "datasets": list(entry.datasets),
        "referents": [],
        "target": True,
        "first_seen": info.first_seen or None,
        "last_seen": info.last_seen or None,
        "last_change": None,
        "score": round(match.score, 4),
        "features": match.explanation.contributions(),
        "match": match.score >= threshold,
        "token": entry.digest,
        "explanation": match.explanation.as_dict(),
    }


def match_response(outcome: MatchOutcome) -> dict[str, Any]:
    threshold = outcome.params.threshold
    responses = {}
    for r in outcome.results:
        responses[r.key] = {
            "status": 200,
            "results": [scored_entity(m, outcome.snapshot, threshold) for m in r.matches],
            "total": {"value": r.total, "relation": "eq"},
            "query": {
                "id": r.example["id"],
                "schema": r.query.schema,
                "properties": r.example.get("properties", {}),
            },
        }
    return {"responses": responses, "matcher": FEATURE_DOCS, "limit": outcome.params.limit}


def search_response(outcome: MatchOutcome) -> dict[str, Any]:
    result = outcome.results[0]
    threshold = outcome.params.threshold
    return {
        "results": [scored_entity(m, outcome.snapshot, threshold) for m in result.matches],
        "total": {"value": result.total, "relation": "eq"},
        "limit": outcome.params.limit,
        "offset": 0,
        "facets": {},
    }


def statement(st: Statement) -> dict[str, Any]:
    return {
        "id": st.id,
        "entity_id": st.entity_id,
        "schema": st.schema,
        "prop": st.prop,
        "value": st.value,
        "original_value": st.original_value,
        "dataset": st.dataset,
        "list_version": st.list_version,
        "source_record": st.source_record,
        "first_seen": st.first_seen,
        "last_seen": st.last_seen,
    }


def entity_detail(view: EntityView) -> dict[str, Any]:
    """An entity with the provenance of every fact: list, version, source record, dates."""
    props: dict[str, list[str]] = {}
    for st in view.statements:
        values = props.setdefault(st.prop, [])
        if st.value not in values:
            values.append(st.value)
    return {
        "id": view.id,
        "caption": view.caption,
        "schema": view.schema,
        "properties": props,
        "datasets": sorted({st.dataset for st in view.statements}),
        "referents": [],
        "target": bool(view.sanctions),
        "first_seen": min(st.first_seen for st in view.statements),
        "last_seen": max(st.last_seen for st in view.statements),
        "last_change": None,
        "statements": [statement(st) for st in view.statements],
        "sanctions": [
            {"id": sid, "statements": [statement(s) for s in facts]}
            for sid, facts in view.sanctions
        ],
        "links": [
            {
                "via_id": link.via_id,
                "via_schema": link.via_schema,
                "role": link.role,
                "other_id": link.other_id,
                "other_caption": link.other_caption,
                "other_schema": link.other_schema,
                "statements": [statement(s) for s in link.statements],
            }
            for link in view.links
        ],
    }
