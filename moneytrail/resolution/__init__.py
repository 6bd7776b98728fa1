"""Record linkage into canonical entities, analyst judgements and clusters (resolve-v1)."""

from moneytrail.resolution.clusters import (
    Cluster,
    Link,
    build_clusters,
    canonical_id,
    cluster_members,
    id_mapping,
)
from moneytrail.resolution.judgements import Judgement, load_judgements, record_judgement
from moneytrail.resolution.linker import DEFAULT_THRESHOLD, NAME, LinkConfig, Prediction
from moneytrail.resolution.service import Resolution, resolve_records, resolve_store

__all__ = [
    "DEFAULT_THRESHOLD",
    "NAME",
    "Cluster",
    "Judgement",
    "Link",
    "LinkConfig",
    "Prediction",
    "Resolution",
    "build_clusters",
    "canonical_id",
    "cluster_members",
    "id_mapping",
    "load_judgements",
    "record_judgement",
    "resolve_records",
    "resolve_store",
]
