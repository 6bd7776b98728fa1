"""Type stub of the lazy facade: what ``__init__.py`` exports, for mypy and editors."""

from .diff import ListDiff as ListDiff
from .diff import diff_lists as diff_lists
from .store import ListInfo as ListInfo
from .store import LoadResult as LoadResult
from .store import Store as Store
