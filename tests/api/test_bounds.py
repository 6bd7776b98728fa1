"""Bounded work per request: name, word, name-count and query limits, the time budget,
clients that leave and a server that stops."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from moneytrail.api.budget import Guard, run_guarded
from moneytrail.errors import WorkAbandoned
from moneytrail.limits import LimitExceeded, WorkLimits
from moneytrail.server import ApiConfig, create_app
from moneytrail.settings import Settings
from moneytrail.store.snapshots import copy_store
from tests.api.conftest import Api, SliceStore

LIMITS = WorkLimits(
    name_chars=60, name_words=6, word_chars=50, names_per_entity=3, queries_per_request=4
)
GOOD = {"schema": "Person", "properties": {"name": ["Kassim Tajideen"]}}


def _api(source: SliceStore, target: Path, config: ApiConfig, limits: WorkLimits) -> Iterator[Api]:
    copy_store(source.path, target)
    settings = Settings(store=target, progress=False, limits=limits)
    with TestClient(create_app(settings, config)) as client:
        yield Api(
            client,
            target,
            {"Authorization": f"ApiKey {source.admin_key}"},
            {"X-API-Key": source.analyst_key},
        )


@pytest.fixture
def bounded(slice_store: SliceStore, tmp_path: Path) -> Iterator[Api]:
    yield from _api(slice_store, tmp_path / "s.duckdb", ApiConfig(rate=0, anon_rate=0), LIMITS)


def _person(*names: str) -> dict[str, Any]:
    return {"schema": "Person", "properties": {"name": list(names)}}


@pytest.mark.parametrize(
    ("query", "limit", "field"),
    [
        (_person("K" * 61), "MONEYTRAIL_MAX_NAME_CHARS", "queries.q.properties.name"),
        (
            _person("KassimTajideen" * 50_000),
            "MONEYTRAIL_MAX_NAME_CHARS",
            "queries.q.properties.name",
        ),
        (_person("a b c d e f g"), "MONEYTRAIL_MAX_NAME_WORDS", "queries.q.properties.name"),
        (_person("Ali " + "x" * 51), "MONEYTRAIL_MAX_WORD_CHARS", "queries.q.properties.name"),
        (_person("Ali", "Bob", "Cy", "Di"), "MONEYTRAIL_MAX_NAMES", "queries.q.properties"),
        (
            {"schema": "Person", "properties": {"name": ["Ali"], "alias": ["B", "C", "D"]}},
            "MONEYTRAIL_MAX_NAMES",
            "queries.q.properties",
        ),
        (
            {"schema": "Person", "properties": {"firstName": "x" * 61}},
            "MONEYTRAIL_MAX_NAME_CHARS",
            "queries.q.properties.firstName",
        ),
    ],
)
def test_a_query_over_a_limit_is_422_naming_it_and_nothing_is_screened(
    bounded: Api, query: dict[str, Any], limit: str, field: str
) -> None:
    before = bounded.counts()
    resp = bounded.client.post(
        "/match/default", json={"queries": {"q": query}}, headers=bounded.admin
    )
    assert resp.status_code == 422, resp.text
    body = resp.json()
    assert body["limit"] == limit and body["field"] == field
    assert limit in body["detail"]
    assert bounded.counts() == {**before, "audit_log": before["audit_log"] + 1}
    assert bounded.audit_lines()[-1]["action"] == "request.reject"


def test_too_many_queries_is_422_naming_the_limit(bounded: Api) -> None:
    queries = {f"q{i}": GOOD for i in range(5)}
    resp = bounded.client.post("/match/default", json={"queries": queries}, headers=bounded.admin)
    assert resp.status_code == 422
    assert resp.json()["limit"] == "MONEYTRAIL_MAX_QUERIES"
    within = {f"q{i}": GOOD for i in range(4)}
    ok = bounded.client.post("/match/default", json={"queries": within}, headers=bounded.admin)
    assert ok.status_code == 200


def test_search_and_reconcile_apply_the_same_limits(bounded: Api) -> None:
    resp = bounded.client.get("/search/default", params={"q": "x" * 61}, headers=bounded.admin)
    assert resp.status_code == 422 and resp.json()["limit"] == "MONEYTRAIL_MAX_NAME_CHARS"
    queries = '{"a": {"query": "' + "w " * 7 + '"}}'
    resp = bounded.client.get(
        "/reconcile/default", params={"queries": queries}, headers=bounded.admin
    )
    assert resp.status_code == 422 and resp.json()["limit"] == "MONEYTRAIL_MAX_NAME_WORDS"
    many = "{" + ",".join(f'"q{i}": {{"query": "Ali"}}' for i in range(5)) + "}"
    resp = bounded.client.get("/reconcile/default", params={"queries": many}, headers=bounded.admin)
    assert resp.status_code == 422 and resp.json()["limit"] == "MONEYTRAIL_MAX_QUERIES"


def test_limits_come_from_the_environment() -> None:
    env = {"MONEYTRAIL_MAX_NAME_CHARS": "80", "MONEYTRAIL_MAX_QUERIES": "0"}
    limits = Settings.from_env(env).limits
    assert limits.name_chars == 80 and limits.queries_per_request == 0
    limits.check_queries(10_000)  # 0 turns a limit off
    with pytest.raises(LimitExceeded, match="MONEYTRAIL_MAX_NAME_CHARS"):
        limits.check_name("x" * 81, field="name")


def test_a_spent_time_budget_is_503_with_an_audit_line(
    slice_store: SliceStore, tmp_path: Path
) -> None:
    config = ApiConfig(rate=0, anon_rate=0, time_budget=1e-9)
    for api in _api(slice_store, tmp_path / "s.duckdb", config, LIMITS):
        before = api.counts()
        resp = api.client.post("/match/default", json={"queries": {"q": GOOD}}, headers=api.admin)
        assert resp.status_code == 503
        assert "MONEYTRAIL_API_TIME_BUDGET" in resp.json()["detail"]
        assert api.counts() == {**before, "audit_log": before["audit_log"] + 1}
        assert api.audit_lines()[-1]["payload"]["status"] == 503  # type: ignore[index]


def test_screening_stops_when_the_server_is_stopping(bounded: Api) -> None:
    bounded.client.app.state.services.stopping.set()  # type: ignore[attr-defined]
    resp = bounded.client.post(
        "/match/default", json={"queries": {"q": GOOD}}, headers=bounded.admin
    )
    assert resp.status_code == 503
    assert "shutting down" in resp.json()["detail"]


def test_guard_trips_on_its_budget() -> None:
    now = [0.0]
    guard = Guard(2.0, threading.Event(), clock=lambda: now[0])
    guard.check()
    now[0] = 2.5
    with pytest.raises(WorkAbandoned, match="2 s time budget"):
        guard.check()
    assert Guard(0.0, threading.Event(), clock=lambda: now[0]).budget == 0.0  # 0: no budget


class _LeavingClient:
    """A request whose client disconnects after ``polls`` polls."""

    def __init__(self, polls: int) -> None:
        self.polls = polls

    async def is_disconnected(self) -> bool:
        self.polls -= 1
        return self.polls < 0


def test_work_is_abandoned_when_the_client_leaves() -> None:
    done: list[int] = []

    def endless(guard: Guard) -> int:
        while True:  # a long request: checks its guard between units of work
            guard.check()
            done.append(1)
            threading.Event().wait(0.01)

    with pytest.raises(WorkAbandoned, match="client closed"):
        asyncio.run(run_guarded(_LeavingClient(2), 0.0, threading.Event(), endless))
    assert 5 < len(done) < 200  # it ran, then it stopped soon after the client left


def test_batch_screen_stops_with_one_line_naming_record_and_limit(tmp_path: Path) -> None:
    from tests.conftest import run_cli

    records = tmp_path / "in.jsonl"
    ok = '{"id": "a", "schema": "Person", "properties": {"name": ["Kassim Tajideen"]}}'
    bad = '{"id": "b", "schema": "Person", "properties": {"name": ["' + "k" * 100_000 + '"]}}'
    records.write_text(ok + "\n" + bad + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    lists = Path(__file__).parents[1] / "fixtures" / "un_sc_slice"
    proc = run_cli("screen", str(records), "--list", str(lists), "-o", str(out))
    assert proc.returncode == 2, proc.stderr
    (line,) = proc.stderr.strip().splitlines()
    assert "line 2" in line and "MONEYTRAIL_MAX_NAME_CHARS" in line
    assert not out.exists()
