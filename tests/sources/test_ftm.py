"""FollowTheMoney JSON lines: ids kept, values cleaned, every bad line named."""

from __future__ import annotations

import gzip
import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from moneytrail.errors import InvalidInput
from moneytrail.sources.base import ParsedList, load_date
from moneytrail.sources.detect import parse_list
from moneytrail.sources.ftm import FtmJsonl, dataset_from_stem

SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "ftm_sample" / "entities.ftm.json"
PERSON: dict[str, Any] = {
    "id": "p1",
    "schema": "Person",
    "properties": {"name": ["Jane Doe"], "topics": ["sanction"]},
}


@pytest.fixture(scope="module")
def parsed() -> ParsedList:
    return FtmJsonl().parse(SAMPLE, version="2024-02-01")


def values(parsed: ParsedList, entity_id: str, prop: str) -> set[str]:
    return {s.value for s in parsed.statements if s.entity_id == entity_id and s.prop == prop}


def write_lines(tmp_path: Path, *lines: str, name: str = "data.jsonl") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def bad(tmp_path: Path, *lines: str) -> InvalidInput:
    path = write_lines(tmp_path, *lines)
    with pytest.raises(InvalidInput) as err:
        FtmJsonl().parse(path, version="2024-02-01")
    assert str(path) in str(err.value)
    assert f"line {err.value.line}" in str(err.value)
    return err.value


def test_entities_keep_their_ids_and_schemas(parsed: ParsedList) -> None:
    lines = [ln for ln in SAMPLE.read_text(encoding="utf-8").splitlines() if ln.strip()]
    expected = {json.loads(ln)["id"]: json.loads(ln)["schema"] for ln in lines}
    found = {s.entity_id: s.schema for s in parsed.statements}
    assert found == expected and len(found) == 4


def test_dataset_version_and_provenance(parsed: ParsedList) -> None:
    assert parsed.dataset == "example_watchlist"
    assert parsed.version == "2024-02-01"
    assert parsed.source_format == "ftm-jsonl-v1"
    company = {s.source_record for s in parsed.statements if s.entity_id == "ftm-company-1"}
    assert company == {"entities.ftm.json:3"}  # line 2 is blank and still counted


def test_values_topics_and_links(parsed: ParsedList) -> None:
    assert values(parsed, "ftm-person-1", "topics") == {"sanction"}
    assert values(parsed, "ftm-person-1", "alias") == {"Mama A"}
    assert values(parsed, "ftm-person-1", "birthDate") == {"1968-12-10"}
    assert values(parsed, "ftm-person-1", "nationality") == {"ke"}
    assert values(parsed, "ftm-ownership-1", "owner") == {"ftm-person-1"}
    assert values(parsed, "ftm-ownership-1", "asset") == {"ftm-company-1"}
    assert values(parsed, "ftm-sanction-1", "entity") == {"ftm-person-1"}


def test_first_seen_is_kept_when_earlier(parsed: ParsedList) -> None:
    person = {s.first_seen for s in parsed.statements if s.entity_id == "ftm-person-1"}
    company = {s.first_seen for s in parsed.statements if s.entity_id == "ftm-company-1"}
    assert person == {"2019-04-01"}
    assert company == {"2024-02-01"}


def test_without_version_the_load_date_is_used_and_marked_undated(tmp_path: Path) -> None:
    path = write_lines(tmp_path, json.dumps(PERSON))
    os.utime(path, (1_700_000_000, 1_700_000_000))  # 2023-11-14 UTC: never the version
    result = FtmJsonl().parse(path)
    assert result.version == load_date()
    assert result.version_basis == "undated"
    assert result.dataset == "data"  # no datasets listed: the file stem
    assert FtmJsonl().parse(path, version="2024-02-01").version_basis == "given"


def test_mixed_datasets_load_under_the_file_stem(tmp_path: Path) -> None:
    a = {**PERSON, "datasets": ["one"]}
    b = {**PERSON, "id": "p2", "datasets": ["two"]}
    path = write_lines(tmp_path, json.dumps(a), json.dumps(b), name="My Export.ftm.json")
    result = FtmJsonl().parse(path, version="2024-02-01")
    assert result.dataset == "my_export"
    assert result.notes


def test_dataset_from_stem() -> None:
    assert dataset_from_stem(Path("OpenSanctions Targets.ftm.json.gz")) == "opensanctions_targets"
    assert dataset_from_stem(Path("x.jsonl")) == "x"


def test_detection(tmp_path: Path) -> None:
    assert FtmJsonl.detect(SAMPLE)
    gz = tmp_path / "entities.json.gz"
    with gzip.open(gz, "wb") as fh:
        fh.write(SAMPLE.read_bytes())
    assert FtmJsonl.detect(gz)
    assert len(FtmJsonl().parse(gz, version="2024-02-01").statements) > 0
    other = write_lines(tmp_path, json.dumps({"hello": "world"}), name="other.json")
    assert not FtmJsonl.detect(other)
    assert not FtmJsonl.detect(write_lines(tmp_path, "id,schema", name="x.csv"))
    folder = tmp_path / "folder"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / SAMPLE.name)
    assert parse_list(folder).source_format == "ftm-jsonl-v1"


# --- bad input --------------------------------------------------------------------------


def test_broken_json_names_the_line(tmp_path: Path) -> None:
    err = bad(tmp_path, json.dumps(PERSON), "", '{"id": "p2", "schema": "Person", "prop')
    assert err.line == 3 and "broken JSON" in str(err)


def test_line_that_is_not_an_object(tmp_path: Path) -> None:
    err = bad(tmp_path, json.dumps(PERSON), json.dumps(["p2", "Person"]))
    assert err.line == 2 and "JSON object" in str(err)


def test_unknown_schema(tmp_path: Path) -> None:
    err = bad(tmp_path, json.dumps({**PERSON, "schema": "Spaceship"}))
    assert err.line == 1 and err.field == "schema" and "Spaceship" in str(err)


def test_abstract_schema(tmp_path: Path) -> None:
    err = bad(tmp_path, json.dumps({**PERSON, "schema": "Thing"}))
    assert err.field == "schema"


def test_unknown_property(tmp_path: Path) -> None:
    wrong = {**PERSON, "properties": {"name": ["Jane"], "shoeSize": ["42"]}}
    err = bad(tmp_path, json.dumps(PERSON), json.dumps(wrong))
    assert err.line == 2 and err.field == "properties.shoeSize"
    assert "field properties.shoeSize" in str(err)


def test_missing_id_and_bad_values(tmp_path: Path) -> None:
    assert bad(tmp_path, json.dumps({**PERSON, "id": ""})).field == "id"
    nested = {**PERSON, "properties": {"name": [{"nested": True}]}}
    assert bad(tmp_path, json.dumps(nested)).field == "properties.name"
    no_props = {"id": "p1", "schema": "Person", "properties": []}
    assert bad(tmp_path, json.dumps(no_props)).field == "properties"
