"""Comparable fields of a record, and clustering under judgements, without a store."""

from __future__ import annotations

from typing import Any

import pytest

from moneytrail.errors import InvalidInput
from moneytrail.resolution import Judgement, Link, build_clusters, id_mapping
from moneytrail.resolution.clusters import canonical_name
from moneytrail.resolution.records import build_record, entity_records


def _person(name: str, **props: list[str]) -> dict[str, Any]:
    return build_record("x", "Person", "test", {"name": [name], **props})


def test_name_order_and_romanisation_meet_before_any_distance() -> None:
    a = _person("TAJIDEEN, Kassim")
    b = _person("Qasim Tajideen")
    assert a["name_sorted"] == b["name_sorted"]
    assert a["kind"] == "person" and a["caption"] == "TAJIDEEN, Kassim"


def test_dates_identifiers_and_countries_are_normalised() -> None:
    rec = _person(
        "Fatou Jallow",
        birthDate=["1980-02-03"],
        passportNumber=["rl-179 4375", "12"],
        nationality=["GM"],
        address=["14 Kairaba Avenue, Serrekunda"],
    )
    assert rec["birth_date_swapped"] == "1980-03-02" and rec["birth_year"] == "1980"
    assert rec["identifiers"] == ["RL1794375"]  # "12" is too short to identify anyone
    assert rec["countries"] == ["gm"] and rec["address"] == "14 kairaba avenue serrekunda"
    assert _person("X Y", birthDate=["1980-02-13"])["birth_date_swapped"] is None


def test_every_word_keeps_its_spellings() -> None:
    rec = _person("Bill Smith")
    bill = next(keys for keys in rec["word_keys"] if "bill" in keys)
    assert "william" in bill  # a nickname is looked up on one side only
    assert "william" not in rec["spelling_keys"]
    assert "smth" in rec["spelling_keys"]  # one letter dropped


def test_unusable_input_is_named() -> None:
    with pytest.raises(InvalidInput, match="line 2"):
        entity_records([
            {"id": "a", "schema": "Person", "properties": {"name": ["A B"]}},
            {"id": "b", "schema": "Vessel", "properties": {"name": ["SAND SWAN"]}},
        ])  # fmt: skip
    table = entity_records([{"id": "c", "schema": "Person", "properties": {"name": ["--"]}}])
    assert table.column("name_sorted").to_pylist() == [None]


def _judged(a: str, b: str, verdict: str) -> dict[tuple[str, str], Judgement]:
    return {(a, b): Judgement(a, b, verdict, "test", "tester", "2025-07-01")}  # type: ignore[arg-type]


def test_different_judgement_cuts_a_chain_of_links() -> None:
    links = [Link("a", "b", "model", 0.99), Link("b", "c", "model", 0.98)]
    clusters = build_clusters(["a", "b", "c"], links, _judged("a", "c", "different"))
    mapping = id_mapping(clusters)
    assert mapping["a"] == mapping["b"] and "c" not in mapping
    cut = [k for c in clusters for k in c.overruled]
    assert [(k.left, k.right) for k in cut] == [("b", "c")]


def test_same_judgement_and_deterministic_names() -> None:
    clusters = build_clusters(["b", "a", "c"], [], _judged("a", "b", "same"))
    assert [c.members for c in clusters if len(c.members) > 1] == [("a", "b")]
    assert canonical_name(["b", "a"]) == canonical_name(["a", "b"])
    assert canonical_name(["a"]) == "a" and canonical_name(["a", "b"]).startswith("mt-")
