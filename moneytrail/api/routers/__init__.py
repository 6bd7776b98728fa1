"""Thin routers: parse, call one service function, render."""

from collections.abc import Mapping
from typing import Any

from moneytrail.api.schemas import ErrorResponse
from moneytrail.limits import WorkLimits

_ERROR: dict[str, Any] = {"model": ErrorResponse}
# Documented on every authenticated route, so clients (and the fuzzer) know them.
ERRORS: dict[int | str, dict[str, Any]] = {
    401: {**_ERROR, "description": "No API key, or not a valid one"},
    403: {**_ERROR, "description": "The key's role may not do this"},
    413: {**_ERROR, "description": "Request body too large"},
    422: {
        **_ERROR,
        "description": "Invalid input; `field` names the culprit, `limit` the limit exceeded",
    },
    429: {**_ERROR, "description": "Too many requests for this key or client address"},
}
# Screening routes: the time budget (MONEYTRAIL_API_TIME_BUDGET) or a shutdown.
SCREENING: dict[int | str, dict[str, Any]] = {
    503: {**_ERROR, "description": "Time budget spent, client gone or server shutting down"}
}


def check_examples(limits: WorkLimits, examples: Mapping[str, Any]) -> None:
    """Every query of a request within the work limits, before any is screened."""
    limits.check_queries(len(examples))
    for key, example in examples.items():
        limits.check_record(example, prefix=f"queries.{key}.")


NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {**_ERROR, "description": "Unknown dataset, entity or alert"}
}

CONFLICT: dict[int | str, dict[str, Any]] = {
    409: {**_ERROR, "description": "Changed by someone else since the version you named; reload"}
}
