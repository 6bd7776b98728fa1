"""Pick the parser for a file or folder by sniffing it, never by trusting its name alone."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from moneytrail.errors import InvalidInput, SourceError
from moneytrail.sources.base import (
    ListSource,
    MultiListSource,
    ParsedList,
    Progress,
    no_progress,
)
from moneytrail.sources.builtin import BUILTIN_SOURCES
from moneytrail.sources.ofac_party import TITLES as OFAC_TITLES

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
    path: Path,
    *,
    version: str | None = None,
    progress: Progress = no_progress,
    dataset: str | None = None,
) -> ParsedList:
    """Detect the format of ``path`` and parse it; ``dataset`` overrides the one detected."""
    source, target = detect_source(path)
    return with_dataset(source.parse(target, version=version, progress=progress), dataset)


_DATASET_NAME = re.compile(r"^[a-z][a-z0-9_]{1,63}$")


def with_dataset(parsed: ParsedList, dataset: str | None) -> ParsedList:
    """``parsed`` stated as ``dataset`` (``lists load --dataset``), when detection got it wrong.

    Every statement is restated under the new dataset (its id depends on it) and the
    notes say what was overridden, so the store never holds a silent relabelling.
    """
    if dataset is None or dataset == parsed.dataset:
        return parsed
    if not _DATASET_NAME.match(dataset):
        raise InvalidInput(
            f"dataset {dataset!r}: use lower-case letters, digits and _ (e.g. us_ofac_cons)",
            field="dataset",
        )
    parsed.notes.append(f"dataset {dataset} given by --dataset; the file read as {parsed.dataset}")
    parsed.title = OFAC_TITLES.get(dataset, parsed.title)
    parsed.statements = [replace(st, dataset=dataset) for st in parsed.statements]
    parsed.dataset = dataset
    return parsed


def parse_lists(
    path: Path,
    *,
    version: str | None = None,
    progress: Progress = no_progress,
    dataset: str | None = None,
) -> list[ParsedList]:
    """Detect the format of ``path`` and parse it into each dataset it holds (usually one).

    ``dataset`` overrides the detected dataset of a file holding one list.
    """
    source, target = detect_source(path)
    if isinstance(source, MultiListSource):
        if dataset is not None:
            raise InvalidInput(
                "--dataset names one dataset, but this file holds several lists",
                file=str(path),
                field="dataset",
            )
        return source.parse_all(target, version=version, progress=progress)
    return [with_dataset(source.parse(target, version=version, progress=progress), dataset)]
