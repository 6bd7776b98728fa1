"""One call that resolves a store: records -> model links + list links + judgements -> clusters.

Every interface (CLI, API, a notebook) calls ``resolve_store`` and renders what it
returns, so they cannot disagree on what "resolved" means.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from moneytrail.resolution.clusters import Cluster, Link, build_clusters, save_clusters
from moneytrail.resolution.explain import Explainer
from moneytrail.resolution.judgements import Judgement, load_judgements, pair_key
from moneytrail.resolution.linker import LinkConfig, Prediction, predict
from moneytrail.resolution.lists import LIST_THRESHOLD, list_links
from moneytrail.resolution.records import store_records
from moneytrail.screening import Screener
from moneytrail.store import Store


@dataclass(frozen=True, slots=True)
class Resolution:
    """What one run decided, and on what evidence."""

    clusters: list[Cluster]
    records: int
    trained: bool
    threshold: float
    judgements: dict[tuple[str, str], Judgement]
    redirects: dict[str, str]

    def merged(self) -> Iterator[Cluster]:
        """Clusters of two records or more: the ones worth showing."""
        return (c for c in self.clusters if len(c.members) > 1)

    def summary(self) -> dict[str, Any]:
        merged = list(self.merged())
        return {
            "records": self.records,
            "clusters": len(merged),
            "merged_records": sum(len(c.members) for c in merged),
            "links": sum(len(c.links) for c in merged),
            "overruled": sum(len(c.overruled) for c in self.clusters),
            "judgements": len(self.judgements),
            "trained": self.trained,
            "threshold": self.threshold,
        }


def model_links(prediction: Prediction) -> list[Link]:
    """Scored pairs -> links, each with its explanation."""
    explain = Explainer(prediction.model)
    links = []
    for row in prediction.pairs.to_pylist():
        left, right = pair_key(row["unique_id_l"], row["unique_id_r"])
        links.append(Link(left, right, "model", float(row["match_probability"]), explain(row)))
    return links


def resolve_records(
    records: pa.Table,
    config: LinkConfig,
    extra_links: list[Link],
    judgements: dict[tuple[str, str], Judgement],
) -> tuple[list[Cluster], bool]:
    """The store-free core (the bench runs it on generated records)."""
    prediction = predict(records, config)
    links = model_links(prediction) + extra_links
    ids = records.column("unique_id").to_pylist()
    return build_clusters(ids, links, judgements), prediction.trained


def resolve_store(
    store: Store,
    config: LinkConfig | None = None,
    *,
    lists: bool = True,
    list_threshold: float = LIST_THRESHOLD,
    screener: Screener | None = None,
    save: bool = True,
) -> Resolution:
    """Resolve every non-designated person and organisation of the store; with ``save``
    the member -> canonical id mapping replaces the stored one (old ids redirect)."""
    config = config or LinkConfig()
    records = store_records(store)
    judgements = load_judgements(store)
    ids = records.column("unique_id").to_pylist()
    found = list_links(store, ids, threshold=list_threshold, screener=screener) if lists else []
    clusters, trained = resolve_records(records, config, found, judgements)
    redirects = save_clusters(store, clusters) if save else {}
    return Resolution(clusters, records.num_rows, trained, config.threshold, judgements,
                      redirects)  # fmt: skip
