"""The trained path (u by sampling, m by EM) on records of the bench generator."""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

from moneytrail.resolution import LinkConfig, resolve_records
from moneytrail.resolution.records import entity_records

BENCH = Path(__file__).resolve().parents[2] / "bench"


def _bench(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def test_trained_model_finds_generated_duplicates() -> None:
    generator = _bench("resolution_generator")
    scores = _bench("resolution").scores
    data = list(generator.generate(600, seed=3))
    truth = {r["id"]: r["cluster"] for r in data}
    first, trained = resolve_records(entity_records(data), LinkConfig(train=True), [], {})
    assert trained
    predicted = {m: c.canonical_id for c in first for m in c.members}
    _, precision, recall, _ = scores(predicted, truth)
    assert precision > 0.95 and recall > 0.85
    assert Counter(len(c.members) for c in first)[1] < len(first)
    again, _ = resolve_records(entity_records(reversed(data)), LinkConfig(train=True), [], {})
    assert [c.canonical_id for c in again] == [c.canonical_id for c in first]  # seeded, sorted
