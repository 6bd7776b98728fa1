"""The Consolidated Screening List's JSON form, read as the rows of its CSV form.

trade.gov publishes the same records as JSON (the API and the download,
``{"results": [...], "total": N, ...}``, plain or gzipped). Its keys are the CSV's
columns; where the CSV joins several values with "; " the JSON holds a list. Rather
than map the JSON a second time, each record is flattened to the CSV row it stands
for, so ``us_csl.build_row`` gives the same statements for the same record:

* a list of strings (``alt_names``, ``programs``, ``dates_of_birth``, ...) is joined
  with "; ";
* an address object is its non-empty ``address, city, state, postal_code, country``
  joined with ", " (the CSV's form: the country code last);
* an id object is its non-empty ``country, issue_date, expiration_date, number, type``
  joined with ", " (the CSV's "CA, BC166787, Passport": number and type last, which
  is what the CSV mapping reads; dates, when present, stay in the item's note);
* a missing key or ``null`` is an empty cell.

The "line" of a record is its 1-based position in ``results``.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from pathlib import Path

from moneytrail.errors import InvalidInput
from moneytrail.sources.base import sniff

Row = dict[str, str]
# Every column of the CSV form, so a record lacking a key reads as an empty cell.
COLUMNS = (
    "_id", "source", "entity_number", "type", "programs", "name", "title", "addresses",
    "federal_register_notice", "start_date", "end_date", "standard_order",
    "license_requirement", "license_policy", "call_sign", "vessel_type", "gross_tonnage",
    "gross_registered_tonnage", "vessel_flag", "vessel_owner", "remarks", "source_list_url",
    "alt_names", "citizenships", "dates_of_birth", "nationalities", "places_of_birth",
    "source_information_url", "ids",
)  # fmt: skip
ADDRESS_KEYS = ("address", "city", "state", "postal_code", "country")
ID_KEYS = ("country", "issue_date", "expiration_date", "number", "type")
_HEAD = re.compile(rb'^\s*\{.*"(?:results|total)"\s*:', re.DOTALL)
_RECORD_KEYS = (b'"_id"', b'"alt_names"', b'"source"')


def _head(path: Path) -> bytes:
    head = sniff(path, 8192)
    if head[:2] == b"\x1f\x8b":
        try:
            with gzip.open(path, "rb") as fh:
                head = fh.read(8192)
        except (OSError, EOFError):
            return b""
    return head.removeprefix(b"\xef\xbb\xbf")


def is_csl_json(path: Path) -> bool:
    """A JSON object with ``results`` whose first record carries CSL keys."""
    try:
        head = _head(path)
    except OSError:
        return False
    return bool(_HEAD.match(head)) and all(key in head for key in _RECORD_KEYS)


def _load(path: Path) -> object:
    try:
        if sniff(path, 2) == b"\x1f\x8b":
            with gzip.open(path, "rb") as fh:
                return json.loads(fh.read().decode("utf-8-sig"))
        return json.loads(path.read_bytes().decode("utf-8-sig"))
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"malformed JSON ({exc.msg})", file=str(path), line=exc.lineno) from exc
    except (UnicodeDecodeError, OSError, EOFError) as exc:
        raise InvalidInput(f"unreadable JSON ({exc})", file=str(path)) from exc


def _scalar(value: object, where: str, field: str, index: int) -> str:
    if value is None:
        return ""
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return str(value).strip()
    raise InvalidInput(f"expected a text value, found {type(value).__name__}",
                       file=where, line=index, field=field)  # fmt: skip


def _joined(obj: object, keys: tuple[str, ...], where: str, field: str, index: int) -> str:
    if not isinstance(obj, dict):
        return _scalar(obj, where, field, index)
    parts = [_scalar(obj.get(key), where, f"{field}.{key}", index) for key in keys]
    return ", ".join(p for p in parts if p)


def _cell(record: dict[str, object], column: str, where: str, index: int) -> str:
    value = record.get(column)
    if not isinstance(value, list):
        return _scalar(value, where, column, index)
    keys = ADDRESS_KEYS if column == "addresses" else ID_KEYS if column == "ids" else ()
    items = [_joined(item, keys, where, column, index) for item in value]
    return "; ".join(item for item in items if item)


def flatten(record: dict[str, object], where: str, index: int) -> Row:
    """The CSV row a JSON record stands for (see the module docstring)."""
    row = {column: _cell(record, column, where, index) for column in COLUMNS}
    for column in ("_id", "source", "name"):
        if not row[column]:
            raise InvalidInput("empty value", file=where, line=index, field=column)
    return row


def read_json_rows(path: Path) -> Iterator[tuple[int, Row]]:
    """(position, row) for each record of ``results``; InvalidInput naming a bad one."""
    data = _load(path)
    results = data.get("results") if isinstance(data, dict) else None
    if not isinstance(results, list):
        raise InvalidInput("no results array: not a CSL JSON file", file=str(path), field="results")
    for index, record in enumerate(results, start=1):
        if not isinstance(record, dict):
            raise InvalidInput("a record is not an object", file=str(path), line=index)
        yield index, flatten(record, str(path), index)
