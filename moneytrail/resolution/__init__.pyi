"""Type stub of the lazy facade: what ``__init__.py`` exports, for mypy and editors."""

from .clusters import Cluster as Cluster
from .clusters import Link as Link
from .clusters import build_clusters as build_clusters
from .clusters import canonical_id as canonical_id
from .clusters import cluster_members as cluster_members
from .clusters import id_mapping as id_mapping
from .judgements import Judgement as Judgement
from .judgements import load_judgements as load_judgements
from .judgements import record_judgement as record_judgement
from .linker import DEFAULT_THRESHOLD as DEFAULT_THRESHOLD
from .linker import NAME as NAME
from .linker import LinkConfig as LinkConfig
from .linker import Prediction as Prediction
from .service import Resolution as Resolution
from .service import resolve_records as resolve_records
from .service import resolve_store as resolve_store
