"""Pick the parser for a file or folder by sniffing it, never by trusting its name alone."""

from __future__ import annotations

from pathlib import Path

from moneytrail.errors import SourceError
from moneytrail.sources.base import ListSource, ParsedList, Progress, no_progress
from moneytrail.sources.builtin import BUILTIN_SOURCES

# Order matters only where two formats could both claim a path; the most specific first.
SOURCES: tuple[type[ListSource], ...] = BUILTIN_SOURCES
IGNORED_IN_FOLDERS = {"readme.md", "moneytrail-source.json", "license", "licence"}


def _single_data_file(path: Path) -> Path | None:
    """A folder holding one data file (plus README/manifest) stands for that file."""
    if not path.is_dir():
        return None
    data = [p for p in path.iterdir() if p.is_file() and p.name.lower() not in IGNORED_IN_FOLDERS]
    return data[0] if len(data) == 1 else None


def detect_source(path: Path) -> tuple[ListSource, Path]:
    """The parser for ``path`` and the path it should read; SourceError if none fits."""
    if not path.exists():
        raise SourceError(f"{path}: no such file or folder")
    candidates = [path]
    inner = _single_data_file(path)
    if inner is not None:
        candidates.append(inner)
    for candidate in candidates:
        for source in SOURCES:
            if source.detect(candidate):
                return source(), candidate
    known = ", ".join(s.TITLE for s in SOURCES)
    raise SourceError(f"{path}: unknown list format (expected one of: {known})")


def parse_list(
    path: Path, *, version: str | None = None, progress: Progress = no_progress
) -> ParsedList:
    """Detect the format of ``path`` and parse it."""
    source, target = detect_source(path)
    return source.parse(target, version=version, progress=progress)
