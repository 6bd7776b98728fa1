"""Helpers every registry source needs: safe ids, JSON records with lines.

Registries publish JSON arrays, pretty-printed arrays and JSON lines; one scanner reads
them all and still cites the line each record starts on.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from moneytrail.errors import InvalidInput

_SLUG = re.compile(r"[^a-z0-9]+")
_SAFE = re.compile(r"[^A-Za-z0-9.\-]+")
_WS = " \t\r\n"


def safe_id(prefix: str, ref: str) -> str:
    """``prefix-<ref>`` in the characters followthemoney accepts in ids ([A-Za-z0-9.-]).

    "_" becomes "." (Companies House ids are base64url, where "-" and "_" differ and
    "." never occurs, so no two references share an id); anything else becomes "-".
    """
    clean = _SAFE.sub("-", ref.strip().replace("_", ".")).strip("-")
    if not clean:
        raise InvalidInput(f"an empty reference cannot make a {prefix} id")
    return f"{prefix}-{clean}"


def slug(text: str) -> str:
    return _SLUG.sub("_", text.lower()).strip("_")


def number_text(value: Any) -> str:
    """75.0 -> "75", 76.5 -> "76.5": the form a reader expects, without float noise."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError(value)
    return format(Decimal(str(value).strip()).normalize(), "f")


def json_records(path: Path) -> Iterator[tuple[int, Any]]:
    """Every top-level value of a JSON array or of JSON lines, with the line it starts on.

    Registries publish both shapes (and pretty-printed arrays), so one scanner reads
    them all and can still cite the line of each record.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"not UTF-8 text: {exc.reason}", file=str(path)) from None
    except OSError as exc:
        raise InvalidInput(f"cannot read the file: {exc.strerror or exc}", file=str(path)) from None
    decoder = json.JSONDecoder()
    pos = _skip(text, 0)
    in_array = text.startswith("[", pos)
    pos = _skip(text, pos + 1) if in_array else pos
    while pos < len(text):
        if in_array and text[pos] == "]":
            if _skip(text, pos + 1) < len(text):
                raise _broken(path, text, pos + 1, "content after the closing ]")
            return
        try:
            value, end = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            raise _broken(path, text, exc.pos, exc.msg) from None
        yield text.count("\n", 0, pos) + 1, value
        pos = _skip(text, end)
        if in_array:
            if pos >= len(text):
                raise _broken(path, text, pos, "the array is not closed: expected ]")
            if text[pos] == ",":
                pos = _skip(text, pos + 1)
            elif text[pos] != "]":
                raise _broken(path, text, pos, "expected ',' or ']' after a record")
    if in_array:
        raise _broken(path, text, pos, "the array is not closed: expected ]")


def _skip(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in _WS:
        pos += 1
    return pos


def _broken(path: Path, text: str, pos: int, msg: str) -> InvalidInput:
    line = text.count("\n", 0, pos) + 1
    column = pos - (text.rfind("\n", 0, pos) + 1) + 1
    return InvalidInput(f"broken JSON: {msg} (column {column})", file=str(path), line=line)
