"""A running server's lists: a load published elsewhere is picked up in the background,
and no request waits for the new index to be built."""

from __future__ import annotations

import time
from pathlib import Path

from moneytrail.services.lists import load_parsed
from moneytrail.services.snapshots import ListService
from moneytrail.store import Store
from tests.store.listfactory import version_2021, version_2024


def test_a_load_elsewhere_is_swapped_in_without_a_request_waiting(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    with Store(path) as store:
        load_parsed(store, [version_2021()])
    now = [0.0]
    service = ListService(Store(path), refresh_seconds=2.0, clock=lambda: now[0])
    try:
        assert service.snapshot().versions == {"test_sdn": "2021-07-07"}
        with Store(path) as other:  # another process's `lists load`
            load_parsed(other, [version_2024()])
        assert service.snapshot().versions == {"test_sdn": "2021-07-07"}  # not looked yet
        now[0] = 2.5
        first = service.snapshot()  # starts the rebuild, answers at once with what it has
        assert first.versions == {"test_sdn": "2021-07-07"}
        deadline = time.monotonic() + 30
        while service.snapshot().versions != {"test_sdn": "2024-05-03"}:
            assert time.monotonic() < deadline, "the new lists were never swapped in"
            time.sleep(0.05)
        assert {e.id for e in service.snapshot().screener.index.entries} == {
            "ofac-11494", "ofac-12450", "ofac-12451"
        }  # fmt: skip
    finally:
        service.close()


def test_the_workbench_graph_follows_a_new_load_through_the_one_store(tmp_path: Path) -> None:
    """The app opens one store (the lists service's); the graph pages read it too, so a
    list loaded while the server runs reaches them as it reaches screening."""
    from fastapi.testclient import TestClient

    from moneytrail.server import create_app
    from moneytrail.services.config import ApiConfig
    from moneytrail.settings import Settings

    path = tmp_path / "s.duckdb"
    with Store(path) as store:
        load_parsed(store, [version_2021()])
    config = ApiConfig(rate=0, anon_rate=0, insecure_local=True, refresh_seconds=0.0)
    app = create_app(Settings(store=path, progress=False), config)
    with TestClient(app) as client:
        assert app.state.workbench.store is app.state.services.lists.store
        assert client.get("/ui/api/network/ofac-12451").status_code == 404  # not yet listed
        with Store(path) as other:
            load_parsed(other, [version_2024()])
        deadline = time.monotonic() + 30
        while client.get("/ui/api/network/ofac-12451").status_code != 200:
            assert time.monotonic() < deadline, "the graph never saw the new list"
            client.post("/match/default", json={"queries": {}})  # a request looks for loads
            time.sleep(0.1)
