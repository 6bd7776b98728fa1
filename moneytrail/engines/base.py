"""The Engine protocol: one algorithm, many backends (see splink's database API).

An engine runs SQL and exchanges Arrow tables. Writes happen inside
``transaction()`` so a failure leaves the previous state intact.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import Any, ClassVar, Protocol

import pyarrow as pa


class Engine(Protocol):
    """What an analysis may ask of a backend."""

    NAME: ClassVar[str]

    def query(self, sql: str, params: Sequence[Any] = ()) -> pa.Table:
        """Run a read query and return its result as Arrow."""
        ...

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        """Run a statement that returns nothing."""
        ...

    def register(self, name: str, table: pa.Table) -> None:
        """Make an Arrow table visible to SQL under ``name`` (until ``unregister``)."""
        ...

    def unregister(self, name: str) -> None: ...

    def transaction(self) -> AbstractContextManager[None]:
        """All or nothing: commit on success, roll back on any exception."""
        ...

    def close(self) -> None: ...
