"""Swiss SECO XML on a HAND-WRITTEN file (no real sample was available; see PROVENANCE).

Expected values come from reading the fixture with ElementTree here, not the parser.
"""

from __future__ import annotations

from pathlib import Path
from xml.etree.ElementTree import Element

import pytest
from defusedxml import ElementTree as SafeET

from moneytrail.errors import InvalidInput
from moneytrail.sources.base import ParsedList
from moneytrail.sources.ch_seco import DATASET, SwissSecoXml
from moneytrail.sources.detect import detect_source

SAMPLE = (
    Path(__file__).resolve().parents[1]
    / "fixtures"
    / "ch_seco_handwritten"
    / ("seco_handwritten.xml")
)


@pytest.fixture(scope="module")
def parsed() -> ParsedList:
    return SwissSecoXml().parse(SAMPLE)


def _root() -> Element:
    root: Element = SafeET.parse(SAMPLE).getroot()
    return root


def _props(parsed: ParsedList, entity_id: str, prop: str) -> set[str]:
    return {s.value for s in parsed.statements if s.entity_id == entity_id and s.prop == prop}


def test_detected_and_dated_by_the_file(parsed: ParsedList) -> None:
    source, _ = detect_source(SAMPLE)
    assert source.NAME == "ch-seco-xml-v1"
    assert parsed.dataset == DATASET
    assert parsed.version == _root().get("date") and parsed.version_basis == "file"


def test_one_entry_per_target_with_its_schema(parsed: ParsedList) -> None:
    targets = _root().findall("target")
    expected = {}
    for t in targets:
        kind = next(c.tag for c in t if c.tag in ("individual", "entity", "object"))
        expected[f"ch-seco-{t.get('ssid')}"] = {"individual": "Person", "entity": "Organization",
                                                "object": "Vessel"}[kind]  # fmt: skip
    got = {s.entity_id: s.schema for s in parsed.statements
           if s.schema in ("Person", "Organization", "Vessel")}  # fmt: skip
    assert got == expected and len(got) == 4


def test_names_are_composed_in_order_without_titles(parsed: ParsedList) -> None:
    assert _props(parsed, "ch-seco-1001", "name") == {"Petrov Ivan Sergeyevich"}
    assert "Петров Иван Sergeyevich" in _props(parsed, "ch-seco-1001", "alias")
    assert _props(parsed, "ch-seco-1001", "weakAlias") == {"Vanya"}
    assert _props(parsed, "ch-seco-1001", "previousName") == {"Ivan Ivanov"}
    assert _props(parsed, "ch-seco-1004", "name") == {"Abdul Example"}
    assert _props(parsed, "ch-seco-1004", "title") == {"Maulavi"}
    assert _props(parsed, "ch-seco-1002", "alias") >= {"JSC EMW", "АО Пример Машзавод"}


def test_birth_dates_and_places_agree_with_the_file(parsed: ParsedList) -> None:
    born = [d for d in _root().iter("day-month-year")]
    got = {s.value for s in parsed.statements if s.prop == "birthDate"}
    assert len(got) == len(born) == 3
    assert got == {"1961-03-14", "1962", "1965-07"}
    assert _props(parsed, "ch-seco-1004", "birthPlace") == {
        "Kandahar, Kandahar Province, Afghanistan"
    }


def test_programme_set_dates_and_passport(parsed: ParsedList) -> None:
    sanction = "ch-seco-1003-sanction"
    assert _props(parsed, sanction, "program") == {
        "Ordinance on measures in connection with the situation in Ukraine"
    }
    assert _props(parsed, sanction, "provisions") == {"Annex 8"}  # child sanctions-set-id
    assert _props(parsed, "ch-seco-1003", "imoNumber") == {"IMO9000001"}
    assert _props(parsed, "ch-seco-1001-sanction", "startDate") == {"2022-02-28"}
    assert _props(parsed, "ch-seco-1001", "passportNumber") == {"720000001"}
    passports = {s.entity_id for s in parsed.statements if s.schema == "Passport"}
    assert len(passports) == 1
    (passport,) = passports
    assert _props(parsed, passport, "endDate") == {"2025-04-01"}
    assert _props(parsed, "ch-seco-1001", "address") == {
        "Tverskaya 1, 125009, Moscow, Russian Federation"
    }


def test_a_delisted_target_is_kept_without_the_sanction_topic(parsed: ParsedList) -> None:
    assert _props(parsed, "ch-seco-1004", "topics") == set()
    assert _props(parsed, "ch-seco-1004-sanction", "endDate") == {"2020-05-05"}
    assert _props(parsed, "ch-seco-1004-sanction", "unscId") == {"TAi.999"}
    assert _props(parsed, "ch-seco-1001", "topics") == {"sanction"}


def test_a_target_without_a_name_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_text(
        '<swiss-sanctions-list date="2024-03-01">\n'
        '<target ssid="7"><individual><identity main="true"/></individual></target>\n'
        "</swiss-sanctions-list>\n"
    )
    with pytest.raises(InvalidInput) as err:
        SwissSecoXml().parse(bad)
    assert err.value.line == 2 and err.value.field == "name"
