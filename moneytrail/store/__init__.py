"""The statement store (DuckDB file by default), list versions and deltas."""

from moneytrail.store.diff import ListDiff, diff_lists
from moneytrail.store.store import ListInfo, LoadResult, Store

__all__ = [
    "ListDiff",
    "ListInfo",
    "LoadResult",
    "Store",
    "diff_lists",
]
