"""Canada SEMA XML: a real 2020 slice, counted by an independent ElementTree walk."""

from __future__ import annotations

from pathlib import Path
from xml.etree.ElementTree import Element

import pytest
from defusedxml import ElementTree as SafeET

from moneytrail.errors import InvalidInput
from moneytrail.sources.base import ParsedList
from moneytrail.sources.ca_sema import DATASET, CanadaSemaXml, sema_id, split_aliases
from moneytrail.sources.detect import detect_source

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SAMPLE = FIXTURES / "ca_sema_xml_2020_slice" / "sema-lmes_slice.xml"


@pytest.fixture(scope="module")
def parsed() -> ParsedList:
    return CanadaSemaXml().parse(SAMPLE, version="2020-04-16")


def _records() -> list[Element]:
    root: Element = SafeET.parse(SAMPLE).getroot()
    return root.findall("record")


def _main(parsed: ParsedList) -> dict[str, str]:
    return {s.entity_id: s.schema for s in parsed.statements if s.schema != "Sanction"}


def test_detected() -> None:
    source, _ = detect_source(SAMPLE)
    assert source.NAME == "ca-sema-xml-v1"


def test_records_and_schemas_agree_with_an_independent_walk(parsed: ParsedList) -> None:
    records = _records()
    assert len(records) == 153
    schemas = _main(parsed)
    assert len(schemas) == len(records)
    orgs = sum(1 for r in records if r.findtext("Entity"))
    assert sum(1 for s in schemas.values() if s == "Organization") == orgs
    assert sum(1 for s in schemas.values() if s == "Person") == len(records) - orgs
    assert parsed.dataset == DATASET and parsed.version == "2020-04-16"


def test_birth_dates_agree(parsed: ParsedList) -> None:
    expected = sum(
        len((r.findtext("DateOfBirth") or "").split(" or "))
        for r in _records()
        if r.findtext("DateOfBirth")
    )
    assert sum(1 for s in parsed.statements if s.prop == "birthDate") == expected
    both = {s.value for s in parsed.statements if s.original_value == "1972-08-10 or 1972-08-11"}
    assert both == {"1972-08-10", "1972-08-11"}


def test_every_record_with_aliases_has_them(parsed: ParsedList) -> None:
    with_aliases = {
        sema_id(r.findtext("Country") or "", r.findtext("Schedule"), r.findtext("Item") or "")
        for r in _records()
        if (r.findtext("Aliases") or "").strip(" ,()")
    }
    got = {s.entity_id for s in parsed.statements if s.prop in ("alias", "weakAlias")}
    assert got == with_aliases and got


def test_alias_splitting_keeps_legal_forms() -> None:
    assert split_aliases("Air Bagan Holdings Pte. Ltd., Air Bagan Limited") == [
        "Air Bagan Holdings Pte. Ltd.",
        "Air Bagan Limited",
    ]
    assert split_aliases("Htoo Trading Co., Ltd., Htoo Group") == [
        "Htoo Trading Co., Ltd.",
        "Htoo Group",
    ]


def test_ids_name_regime_schedule_and_item(parsed: ParsedList) -> None:
    assert sema_id("Burma / Birmanie", "1", "17") == "ca-sema-burma-1-17"
    assert sema_id(
        "Justice for Victims of Corrupt Foreign Officials Regulations (JVCFOR) / x", None, "3"
    ) == ("ca-sema-jvcfor-x-3")
    names = {
        s.value
        for s in parsed.statements
        if s.entity_id == "ca-sema-burma-1-1" and s.prop == "name"
    }
    assert names == {"Air Bagan"}


def test_one_word_person_alias_is_weak(parsed: ParsedList) -> None:
    weak = [s for s in parsed.statements if s.prop == "weakAlias"]
    assert weak and all(" " not in s.value and s.schema == "Person" for s in weak)


def test_undated_without_version() -> None:
    parsed = CanadaSemaXml().parse(SAMPLE)
    assert parsed.version_basis == "undated"
    assert parsed.notes and "states no date" in parsed.notes[0]


def test_record_without_item_names_line(tmp_path: Path) -> None:
    text = SAMPLE.read_text(encoding="utf-8").replace("<Item>1</Item>", "", 1)
    bad = tmp_path / "bad.xml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidInput) as err:
        CanadaSemaXml().parse(bad, version="2020-04-16")
    assert (err.value.line, err.value.field) == (3, "Item")
