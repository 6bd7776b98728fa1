"""Screening on request (yente's /match, search, reconciliation), every call audited.

The audit line of a screening request records what an examiner asks for: the input
as received, the list versions screened against, the algorithm and its settings, and
what was found (entity, score, flag and entry digest per hit). It is committed before
the answer is returned.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from moneytrail.errors import InvalidInput
from moneytrail.screening import (
    ALGORITHM,
    DEFAULT_CUTOFF,
    DEFAULT_THRESHOLD,
    Match,
    Query,
    ScreenConfig,
)
from moneytrail.screening.screener import MAX_CANDIDATE_ENTRIES
from moneytrail.services.snapshots import ListService, Snapshot

AuditSink = Callable[[str, str, str, dict[str, Any]], object]

# yente clients name the algorithm; "best" and "default" mean whatever the server uses.
ALGORITHM_ALIASES = frozenset({ALGORITHM, "best", "default"})
MAX_LIMIT = MAX_CANDIDATE_ENTRIES
MAX_QUERIES = 100


@dataclass(frozen=True, slots=True)
class MatchParams:
    threshold: float = DEFAULT_THRESHOLD
    cutoff: float = DEFAULT_CUTOFF
    limit: int = 5
    algorithm: str = ALGORITHM
    include_dataset: tuple[str, ...] = ()

    def check(self) -> None:
        if self.algorithm not in ALGORITHM_ALIASES:
            known = ", ".join(sorted(ALGORITHM_ALIASES))
            raise InvalidInput(
                f"unknown algorithm {self.algorithm!r} (known: {known})", field="algorithm"
            )
        for name in ("threshold", "cutoff"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise InvalidInput(f"{name} must be between 0 and 1", field=name)
        if not 1 <= self.limit <= MAX_LIMIT:
            raise InvalidInput(f"limit must be between 1 and {MAX_LIMIT}", field="limit")

    def as_record(self) -> dict[str, Any]:
        return {
            "algorithm": ALGORITHM,
            "threshold": self.threshold,
            "cutoff": min(self.cutoff, self.threshold),
            "limit": self.limit,
            "include_dataset": list(self.include_dataset),
        }


@dataclass(frozen=True, slots=True)
class QueryResult:
    key: str
    example: dict[str, Any]
    query: Query
    matches: list[Match]
    total: int


@dataclass(frozen=True, slots=True)
class MatchOutcome:
    dataset: str
    params: MatchParams
    snapshot: Snapshot
    results: list[QueryResult]


def _query(key: str, example: Mapping[str, Any]) -> tuple[dict[str, Any], Query]:
    """A yente example (id optional) as a Query; errors name ``queries.<key>.<field>``."""
    record = dict(example)
    record["id"] = record.get("id") or key
    props = record.get("properties")
    if isinstance(props, Mapping):
        record["properties"] = {
            k: list(v) if isinstance(v, list) else [v] for k, v in props.items()
        }
    try:
        return record, Query.from_record(record)
    except InvalidInput as exc:
        inner = exc.field
        if inner and inner in (record.get("properties") or {}):  # a misspelt property
            inner = f"properties.{inner}"
        field = f"queries.{key}" + (f".{inner}" if inner else "")
        raise InvalidInput(exc.reason, field=field) from exc


def match_examples(
    lists: ListService,
    audit: AuditSink,
    actor: str,
    dataset: str,
    examples: Mapping[str, Mapping[str, Any]],
    params: MatchParams,
    guard: Callable[[], None] | None = None,
) -> MatchOutcome:
    """Screen yente-style examples against ``dataset``; nothing is screened if any is bad.

    ``guard`` is called before each query and may raise to stop the work (the API's
    time budget and client disconnects).
    """
    snapshot = lists.snapshot()
    scope = snapshot.scope(dataset)
    if params.include_dataset:
        scope = scope & frozenset(params.include_dataset)
    params.check()
    if not examples:
        raise InvalidInput("no queries given", field="queries")
    if len(examples) > MAX_QUERIES:
        raise InvalidInput(f"at most {MAX_QUERIES} queries per request", field="queries")
    parsed = {key: _query(key, ex) for key, ex in examples.items()}
    cutoff = min(params.cutoff, params.threshold)
    config = ScreenConfig(limit=MAX_LIMIT, cutoff=cutoff, threshold=params.threshold)
    results = []
    for key, (record, query) in parsed.items():
        if guard is not None:
            guard()
        found = [
            m
            for m in snapshot.screener.screen(query, config)
            if not scope.isdisjoint(m.entry.datasets)
        ]
        results.append(QueryResult(key, record, query, found[: params.limit], len(found)))
    outcome = MatchOutcome(dataset, params, snapshot, results)
    audit(actor, "screen", f"match/{dataset}", _audit_payload(outcome, examples, scope))
    return outcome


def _audit_payload(
    outcome: MatchOutcome, examples: Mapping[str, Mapping[str, Any]], scope: frozenset[str]
) -> dict[str, Any]:
    threshold = outcome.params.threshold
    return {
        "dataset": outcome.dataset,
        "input": {k: dict(v) for k, v in examples.items()},
        "list_versions": {d: v for d, v in outcome.snapshot.versions.items() if d in scope},
        "config": outcome.params.as_record(),
        "results": {
            r.key: [
                {
                    "id": m.entry.id,
                    "score": round(m.score, 4),
                    "match": m.score >= threshold,
                    "entry_digest": m.entry.digest,
                }
                for m in r.matches
            ]
            for r in outcome.results
        },
    }


def search_text(
    lists: ListService, audit: AuditSink, actor: str, dataset: str, text: str, limit: int
) -> MatchOutcome:
    """Free-text name search: the text screened as a name of any kind of entity."""
    if not text.strip():
        raise InvalidInput("a search needs some text", field="q")
    example = {"schema": "LegalEntity", "properties": {"name": [text]}}
    params = MatchParams(limit=limit, cutoff=0.3, threshold=DEFAULT_THRESHOLD)
    return match_examples(lists, audit, actor, dataset, {"q": example}, params)
