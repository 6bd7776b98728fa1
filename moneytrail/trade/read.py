"""Shipments from JSONL, or from CSV flattened through a column map.

CSV holds one goods line per row; consecutive rows with the same shipment id are one
shipment. ``--map`` names the columns: ``id``, ``date``, ``hs``, ``description``,
``quantity``, ``unit``, ``value``, ``currency``, ``vessel_name``, ``vessel_imo``,
``loading``, ``discharge``, ``transshipment`` (``;``-separated) and, for each role,
``<role>`` (the name), ``<role>_address`` and ``<role>_country``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from moneytrail.errors import InvalidInput
from moneytrail.sources.column_map import check_keys
from moneytrail.sources.table_reader import table_format
from moneytrail.sources.table_rows import TableRows, json_lines
from moneytrail.trade.shipment import ROLES, Shipment, parse_shipment

GOODS_KEYS = ("hs", "description", "quantity", "unit", "value", "currency")
ROUTE_KEYS = ("loading", "discharge")
KNOWN_KEYS = frozenset(
    {"id", "date", "vessel_name", "vessel_imo", "transshipment", *GOODS_KEYS, *ROUTE_KEYS}
    | {f"{r}{suffix}" for r in ROLES for suffix in ("", "_address", "_country")}
)


def read_shipments(path: Path, mapping: dict[str, str], label: str | None = None) -> list[Shipment]:
    """Every shipment of the file, validated; the first bad one raises InvalidInput."""
    name = label or str(path)  # stdin arrives as a temporary file: name what the user gave
    what = "shipments (JSONL or CSV text)"
    if mapping or table_format(path, default="jsonl") == "csv":
        records = _csv_records(TableRows(path, name=name, what=what, kind="csv"), mapping)
    else:
        records = json_lines(path, name, what)
    shipments = [parse_shipment(record, file=name, line=line) for line, record in records]
    if not shipments:
        raise InvalidInput("no shipments in the file", file=name)
    _refuse_duplicates(shipments, name)
    return shipments


def _refuse_duplicates(shipments: list[Shipment], name: str) -> None:
    """Output lines are keyed by id: two shipments with one id could not be told apart."""
    seen: set[str] = set()
    for shipment in shipments:
        if shipment.id in seen:
            raise InvalidInput(f"shipment id {shipment.id!r} appears twice", file=name, field="id")
        seen.add(shipment.id)


def _csv_records(table: TableRows, mapping: dict[str, str]) -> Iterator[tuple[int, Any]]:
    check_keys(mapping, KNOWN_KEYS)
    if "id" not in mapping or "hs" not in mapping:
        raise InvalidInput("CSV input needs --map with at least id and hs", file=table.name)
    table.require(mapping)
    current: dict[str, Any] | None = None
    first_line = 0
    for line, row in table:
        values = {k: (row.get(c) or "").strip() for k, c in mapping.items()}
        if current is not None and current["id"] == values["id"]:
            current["goods"].append(_goods(values))
            continue
        if current is not None:
            yield first_line, current
        current, first_line = _shipment(values), line
    if current is not None:
        yield first_line, current


def _goods(values: dict[str, str]) -> dict[str, str]:
    return {k: values[k] for k in GOODS_KEYS if values.get(k)}


def _shipment(values: dict[str, str]) -> dict[str, Any]:
    parties = [
        {
            "role": role,
            "name": values[role],
            "address": values.get(f"{role}_address") or None,
            "country": values.get(f"{role}_country") or None,
        }
        for role in ROLES
        if values.get(role)
    ]
    through = [p.strip() for p in values.get("transshipment", "").split(";") if p.strip()]
    vessel = {"name": values.get("vessel_name") or None, "imo": values.get("vessel_imo") or None}
    return {
        "id": values["id"],
        "date": values.get("date") or None,
        "parties": parties,
        "goods": [_goods(values)],
        "vessel": vessel,
        "route": {**{k: values.get(k) or None for k in ROUTE_KEYS}, "transshipment": through},
    }
