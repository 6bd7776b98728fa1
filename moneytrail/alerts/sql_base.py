"""What every query mixin of the case store needs from the repository it is part of.

The queries are written once (queries.py, case_queries.py, session_queries.py,
portfolio_queries.py); each repository supplies the connection and the dialect's
parameter mark through these three methods.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from typing import Any


class SqlAccess(ABC):
    """``_rows`` reads, ``_execute`` writes, ``_q`` puts the dialect's marks for ``?``."""

    @abstractmethod
    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...

    @abstractmethod
    def _execute(self, sql: str, params: Sequence[Any] = ()) -> int | None: ...

    @abstractmethod
    def _q(self, text: str) -> str: ...


def equal_clauses(pairs: Iterable[tuple[str, object | None]]) -> tuple[list[str], list[object]]:
    """``column = ?`` for every pair whose value is given, and the values in order.

    Starts from ``true`` so a caller can add clauses and join them with AND whether or
    not a filter was given. Column names come from the code, never from the request.
    """
    clauses, params = ["true"], list[object]()
    for column, value in pairs:
        if value is not None:
            clauses.append(f"{column} = ?")
            params.append(value)
    return clauses, params
