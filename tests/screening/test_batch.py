"""Parallel batch screening returns exactly what a single process returns, in order."""

from __future__ import annotations

from moneytrail.screening import Query, ScreenConfig, Screener, screen_batch

NAMES = ["Kassim Tajideen", "Ayman Joumaa", "Maria Lopez", "Wei Zhang", "Tajco", "John Smith"]


def test_two_workers_equal_one(screener: Screener) -> None:
    queries = [
        Query.from_record(
            {"id": f"q{i}", "schema": "LegalEntity", "properties": {"name": [f"{NAMES[i % 6]}"]}}
        )
        for i in range(600)
    ]
    config = ScreenConfig()
    progress: list[int] = []
    serial = list(screen_batch(queries, screener, config, workers=1))
    parallel = list(
        screen_batch(queries, screener, config, workers=2, progress=lambda d, t: progress.append(d))
    )
    assert [r["id"] for r in parallel] == [f"q{i}" for i in range(600)]
    assert parallel == serial
    assert progress[-1] == 600
    assert serial[0]["matches"][0]["id"] == "ofac-11494"
