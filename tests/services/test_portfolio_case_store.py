"""The portfolio and the re-screens owed to it live in the case store, on both stores.

With PostgreSQL configured, customers and owed re-screens must be written there (a
team's server and CLI share them) and never to the DuckDB store file, which then holds
lists only. With the embedded store they are in the store file, as before. On both, an
add interrupted after storing its customers is finished by the next add, and a list
update interrupted after loading is paid by the next update.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import moneytrail.services.portfolio as portfolio
import moneytrail.services.updates as updates
from moneytrail.alerts import DuckDBRepository, Repository, verify
from moneytrail.engines import DuckDBEngine
from moneytrail.services.global_search import _portfolio
from moneytrail.services.lists import load_source
from moneytrail.services.portfolio import add_portfolio, customers
from moneytrail.services.updates import run_update
from moneytrail.store import Store
from tests.alerts.backends import BACKENDS, Backend, backend_for
from tests.cli.test_bad_transactions import invoke
from tests.services.conftest import CUSTOMERS, SLICE, changed_slice

CASE_TABLES = ("pending_rescreens", "portfolio")


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    with backend_for(request.param, tmp_path / "store.duckdb") as found:
        with Store(found.store) as store:
            load_source(store, SLICE, version="2021-07-07")
        yield found


@pytest.fixture
def opened(backend: Backend) -> Iterator[tuple[Store, Repository]]:
    store = Store(backend.store)
    repo = backend.open()
    try:
        yield store, repo
    finally:
        repo.close()
        store.close()


def people(tmp: Path, name: str, records: tuple[dict[str, Any], ...]) -> str:
    path = tmp / name
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return str(path)


def file_tables(store: Store) -> set[str]:
    """The case-store tables present in the DuckDB store file."""
    rows = store.engine.rows("SELECT table_name FROM information_schema.tables")
    return {str(r[0]) for r in rows} & set(CASE_TABLES)


def stored(backend: Backend, store: Store, sql: str) -> list[tuple[Any, ...]]:
    """Rows read straight from where the case store keeps them, not through the repository."""
    if backend.name == "duckdb":
        return store.engine.rows(sql)
    import psycopg

    with psycopg.connect(backend.env["MONEYTRAIL_DATABASE_URL"]) as conn:
        return conn.execute(sql).fetchall()  # type: ignore[arg-type,unused-ignore]


def assert_kept_apart(backend: Backend, store: Store) -> None:
    """PostgreSQL: nothing of the portfolio in the file; DuckDB: the file is the case store."""
    expected = set(CASE_TABLES) if backend.name == "duckdb" else set()
    assert file_tables(store) == expected


def keys(alerts: tuple[Any, ...]) -> set[tuple[str, str]]:
    return {(a.query_id, a.entity_id) for a in alerts}


def test_add_and_update_write_the_case_store(
    backend: Backend,
    opened: tuple[Store, Repository],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    store, repo = opened
    added = add_portfolio(store, repo, people(tmp_path, "c.jsonl", CUSTOMERS), {}, actor="ann")
    assert (added.added, added.updated, added.resumed) == (3, 0, 0)
    assert keys(added.alerts) == {("c-kassim", "ofac-11494"), ("c-nasrallah", "ofac-2686")}
    assert [c.id for c in customers(repo)] == ["c-kassim", "c-nasrallah", "c-new"]
    rows = stored(backend, store, "SELECT id, pending FROM portfolio ORDER BY id")
    assert rows == [("c-kassim", False), ("c-nasrallah", False), ("c-new", False)]
    assert_kept_apart(backend, store)
    found = _portfolio(repo, "NOVAK", 10)  # the workbench's search finds customers there too
    assert [(h.id, h.title) for h in found] == [("c-new", "Ibrahim Novakovic")]

    def crash(*args: object, **kwargs: object) -> object:
        raise RuntimeError("power cut")

    changed = str(changed_slice(tmp_path / "changed"))
    real = updates.screen_customers  # type: ignore[attr-defined]
    monkeypatch.setattr(updates, "screen_customers", crash)
    with pytest.raises(RuntimeError):
        run_update(store, repo, changed, actor="ops", version="2021-08-01")
    owed = stored(backend, store, "SELECT dataset, from_version, to_version FROM pending_rescreens")
    assert owed == [("us_ofac_sdn", "2021-07-07", "2021-08-01")]
    assert_kept_apart(backend, store)

    monkeypatch.setattr(updates, "screen_customers", real)
    paid = run_update(store, repo, changed, actor="ops", version="2021-08-02")
    assert paid.customers == 3
    assert paid.delta == ("ofac-2686", "ofac-4243", "ofac-7782")
    assert keys(paid.alerts) == {("c-new", "ofac-7782"), ("c-nasrallah", "ofac-2686")}
    assert stored(backend, store, "SELECT * FROM pending_rescreens") == []
    again = run_update(store, repo, changed, actor="ops", version="2021-08-03")
    assert again.delta == () and again.alerts == ()
    assert_kept_apart(backend, store)
    assert verify(repo).ok


def test_an_interrupted_add_is_resumed(
    backend: Backend,
    opened: tuple[Store, Repository],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    store, repo = opened
    real = portfolio.screen_customers

    def crash(*args: object, **kwargs: object) -> object:
        raise RuntimeError("killed")  # stored, not yet screened

    monkeypatch.setattr(portfolio, "screen_customers", crash)
    with pytest.raises(RuntimeError):
        add_portfolio(store, repo, people(tmp_path, "a.jsonl", CUSTOMERS[:2]), {}, actor="ann")
    assert repo.pending_customer_ids() == {"c-kassim", "c-nasrallah"}
    rows = stored(backend, store, "SELECT id FROM portfolio WHERE pending ORDER BY id")
    assert rows == [("c-kassim",), ("c-nasrallah",)]
    assert_kept_apart(backend, store)

    monkeypatch.setattr(portfolio, "screen_customers", real)
    later = people(tmp_path, "b.jsonl", CUSTOMERS[2:])
    resumed = add_portfolio(store, repo, later, {}, actor="ann")
    assert (resumed.added, resumed.resumed) == (1, 2)
    assert keys(resumed.alerts) == {("c-kassim", "ofac-11494"), ("c-nasrallah", "ofac-2686")}
    assert repo.pending_customer_ids() == set()
    again = add_portfolio(store, repo, later, {}, actor="ann")
    assert (again.unchanged, again.resumed, again.alerts) == (1, 0, ())
    lines = [e for e in repo.audit_entries() if e.action == "portfolio.add"]
    assert [e.payload["pending_screened"] for e in lines] == [2, 0]


def test_cli_add_and_list_use_the_case_store(backend: Backend, tmp_path: Path) -> None:
    env: dict[str, str | None] = {"MONEYTRAIL_DATABASE_URL": None, **backend.env}
    backend.open().close()  # creates the test's PostgreSQL schema, which the URL selects
    path = people(tmp_path, "c.jsonl", CUSTOMERS)
    added = invoke("--store", str(backend.store), "portfolio", "add", path, env=env)
    assert added.code == 0, added.stderr
    assert "3 added, 0 updated, 0 unchanged" in added.stderr
    listed = invoke("--store", str(backend.store), "portfolio", "list", "--json", env=env)
    assert listed.code == 0, listed.stderr
    assert [json.loads(x)["id"] for x in listed.stdout.splitlines()] == [
        "c-kassim",
        "c-nasrallah",
        "c-new",
    ]
    with Store(backend.store) as store:
        assert_kept_apart(backend, store)


def test_an_old_store_file_gains_the_pending_mark(tmp_path: Path) -> None:
    """A portfolio written before the pending column reads back, none of it pending."""
    path = tmp_path / "old.duckdb"
    engine = DuckDBEngine(path)
    try:
        engine.execute(
            "CREATE TABLE portfolio (id VARCHAR PRIMARY KEY, schema VARCHAR NOT NULL, "
            "record VARCHAR NOT NULL, fingerprint VARCHAR NOT NULL, added_at VARCHAR NOT NULL, "
            "updated_at VARCHAR NOT NULL)"
        )
        record = json.dumps(CUSTOMERS[0], sort_keys=True)
        engine.execute(
            "INSERT INTO portfolio VALUES (?, 'Person', ?, 'f0', '2025-01-01', '2025-01-01')",
            ["c-kassim", record],
        )
    finally:
        engine.close()
    repo = DuckDBRepository(path)
    try:
        (customer,) = customers(repo)
        assert (customer.id, customer.record, customer.fingerprint) == (
            "c-kassim",
            CUSTOMERS[0],
            "f0",
        )
        assert repo.pending_customer_ids() == set()
    finally:
        repo.close()
