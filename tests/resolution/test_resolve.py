"""Resolution of a small realistic store: links, explanations, judgements, canonical ids."""

from __future__ import annotations

from pathlib import Path

import pytest

from moneytrail.errors import InvalidInput, NotFound
from moneytrail.resolution import (
    LinkConfig,
    canonical_id,
    cluster_members,
    load_judgements,
    record_judgement,
    resolve_store,
)
from moneytrail.store import Store


def _cluster_of(store: Store, entity_id: str) -> set[str]:
    return set(cluster_members(store, canonical_id(store, entity_id)))


def test_registry_record_resolves_to_sdn_entry(store: Store) -> None:
    result = resolve_store(store)
    assert not result.trained  # a small store keeps the documented priors
    assert canonical_id(store, "demo-p-kassim") == canonical_id(store, "ofac-11494")
    assert {"demo-p-kassim", "ofac-11494", "cust-002"} <= _cluster_of(store, "ofac-11494")
    cluster = next(c for c in result.merged() if "ofac-11494" in c.members)
    to_list = [k for k in cluster.links if "ofac-11494" in (k.left, k.right)]
    assert to_list and all(k.source == "screening" for k in to_list)
    assert to_list[0].explanation["algorithm"] == "screen-v1"
    assert "0285669" in str(to_list[0].explanation["features"])


def test_spelling_variants_link_and_strangers_do_not(store: Store) -> None:
    resolve_store(store)
    assert _cluster_of(store, "cust-003") == {"cust-003", "cust-004"}  # Fatou / Fatu
    assert _cluster_of(store, "cust-005") == {"cust-005", "cust-006"}  # day/month swapped
    assert "demo-co-banjul-wholesale" in _cluster_of(store, "cust-012")  # registration no.
    assert _cluster_of(store, "cust-009") == {"cust-009"}  # another Hassan Tajideen
    assert _cluster_of(store, "demo-co-nominee-01") == {"demo-co-nominee-01"}


def test_every_link_explains_itself(store: Store) -> None:
    result = resolve_store(store)
    model_links = [k for c in result.merged() for k in c.links if k.source == "model"]
    assert model_links
    for link in model_links:
        why = link.explanation
        parts = why["prior_weight"] + sum(t["weight"] for t in why["comparisons"])
        assert parts == pytest.approx(why["match_weight"], abs=0.01)
        assert why["text"].startswith("match weight")
        assert all(t["text"].startswith(t["comparison"]) for t in why["comparisons"])
    swapped = next(k for k in model_links if k.left == "cust-005")
    levels = {t["comparison"]: t["level"] for t in swapped.explanation["comparisons"]}
    assert levels["date"] == "same date, day and month swapped"


def test_different_judgement_splits_a_model_link(store: Store) -> None:
    resolve_store(store)
    record_judgement(store, "cust-004", "cust-003", "different", "two sisters, checked ID")
    result = resolve_store(store)
    assert canonical_id(store, "cust-003") != canonical_id(store, "cust-004")
    overruled = [k for c in result.clusters for k in c.overruled]
    assert [(k.left, k.right) for k in overruled] == [("cust-003", "cust-004")]


def test_different_judgement_beats_a_chain_of_links(store: Store) -> None:
    record_judgement(store, "demo-p-kassim", "ofac-11494", "different", "test: not him")
    resolve_store(store)
    assert canonical_id(store, "demo-p-kassim") != canonical_id(store, "ofac-11494")


def test_same_judgement_joins_a_pair_the_model_missed(store: Store) -> None:
    resolve_store(store)
    assert _cluster_of(store, "cust-001") == {"cust-001"}  # same name and country only
    record_judgement(store, "cust-001", "demo-p-bazzi", "same", "passport copy on file")
    result = resolve_store(store)
    assert _cluster_of(store, "cust-001") == {"cust-001", "demo-p-bazzi"}
    joined = next(c for c in result.merged() if "cust-001" in c.members)
    assert joined.links[0].source == "judgement"
    assert "passport copy on file" in joined.links[0].explanation["text"]


def test_judgements_persist_across_runs_and_reopening(store_path: Path) -> None:
    with Store(store_path) as store:
        record_judgement(store, "cust-010", "cust-011", "same", "Modou is short for Mamadou")
        resolve_store(store)
    with Store(store_path) as store:
        assert load_judgements(store)[("cust-010", "cust-011")].judgement == "same"
        resolve_store(store, LinkConfig(threshold=0.95))
        assert _cluster_of(store, "cust-010") == {"cust-010", "cust-011"}


def test_canonical_ids_are_stable_and_retired_ids_redirect(store: Store) -> None:
    first = resolve_store(store)
    second = resolve_store(store)
    assert [c.canonical_id for c in first.clusters] == [c.canonical_id for c in second.clusters]
    before = canonical_id(store, "cust-003")
    assert before.startswith("mt-")
    record_judgement(store, "cust-003", "demo-p-jallow", "same", "same address in registry")
    third = resolve_store(store)
    after = canonical_id(store, "cust-003")
    assert after != before and third.redirects == {before: after}
    assert canonical_id(store, before) == after  # an old bookmark lands on the new cluster
    assert canonical_id(store, "cust-008") == "cust-008"  # never merged: its own id


def test_bad_judgements_are_refused_clearly(store: Store) -> None:
    with pytest.raises(NotFound, match="no entity 'nobody'"):
        record_judgement(store, "cust-001", "nobody", "same", "typo")
    with pytest.raises(InvalidInput, match="must be one of same, different, unsure"):
        record_judgement(store, "cust-001", "cust-002", "maybe", "unsure")
    with pytest.raises(InvalidInput, match="two different records"):
        record_judgement(store, "cust-001", "cust-001", "same", "self")
    with pytest.raises(InvalidInput, match="needs a reason"):
        record_judgement(store, "cust-001", "cust-002", "same", "  ")
    with pytest.raises(NotFound):
        canonical_id(store, "mt-0000000000000000")
    with pytest.raises(InvalidInput, match="threshold"):
        LinkConfig(threshold=1.5)
