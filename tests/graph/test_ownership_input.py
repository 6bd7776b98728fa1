"""Bad input stops the run with an error naming the file, line and field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from moneytrail.errors import InvalidInput
from moneytrail.graph import read_ownership_file
from tests.graph.helpers import KASSIM, network, owns, write

GOOD = [*network("co-a"), owns(KASSIM, "co-a", "50%")]


def _error(tmp_path: Path, lines: list[str]) -> InvalidInput:
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as info:
        read_ownership_file(path)
    assert info.value.file == str(path)
    return info.value


def _with(entity: dict[str, object]) -> list[str]:
    return [json.dumps(e) for e in GOOD] + [json.dumps(entity)]


def test_broken_json_names_the_line(tmp_path: Path) -> None:
    error = _error(tmp_path, [json.dumps(GOOD[0]), "", '{"id": "co-a", "schema": '])
    assert error.line == 3
    assert "broken JSON" in str(error)


def test_unknown_schema(tmp_path: Path) -> None:
    error = _error(tmp_path, _with({"id": "x", "schema": "Shell", "properties": {}}))
    assert (error.line, error.field) == (4, "schema")


@pytest.mark.parametrize("missing", ["owner", "asset"])
def test_ownership_without_an_end(tmp_path: Path, missing: str) -> None:
    edge = owns(KASSIM, "co-a", "10%")
    del edge["properties"][missing]
    error = _error(tmp_path, _with(edge))
    assert (error.line, error.field) == (4, f"properties.{missing}")


def test_unreadable_percentage(tmp_path: Path) -> None:
    error = _error(tmp_path, _with(owns(KASSIM, "co-a", "a controlling stake")))
    assert (error.line, error.field) == (4, "properties.percentage")
    assert "a controlling stake" in str(error)


def test_owner_not_in_file(tmp_path: Path) -> None:
    error = _error(tmp_path, _with(owns("ofac-99999", "co-a", "10%")))
    assert (error.line, error.field) == (4, "properties.owner")
    assert "ofac-99999" in str(error)


def test_line_that_is_not_an_object(tmp_path: Path) -> None:
    assert _error(tmp_path, ['["a list"]']).line == 1


def test_unrelated_schemas_are_ignored(tmp_path: Path) -> None:
    address = {"id": "addr-1", "schema": "Address", "properties": {"full": ["Freetown"]}}
    graph = read_ownership_file(write(tmp_path / "ok.jsonl", [*GOOD, address]))
    assert graph.ids == [KASSIM, "co-a"]
    assert graph.designated == [True, False]
    assert graph.edges.num_rows == 1


def test_list_ids_designate(tmp_path: Path) -> None:
    plain = [e | {"properties": {"name": ["x"]}} if e["id"] == KASSIM else e for e in GOOD]
    graph = read_ownership_file(write(tmp_path / "ok.jsonl", plain), {KASSIM})
    assert graph.designated == [True, False]
