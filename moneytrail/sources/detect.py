"""Pick the parser for a file or folder by sniffing it, never by trusting its name alone."""

from __future__ import annotations

from pathlib import Path

from moneytrail.errors import SourceError
from moneytrail.sources.base import ListSource, ParsedList, Progress, no_progress

# Order matters only where two formats could both claim a path; the most specific first.
SOURCES: list[type[ListSource]] = []


def register(source: type[ListSource]) -> type[ListSource]:
    SOURCES.append(source)
    return source


def _load_builtin() -> None:
    # Imported here so that each parser module registers itself exactly once.
    from moneytrail.sources import builtin  # noqa: F401


def detect_source(path: Path) -> ListSource:
    """The parser for ``path``; SourceError naming the path if none fits."""
    _load_builtin()
    if not path.exists():
        raise SourceError(f"{path}: no such file or folder")
    for source in SOURCES:
        if source.detect(path):
            return source()
    known = ", ".join(s.TITLE for s in SOURCES)
    raise SourceError(f"{path}: unknown list format (expected one of: {known})")


def parse_list(
    path: Path, *, version: str | None = None, progress: Progress = no_progress
) -> ParsedList:
    """Detect the format of ``path`` and parse it."""
    return detect_source(path).parse(path, version=version, progress=progress)
