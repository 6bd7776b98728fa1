"""``moneytrail network`` through the real command line, on the demo store."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.graph.test_network import build_demo_store


@pytest.fixture(scope="session")
def demo_store_path(bundled_store_path: Path) -> Path:
    return build_demo_store(bundled_store_path)


def test_json(demo_store_path: Path) -> None:
    proc = run_cli(
        "--store", str(demo_store_path), "network", "demo-co-kairaba-trading",
        "--hops", "1", "--format", "json",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["entity"]["id"] == "demo-co-kairaba-trading"
    near = {n["id"]: n for n in report["nodes"] if n["distance"] <= 1}
    assert set(near) == {"demo-co-kairaba-trading", "demo-p-hassan", "ofac-12452", "ofac-12455"}
    assert (
        near["ofac-12452"]["designated"]
        and "shared_address" in near["demo-co-kairaba-trading"]["indicators"]
    )
    to_kassim = [p for p in report["paths"] if p["target"] == "ofac-11494"]
    assert to_kassim and to_kassim[0]["length"] == 2
    kinds = [[e["kind"] for e in s["edges"]] for s in to_kassim[0]["steps"]]
    assert kinds == [["ownership"], ["family"]]
    assert all(e["statements"] for e in report["edges"])


def test_html_is_self_contained(demo_store_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "net.html"
    proc = run_cli(
        "--store", str(demo_store_path), "network", "ofac-11494", "--hops", "3",
        "--format", "html", "--output", str(out),
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>") and "<svg" in page and "TAJCO" in page
    assert not re.search(r"<script[^>]+src=", page)
    assert not re.search(r"""(?:src|href)=["']?https?:""", page)


def test_png(demo_store_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "net.png"
    proc = run_cli(
        "--store", str(demo_store_path), "network", "ofac-11494", "--hops", "3",
        "--format", "png", "-o", str(out),
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000


def test_fronts_jsonl(demo_store_path: Path) -> None:
    proc = run_cli("--store", str(demo_store_path), "network", "--fronts", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    fronts = [json.loads(line) for line in proc.stdout.splitlines()]
    assert {"demo-co-banjul-wholesale", "demo-co-kairaba-trading"} <= {f["entity"] for f in fronts}


def test_unknown_entity_and_missing_argument(demo_store_path: Path) -> None:
    proc = run_cli("--store", str(demo_store_path), "network", "nobody-0")
    assert proc.returncode != 0 and "nobody-0" in proc.stderr
    proc = run_cli("--store", str(demo_store_path), "network")
    assert proc.returncode != 0 and "ENTITY" in proc.stderr
