"""List entries join the resolved graph through the screening engine, not through Splink.

A list entry is written for screening: many aliases, weak a.k.a.s, several dates and
passports, "LAST, First". The screening engine (screen-v1) already compares a record
with all of that and explains the score, so a registry or customer record that screens
at or above the threshold against an entry becomes a link to it, carrying the
screening explanation. The record-linkage model only compares records with records.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import pyarrow as pa

from moneytrail.errors import InvalidInput
from moneytrail.resolution.clusters import Link
from moneytrail.resolution.defaults import LIST_THRESHOLD as LIST_THRESHOLD
from moneytrail.resolution.judgements import pair_key
from moneytrail.resolution.records import RESOLVED_SCHEMATA
from moneytrail.screening import Query, ScreenConfig, Screener
from moneytrail.screening.service import screener_from_store
from moneytrail.store import Store

MAX_ENTRIES = 3


def _queries(store: Store, entity_ids: Iterable[str]) -> list[Query]:
    """The records as screening queries (a record without a usable name is skipped)."""
    ids = sorted(set(entity_ids))
    if not ids:
        return []
    schemata = ", ".join(f"'{s}'" for s in RESOLVED_SCHEMATA)
    store.engine.register("resolution_ids", pa.table({"entity_id": ids}))
    try:
        rows = store.engine.query(
            f"""SELECT s.entity_id, s.schema, s.prop, s.value FROM statements s
            JOIN resolution_ids USING (entity_id)
            WHERE s.schema IN ({schemata}) ORDER BY s.entity_id, s.prop, s.value"""
        ).to_pylist()
    finally:
        store.engine.unregister("resolution_ids")
    records: dict[str, dict[str, object]] = {}
    props: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for r in rows:
        records.setdefault(r["entity_id"], {"id": r["entity_id"], "schema": r["schema"]})
        props[r["entity_id"]][r["prop"]].append(r["value"])
    out = []
    for entity_id, record in records.items():
        record["properties"] = dict(props[entity_id])
        try:
            out.append(Query.from_record(record))
        except InvalidInput:  # no screenable name, or a property the query form refuses
            continue
    return out


def list_links(
    store: Store,
    entity_ids: Iterable[str],
    *,
    threshold: float = LIST_THRESHOLD,
    screener: Screener | None = None,
) -> list[Link]:
    """Links from each record to the list entries it screens against at >= threshold."""
    queries = _queries(store, entity_ids)
    if not queries:
        return []
    screener = screener or screener_from_store(store)
    config = ScreenConfig(limit=MAX_ENTRIES, cutoff=threshold, threshold=threshold)
    links = []
    for query in queries:
        for match in screener.screen(query, config):
            if match.entry.id == query.id:
                continue
            left, right = pair_key(query.id, match.entry.id)
            explanation = {
                **match.explanation.as_dict(),
                "text": f"screening {match.entry.caption!r} ({match.entry.id}) scored "
                f"{match.score:.2f} >= {threshold:.2f}",
            }
            links.append(Link(left, right, "screening", match.score, explanation))
    return sorted(links, key=lambda k: (k.left, k.right))
