"""POST /match/{dataset}: yente's matching API, request and response unchanged."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse

from moneytrail.alerts.models import User
from moneytrail.api.auth import current_user
from moneytrail.api.budget import Guard, run_guarded
from moneytrail.api.render import match_response
from moneytrail.api.routers import ERRORS, NOT_FOUND, SCREENING, check_examples
from moneytrail.api.schemas import EntityMatchQuery, EntityMatchResponse
from moneytrail.screening import ALGORITHM, DEFAULT_CUTOFF, DEFAULT_THRESHOLD
from moneytrail.services.http import services_of
from moneytrail.services.screening import MAX_LIMIT, MatchOutcome, MatchParams, match_examples

router = APIRouter(tags=["Matching"])


@router.post(
    "/match/{dataset}",
    response_model=EntityMatchResponse,
    responses={**ERRORS, **NOT_FOUND, **SCREENING},
)
async def match(
    request: Request,
    dataset: str,
    body: EntityMatchQuery,
    user: Annotated[User, Depends(current_user)],
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 5,
    threshold: Annotated[float, Query(ge=0.0, le=1.0)] = DEFAULT_THRESHOLD,
    cutoff: Annotated[float, Query(ge=0.0, le=1.0)] = DEFAULT_CUTOFF,
    algorithm: str = ALGORITHM,
    include_dataset: Annotated[list[str] | None, Query()] = None,
) -> JSONResponse:
    """Screen example entities, keyed by ids of your choosing, as yente does.

    `dataset` is a loaded list (`us_ofac_sdn`, `un_sc_sanctions`, ...) or `default` /
    `sanctions` for all of them. Each result carries `score`, `match` (score >=
    threshold), per-feature contributions in `features` and the full `explanation`.

    Bounded: names, words, names per query and queries per request are limited (422
    naming the limit), and the request has a time budget (503 when it is spent).
    """
    services = services_of(request)
    params = MatchParams(threshold, cutoff, limit, algorithm, tuple(include_dataset or ()))
    examples = {
        key: ex.model_dump(by_alias=True, exclude_none=True) for key, ex in body.queries.items()
    }
    check_examples(services.limits, examples)

    def work(guard: Guard) -> MatchOutcome:
        return match_examples(
            services.lists, services.audit.append, user.name, dataset, examples, params, guard.check
        )

    budget = services.config.time_budget
    outcome = await run_guarded(request, budget, services.stopping, work)
    return JSONResponse(match_response(outcome))
