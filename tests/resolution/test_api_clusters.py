"""After ``moneytrail resolve``, the API sends a merged record to its cluster, and the
cluster's page carries the facts of every record in it, each citing its own record."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from moneytrail.alerts import AuditLog, DuckDBRepository, Role, add_user
from moneytrail.resolution import canonical_id, cluster_members, resolve_store
from moneytrail.server import create_app
from moneytrail.services.config import ApiConfig
from moneytrail.settings import Settings
from moneytrail.store import Store

Resolved = tuple[TestClient, dict[str, str], str, list[str], str]


@pytest.fixture
def resolved(store_path: Path) -> Iterator[Resolved]:
    with Store(store_path) as store:
        resolve_store(store)
        cluster = canonical_id(store, "ofac-11494")
        members = cluster_members(store, cluster)
        listed = [
            str(r[0])
            for r in store.engine.rows(
                "SELECT DISTINCT entity_id FROM statements WHERE dataset = 'us_ofac_sdn' "
                "ORDER BY entity_id"
            )
        ]
        alone = next(e for e in listed if canonical_id(store, e) == e)
    repo = DuckDBRepository(store_path)
    _, key = add_user(repo, AuditLog(repo), "ada", Role.ADMIN, "test")
    repo.close()
    app = create_app(Settings(store=store_path, progress=False), ApiConfig(rate=0))
    with TestClient(app) as client:
        yield client, {"X-API-Key": key}, cluster, members, alone


def test_a_merged_record_redirects_to_its_cluster(
    resolved: Resolved,
) -> None:
    client, auth, cluster, members, _ = resolved
    assert cluster.startswith("mt-") and "ofac-11494" in members and len(members) > 1
    response = client.get("/entities/demo-p-kassim", headers=auth, follow_redirects=False)
    assert response.status_code == 308
    assert response.headers["location"] == f"/entities/{cluster}"


def test_the_cluster_page_has_every_records_facts(
    resolved: Resolved,
) -> None:
    client, auth, cluster, members, _ = resolved
    body = client.get(f"/entities/{cluster}", headers=auth).json()
    assert body["id"] == cluster
    cited = {st["entity_id"] for st in body["statements"]}
    assert cited == set(members)  # every record contributes, and says which it is
    assert body["caption"] == "TAJIDEEN, Kassim"  # the list entry leads


def test_an_unmerged_entity_is_served_as_before(
    resolved: Resolved,
) -> None:
    client, auth, _, members, alone = resolved
    response = client.get(f"/entities/{alone}", headers=auth, follow_redirects=False)
    assert alone not in members
    assert response.status_code == 200 and response.json()["id"] == alone
