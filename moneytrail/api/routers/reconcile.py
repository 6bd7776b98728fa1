"""OpenRefine's Reconciliation API v0.2 at /reconcile/{dataset}.

GET without ``queries`` answers the service manifest; ``queries`` (a JSON object of
``{key: {"query", "type"?, "limit"?, "properties"?: [{"pid", "v"}]}}``) is taken from
the query string, a form field or a JSON body, as OpenRefine sends it either way.
Each query is screened like a /match example and audited the same way.
"""

from __future__ import annotations

import json
from typing import Annotated, Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse

from moneytrail.alerts.models import User
from moneytrail.api.auth import current_user
from moneytrail.api.budget import Guard, run_guarded
from moneytrail.api.routers import ERRORS, NOT_FOUND, SCREENING, check_examples
from moneytrail.errors import InvalidInput
from moneytrail.screening.query import QUERY_SCHEMATA
from moneytrail.services.http import services_of
from moneytrail.services.screening import MAX_LIMIT, MatchOutcome, MatchParams, match_examples

router = APIRouter(tags=["Reconciliation"])


def manifest(request: Request, dataset: str) -> dict[str, Any]:
    base = str(request.base_url).rstrip("/")
    return {
        "versions": ["0.2"],
        "name": f"moneytrail: {dataset}",
        "identifierSpace": f"{base}/entities/",
        "schemaSpace": "https://followthemoney.tech/explorer/schemata/",
        "defaultTypes": [{"id": s, "name": s} for s in QUERY_SCHEMATA],
        "view": {"url": f"{base}/entities/{{{{id}}}}"},
    }


def _parse_queries(raw: str) -> dict[str, Any]:
    try:
        queries = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"queries is not JSON: {exc.msg}", field="queries") from exc
    if not isinstance(queries, dict):
        raise InvalidInput("queries must be a JSON object", field="queries")
    return queries


def _example(key: str, q: Any) -> tuple[dict[str, Any], int]:
    """One reconciliation query as a /match example, with its own result limit."""
    if not isinstance(q, dict) or not isinstance(q.get("query"), str):
        raise InvalidInput("each query needs a text 'query'", field=f"queries.{key}.query")
    kind = q.get("type")
    kind = kind[0] if isinstance(kind, list) and kind else kind
    schema = kind if kind in QUERY_SCHEMATA else "LegalEntity"
    props: dict[str, list[Any]] = {"name": [q["query"]]}
    for p in q.get("properties") or []:
        if not isinstance(p, dict) or not isinstance(p.get("pid"), str):
            raise InvalidInput("a property needs a 'pid'", field=f"queries.{key}.properties")
        values = p.get("v")
        props.setdefault(p["pid"].split(":")[-1], []).extend(
            values if isinstance(values, list) else [values]
        )
    limit = q.get("limit", 5)
    if not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(f"limit must be 1 to {MAX_LIMIT}", field=f"queries.{key}.limit")
    return {"schema": schema, "properties": props}, limit


def _results(outcome: MatchOutcome, limits: dict[str, int]) -> dict[str, Any]:
    threshold = outcome.params.threshold
    return {
        r.key: {
            "result": [
                {
                    "id": m.entry.id,
                    "name": m.entry.caption,
                    "type": [{"id": m.entry.schema, "name": m.entry.schema}],
                    "score": round(m.score * 100, 2),
                    "match": m.score >= threshold,
                    "description": ", ".join(m.entry.datasets),
                }
                for m in r.matches[: limits[r.key]]
            ]
        }
        for r in outcome.results
    }


async def _raw_queries(request: Request, query_param: str | None) -> str | None:
    if query_param is not None:
        return query_param
    body = await request.body()
    if not body:
        return None
    if request.headers.get("content-type", "").startswith("application/json"):
        data = _parse_queries(body.decode("utf-8", "replace"))
        queries = data.get("queries", data)
        return json.dumps(queries)
    form = parse_qs(body.decode("utf-8", "replace"))
    return form["queries"][0] if form.get("queries") else None


@router.get(
    "/reconcile/{dataset}",
    operation_id="reconcile_get",
    responses={**ERRORS, **NOT_FOUND, **SCREENING},
)
@router.post(
    "/reconcile/{dataset}",
    operation_id="reconcile_post",
    responses={**ERRORS, **NOT_FOUND, **SCREENING},
)
async def reconcile(
    request: Request,
    dataset: str,
    user: Annotated[User, Depends(current_user)],
    queries: Annotated[str | None, Query(description="JSON object of queries")] = None,
) -> JSONResponse:
    """The service manifest, or the results of a batch of reconciliation queries."""
    services = services_of(request)
    raw = await _raw_queries(request, queries)
    snapshot = services.lists.snapshot()
    snapshot.scope(dataset)
    if raw is None:
        return JSONResponse(manifest(request, dataset))
    asked = _parse_queries(raw)
    services.limits.check_queries(len(asked))
    parsed = {k: _example(k, q) for k, q in asked.items()}
    examples = {k: ex for k, (ex, _) in parsed.items()}
    check_examples(services.limits, examples)
    limits = {k: lim for k, (_, lim) in parsed.items()}
    params = MatchParams(limit=max(limits.values(), default=5))

    def work(guard: Guard) -> MatchOutcome:
        return match_examples(
            services.lists, services.audit.append, user.name, dataset, examples, params, guard.check
        )

    outcome = await run_guarded(request, services.config.time_budget, services.stopping, work)
    return JSONResponse(_results(outcome, limits))
