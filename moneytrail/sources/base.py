"""What every list parser gives back, and the protocol it implements.

A parser reads the whole source into memory and validates it before the store is
touched, so a malformed file can never leave a half-loaded list behind.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import ClassVar, Literal, Protocol, runtime_checkable

from moneytrail.errors import InvalidInput
from moneytrail.model import Statement

# Why a list has the version it has: the date written in the file (or its manifest),
# the caller's --version, or, for a file that carries no date, the day it was loaded.
# A file's modification time is never a version: copying a file changes it.
VersionBasis = Literal["file", "given", "undated"]

# Progress callback: (records done, records total or None).
Progress = Callable[[int, int | None], None]


def no_progress(done: int, total: int | None) -> None:
    """The default progress callback: say nothing."""


@dataclass(frozen=True, slots=True)
class SourceFile:
    """One file a list was read from, with the date of the data it holds."""

    path: str
    role: str
    version: str
    sha256: str

    @classmethod
    def of(cls, path: Path, role: str, version: str) -> SourceFile:
        return cls(path=str(path), role=role, version=version, sha256=sha256_file(path))


@dataclass(slots=True)
class ParsedList:
    """A whole list version, parsed and validated, ready to load atomically."""

    dataset: str
    title: str
    publisher: str
    version: str
    source_format: str
    files: list[SourceFile]
    statements: list[Statement] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    version_basis: VersionBasis = "file"

    def settle_basis(self, given: str | None) -> None:
        """Mark a version the caller gave (and the file did not override) as ``given``.

        Parsers that fall back to the load date set ``undated`` themselves; parsers
        whose file date wins over ``--version`` add a note when they disagree.
        """
        if self.version_basis == "file" and given is not None and self.version == given:
            self.version_basis = "given"


class ListSource(Protocol):
    """A parser for one list format.

    ``NAME`` is versioned ("ofac-csv-v1"): a change in what a parser emits gets a
    new name, so stored statements can say which parser produced them.
    """

    NAME: ClassVar[str]
    TITLE: ClassVar[str]

    @classmethod
    def detect(cls, path: Path) -> bool:
        """Whether ``path`` (a file or folder) looks like this format. Cheap: sniff only."""
        ...

    def parse(
        self, path: Path, *, version: str | None = None, progress: Progress = no_progress
    ) -> ParsedList:
        """Read and validate ``path``; raise InvalidInput naming file, line and field."""
        ...


def load_date() -> str:
    """The version of a file that carries no date: today (UTC), marked ``undated``."""
    return datetime.now(UTC).date().isoformat()


@runtime_checkable
class MultiListSource(ListSource, Protocol):
    """A format whose one file holds several lists (the U.S. Consolidated Screening List).

    ``parse`` still returns the whole file as one list (for screening a file or
    diffing two); ``parse_all`` returns one list per dataset, which is what loading
    stores, so each list keeps its own version history and counts.
    """

    def parse_all(
        self, path: Path, *, version: str | None = None, progress: Progress = no_progress
    ) -> list[ParsedList]:
        """Read and validate ``path`` once; one ParsedList per dataset it holds."""
        ...


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def sniff(path: Path, size: int = 4096) -> bytes:
    """The first bytes of a file, for format detection."""
    with path.open("rb") as fh:
        return fh.read(size)


class Entries:
    """The statements of a list's entries as a parser reads them, one entry at a time.

    An id met twice is refused with both lines named: two records claiming one id
    would merge two designations into one entity without anyone noticing.
    """

    def __init__(self, path: Path, field: str, progress: Progress = no_progress) -> None:
        self.path = path
        self.field = field
        self.progress = progress
        self.statements: list[Statement] = []
        self.lines: dict[str, int] = {}

    def add(self, entity_id: str, line: int, record: list[Statement]) -> None:
        if entity_id in self.lines:
            raise InvalidInput(
                f"{entity_id} repeats the entry at line {self.lines[entity_id]}",
                file=str(self.path),
                line=line,
                field=self.field,
            )
        self.lines[entity_id] = line
        self.statements.extend(record)
        self.progress(len(self.lines), None)
