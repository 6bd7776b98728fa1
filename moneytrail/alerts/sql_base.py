"""What every query mixin of the case store needs from the repository it is part of.

The queries are written once (queries.py, case_queries.py, session_queries.py,
portfolio_queries.py); each repository supplies the connection and the dialect's
parameter mark through these three methods.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import Any


class SqlAccess(ABC):
    """``_rows`` reads, ``_execute`` writes, ``_q`` puts the dialect's marks for ``?``."""

    @abstractmethod
    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...

    @abstractmethod
    def _execute(self, sql: str, params: Sequence[Any] = ()) -> int | None: ...

    @abstractmethod
    def _q(self, text: str) -> str: ...
