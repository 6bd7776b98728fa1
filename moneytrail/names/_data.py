"""Read the package's bundled data files once.

The tables ship inside the wheel so screening works offline and gives the same answers
everywhere; reading them through importlib.resources keeps that true for zipped installs.
"""

from __future__ import annotations

import csv
import io
import json
from functools import cache
from importlib import resources
from typing import Any

from moneytrail.errors import ConfigError

_PACKAGE = "moneytrail.names"


def read_text(name: str) -> str:
    """Return a bundled data file, failing loudly if the install is broken."""
    try:
        return resources.files(_PACKAGE).joinpath("data").joinpath(name).read_text(encoding="utf-8")
    except OSError as exc:  # a missing data file means a broken install, not bad input
        raise ConfigError(f"moneytrail.names data file {name!r} is missing: {exc}") from exc


@cache
def read_csv(name: str) -> tuple[dict[str, str], ...]:
    return tuple(csv.DictReader(io.StringIO(read_text(name))))


@cache
def read_json(name: str) -> Any:
    return json.loads(read_text(name))


@cache
def read_lines(name: str) -> frozenset[str]:
    """Non-empty, non-comment lines: for plain word lists."""
    lines = (line.strip() for line in read_text(name).splitlines())
    return frozenset(line for line in lines if line and not line.startswith("#"))


def words(text: str) -> frozenset[str]:
    """A word list written as one string, for readable tables in code."""
    return frozenset(text.split())
