"""Fuzz every operation of the served OpenAPI spec, in process, bounded in time."""

from __future__ import annotations

import os

import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import (
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.conftest import Api

EXAMPLES = int(os.environ.get("MONEYTRAIL_FUZZ_EXAMPLES", "8"))


def test_fuzz_openapi(api: Api) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", api.client.app)
    failures = []
    statuses: list[int] = []
    for operation in schema.get_all_operations():
        op = operation.ok()  # type: ignore[union-attr]  # an Err (broken spec) fails here

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        @given(case=op.as_strategy())
        def check(case: schemathesis.Case) -> None:  # type: ignore[type-arg]
            case.headers = {**dict(case.headers or {}), **api.admin}  # type: ignore[assignment]
            response = case.call()
            statuses.append(response.status_code)
            case.validate_response(
                response,
                checks=[not_a_server_error, response_schema_conformance, status_code_conformance],
            )

        try:
            check()
        except Exception as exc:  # collect them all, then fail with the list
            failures.append(f"{op.method.upper()} {op.path}: {exc}")
    assert not failures, "\n\n".join(failures)
    assert len(statuses) >= 2 * len(list(schema.get_all_operations()))
    assert 200 in statuses and any(400 <= s < 500 for s in statuses)
