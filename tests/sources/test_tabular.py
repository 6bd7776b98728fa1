"""Generic CSV/Parquet registries through a column-map manifest.

Expected counts come from reading the CSVs here with the csv module.
"""

from __future__ import annotations

import csv
import json
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from moneytrail.errors import InvalidInput
from moneytrail.graph.percent import parse_percentage
from moneytrail.sources import ParsedList, detect_source, parse_list
from moneytrail.sources.tabular import MANIFEST, TabularRegistry

FOLDER = Path(__file__).parent.parent / "fixtures" / "tabular_registry"
EDGE_SCHEMAS = {"ownership": "Ownership", "directorship": "Directorship"}
EDGE_SCHEMAS |= {"family": "Family", "associate": "Associate"}


def read_csv(name: str, folder: Path = FOLDER) -> list[dict[str, str]]:
    with (folder / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def parsed() -> ParsedList:
    return parse_list(FOLDER)


def schemas(parsed: ParsedList) -> dict[str, str]:
    return {st.entity_id: st.schema for st in parsed.statements}


def entity(parsed: ParsedList, entity_id: str) -> dict[str, set[str]]:
    props: dict[str, set[str]] = {}
    for st in parsed.statements:
        if st.entity_id == entity_id:
            props.setdefault(st.prop, set()).add(st.value)
    return props


def test_counts_match_the_files(parsed: ParsedList) -> None:
    found = Counter(schemas(parsed).values())
    assert found["Person"] == len(read_csv("people.csv")) == 3
    companies = {r["company_id"]: r["kind"].capitalize() for r in read_csv("companies.csv")}
    assert found["Company"] == sum(1 for k in companies.values() if k == "Company") == 2
    assert found["Organization"] == 1
    kinds = Counter(r["kind"] for r in read_csv("links.csv"))
    for kind, schema in EDGE_SCHEMAS.items():
        assert found[schema] == kinds[kind]


def test_manifest_names_dataset_and_version(parsed: ParsedList) -> None:
    manifest = json.loads((FOLDER / MANIFEST).read_text())
    assert parsed.dataset == manifest["dataset"] and parsed.version == manifest["version"]
    assert parsed.source_format == "tabular-v1"
    assert detect_source(FOLDER)[0].NAME == "tabular-v1"
    assert detect_source(FOLDER / MANIFEST)[0].NAME == "tabular-v1"


def test_values_and_provenance(parsed: ParsedList) -> None:
    person = entity(parsed, "acme-p-P1")
    assert person["nationality"] == {"lb", "sl"} and person["birthDate"] == {"1961-03-04"}
    foundation = [st for st in parsed.statements if st.entity_id == "acme-c-C3"]
    assert {st.source_record for st in foundation} == {"companies.csv:4", "companies.csv:5"}
    owned = [e for e, s in schemas(parsed).items() if s == "Ownership"]
    shares = {v for e in owned for v in entity(parsed, e).get("percentage", set())}
    assert shares == {r["share"] for r in read_csv("links.csv") if r["share"]}
    family = next(e for e, s in schemas(parsed).items() if s == "Family")
    assert entity(parsed, family)["relationship"] == {"spouse"}


def test_parquet_and_ids_are_stable(tmp_path: Path, parsed: ParsedList) -> None:
    copy = tmp_path / "reg"
    shutil.copytree(FOLDER, copy)
    rows = read_csv("companies.csv", copy)
    pq.write_table(pa.Table.from_pylist(rows), copy / "companies.parquet")
    manifest = json.loads((copy / MANIFEST).read_text())
    manifest["entities"][1]["file"] = "companies.parquet"
    (copy / MANIFEST).write_text(json.dumps(manifest))
    again = TabularRegistry().parse(copy)
    assert schemas(again) == schemas(parsed)
    refs = {st.source_record for st in again.statements if st.entity_id == "acme-c-C2"}
    assert refs == {"companies.parquet:2"}


def broken(tmp_path: Path, change: Any, file: str = "links.csv") -> InvalidInput:
    copy = tmp_path / "reg"
    shutil.copytree(FOLDER, copy)
    change(copy)
    with pytest.raises(InvalidInput) as err:
        TabularRegistry().parse(copy)
    if file:
        assert err.value.file == str(copy / file)
    return err.value


def append_link(line: str) -> Any:
    def change(copy: Path) -> None:
        with (copy / "links.csv").open("a") as fh:
            fh.write(line + "\n")

    return change


def test_unknown_party(tmp_path: Path) -> None:
    err = broken(tmp_path, append_link("P9,C1,ownership,10,,"))
    assert err.line == 9 and err.field == "from" and "'P9'" in err.reason


def test_unreadable_share(tmp_path: Path) -> None:
    err = broken(tmp_path, append_link("P1,C2,ownership,about half,,"))
    assert err.line == 9 and err.field == "share"


def test_unknown_type_and_schema(tmp_path: Path) -> None:
    assert broken(tmp_path / "a", append_link("P1,C2,cousin,,,")).field == "kind"

    def schema(copy: Path) -> None:
        with (copy / "companies.csv").open("a") as fh:
            fh.write("C9,Vessel,Sea Star,,,,\n")

    err = broken(tmp_path / "b", schema, "companies.csv")
    assert err.line == 6 and err.field == "kind"


def test_missing_column_and_wrong_property(tmp_path: Path) -> None:
    def rename(copy: Path) -> None:
        text = (copy / "people.csv").read_text().replace("full_name", "fullname", 1)
        (copy / "people.csv").write_text(text)

    assert broken(tmp_path / "a", rename, "people.csv").field == "full_name"

    def wrong(copy: Path) -> None:
        manifest = json.loads((copy / MANIFEST).read_text())
        manifest["entities"][1]["columns"]["birthDate"] = "founded"
        (copy / MANIFEST).write_text(json.dumps(manifest))

    err = broken(tmp_path / "b", wrong, "companies.csv")
    assert err.line == 2 and "birthDate" in err.reason


def test_broken_manifest(tmp_path: Path) -> None:
    def garble(copy: Path) -> None:
        (copy / MANIFEST).write_text('{"entities": [\n{"file": }')

    err = broken(tmp_path, garble, MANIFEST)
    assert err.line == 2


def test_every_percentage_reads_for_the_ownership_rule(parsed: ParsedList) -> None:
    shares = [st.value for st in parsed.statements if st.prop == "percentage"]
    assert len(shares) == 3 and all(not parse_percentage(s).unknown for s in shares)


def test_statements_carry_the_list_dataset_and_version(parsed: ParsedList) -> None:
    assert {st.dataset for st in parsed.statements} == {parsed.dataset}
    versions = {st.list_version for st in parsed.statements}
    assert max(versions) == parsed.version
