"""How long the network takes on the bundled lists plus the demo registry.

Prints: statements, nodes, edges, seconds to build the network, to compute the front
indicators, and per entity for a 3-hop neighbourhood plus its paths to designated
parties. Run: .venv/bin/python bench/graph_paths.py [STORE]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from moneytrail.graph.indicators import front_indicators
from moneytrail.graph.network import build_network
from moneytrail.graph.paths import neighbourhood, paths_to_designated
from moneytrail.services.lists import load_bundled
from moneytrail.sources import parse_list
from moneytrail.store import Store

DEMO = Path(__file__).resolve().parents[1] / "moneytrail/data/demo/tajideen_registry.jsonl"


def main() -> None:
    if len(sys.argv) > 1:
        path = Path(sys.argv[1])
    else:
        path = Path(tempfile.mkdtemp()) / "bench.duckdb"
        with Store(path) as store:
            load_bundled(store)
            store.load(parse_list(DEMO, version="2025-06-30"))
    with Store(path, read_only=True) as store:
        count = store.engine.rows("SELECT count(*) FROM statements")[0][0]
        start = time.perf_counter()
        net = build_network(store)
        built = time.perf_counter() - start
        start = time.perf_counter()
        indicators = front_indicators(store, net)
        flagged = time.perf_counter() - start
    sample = [n.id for n in net.nodes if n.designated][:200]
    start = time.perf_counter()
    for entity_id in sample:
        neighbourhood(net, entity_id, hops=3)
        paths_to_designated(net, entity_id)
    per_entity = (time.perf_counter() - start) / max(1, len(sample))
    print(f"statements          {count:,}")
    print(f"nodes / edges       {len(net.nodes):,} / {len(net.edges):,}")
    print(f"build network       {built:.2f} s")
    print(f"front indicators    {flagged:.2f} s ({len(indicators)} indicators)")
    print(f"3 hops + paths      {per_entity * 1000:.1f} ms per entity ({len(sample)} entities)")


if __name__ == "__main__":
    main()
