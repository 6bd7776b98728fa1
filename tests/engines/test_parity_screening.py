"""Batch screening on Spark executors equals the local runner: same matches, same scores."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from moneytrail.screening import Query, ScreenConfig, Screener, screen_batch, screener_from_store
from moneytrail.screening.batch import screen_distributed
from moneytrail.store import Store

pytestmark = pytest.mark.spark
SAMPLES = Path(__file__).parents[2] / "moneytrail" / "data" / "samples" / "customers.jsonl"
NAMES = ["Kassim Tajideen", "Ayman Joumaa", "Maria Lopez", "Wei Zhang", "Tajco", "John Smith"]


@pytest.fixture(scope="module")
def screener(bundled_store_path: Path) -> Screener:
    with Store(bundled_store_path, read_only=True) as store:
        return screener_from_store(store)


def queries() -> list[Query]:
    records = [json.loads(line) for line in SAMPLES.read_text().splitlines() if line.strip()]
    records += [
        {"id": f"q{i}", "schema": "LegalEntity", "properties": {"name": [NAMES[i % 6]]}}
        for i in range(300)
    ]
    return [Query.from_record(r) for r in records]


def test_same_matches_and_scores(screener: Screener, spark: Any) -> None:
    batch = queries()
    config = ScreenConfig(limit=5, cutoff=0.5)
    expected = list(screen_batch(batch, screener, config, workers=1))
    got = list(screen_distributed(batch, screener, config, spark))
    assert [r["id"] for r in got] == [q.id for q in batch]
    assert sum(len(r["matches"]) for r in expected) > 100
    for mine, theirs in zip(got, expected, strict=True):
        assert [m["id"] for m in mine["matches"]] == [m["id"] for m in theirs["matches"]]
        for a, b in zip(mine["matches"], theirs["matches"], strict=True):
            assert a["score"] == pytest.approx(b["score"], abs=1e-9)
    assert got == expected  # explanations included
