"""Thin routers: parse, call one service function, render."""

from typing import Any

from moneytrail.api.schemas import ErrorResponse

_ERROR: dict[str, Any] = {"model": ErrorResponse}
# Documented on every authenticated route, so clients (and the fuzzer) know them.
ERRORS: dict[int | str, dict[str, Any]] = {
    401: {**_ERROR, "description": "No API key, or not a valid one"},
    403: {**_ERROR, "description": "The key's role may not do this"},
    413: {**_ERROR, "description": "Request body too large"},
    422: {**_ERROR, "description": "Invalid input; `field` names the culprit"},
    429: {**_ERROR, "description": "Too many requests for this key"},
}
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {**_ERROR, "description": "Unknown dataset, entity or alert"}
}
