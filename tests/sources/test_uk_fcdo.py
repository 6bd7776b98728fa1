"""The UK Sanctions List (FCDO) parser, on a hand-written sample of the published schema.

Expected counts come from reading the sample with plain ElementTree here.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from moneytrail.errors import InvalidInput
from moneytrail.model import Statement
from moneytrail.sources import ParsedList
from moneytrail.sources.detect import detect_source
from moneytrail.sources.uk_fcdo import UkSanctionsListXml, uk_date

SAMPLE_DIR = Path(__file__).parent.parent / "fixtures" / "uk_sanctions_sample"
SAMPLE = SAMPLE_DIR / "UK-Sanctions-List.xml"


@pytest.fixture(scope="module")
def parsed() -> ParsedList:
    return UkSanctionsListXml().parse(SAMPLE)


def entity(parsed: ParsedList, entity_id: str) -> list[Statement]:
    return [st for st in parsed.statements if st.entity_id == entity_id]


def values(statements: list[Statement], prop: str) -> list[str]:
    return [st.value for st in statements if st.prop == prop]


def write(tmp_path: Path, raw: str) -> Path:
    path = tmp_path / "uk.xml"
    path.write_text(raw, encoding="utf-8")
    return path


def test_counts_match_an_independent_read(parsed: ParsedList) -> None:
    root = ET.parse(SAMPLE).getroot()
    designations = root.findall("Designation")
    kinds = [d.findtext("IndividualEntityShip") for d in designations]
    topics = [st for st in parsed.statements if st.prop == "topics"]
    schema = {"Individual": "Person", "Entity": "Organization", "Ship": "Vessel"}
    assert [st.schema for st in topics] == [schema[k or ""] for k in kinds]
    assert [st.entity_id for st in topics] == [
        f"gb-fcdo-{d.findtext('UniqueID')}" for d in designations
    ]
    names = root.findall(".//Names/Name") + root.findall(".//NonLatinName")
    name_props = ("name", "alias", "weakAlias")
    assert len([st for st in parsed.statements if st.prop in name_props]) == len(names)
    assert parsed.version == "2026-03-02"
    assert parsed.dataset == "gb_fcdo_sanctions"
    assert {st.list_version for st in parsed.statements} == {"2026-03-02"}


def test_uk_dates() -> None:
    assert uk_date("25/01/2001") == "2001-01-25"
    assert uk_date("dd/mm/1945") == "1945"
    assert uk_date("DD/03/1958") == "1958-03"
    assert uk_date("1958") is None
    assert uk_date(None) is None


def test_person(parsed: ParsedList) -> None:
    person = entity(parsed, "gb-fcdo-AFG9001")
    assert values(person, "name") == ["ABDUL RAHMAN TESTZAI"]
    assert values(person, "firstName") == ["ABDUL"]
    assert values(person, "lastName") == ["TESTZAI"]
    assert values(person, "alias") == [
        "Abdul Rahman Testzai",
        "Haji Rahman Testzai",
        "عبد الرحمن تستزی",
    ]
    assert values(person, "weakAlias") == ["Mullah Rahman"]
    assert [st.lang for st in person if st.value == "عبد الرحمن تستزی"] == ["fas"]
    births = [(st.value, st.original_value) for st in person if st.prop == "birthDate"]
    assert births == [
        ("1965", "dd/mm/1965"),
        ("1966-03", "dd/03/1966"),
        ("1967-07-01", "01/07/1967"),
    ]
    assert values(person, "nationality") == ["af"]
    assert values(person, "birthPlace") == ["Spin Boldak, Afghanistan"]
    assert values(person, "gender") == ["male"]
    assert values(person, "title") == ["Mullah"]
    assert values(person, "position") == ["Deputy Minister of Testing"]
    (passport,) = [st for st in person if st.prop == "passportNumber"]
    assert passport.value == "OR9001234"
    assert passport.original_value == "OR9001234 (Afghan passport, issued 2010)"
    assert values(person, "idNumber") == ["57388"]
    assert values(person, "address") == ["House 12, Street 4, Kandahar, Afghanistan"]


def test_entity_and_contacts(parsed: ParsedList) -> None:
    company = entity(parsed, "gb-fcdo-RUS9002")
    assert values(company, "email") == ["info@northwind.example", "sales@northwind.example"]
    assert values(company, "registrationNumber") == ["1027700000001"]
    assert values(company, "phone")
    assert values(company, "country") == ["ru"]
    assert [st.lang for st in company if st.prop == "alias" and st.lang] == ["rus"]


def test_ship(parsed: ParsedList) -> None:
    ship = entity(parsed, "gb-fcdo-DPR9003")
    assert {st.schema for st in ship} == {"Vessel"}
    assert values(ship, "imoNumber") == ["9562233"]
    assert values(ship, "flag") == ["km"]
    assert values(ship, "pastFlags") == ["in"]
    assert values(ship, "buildDate") == ["2011"]


def test_sanction(parsed: ParsedList) -> None:
    sanction = entity(parsed, "gb-fcdo-AFG9001-sanction")
    assert values(sanction, "entity") == ["gb-fcdo-AFG9001"]
    assert values(sanction, "unscId") == ["TAi.999"]
    assert values(sanction, "recordId") == ["99001"]
    assert values(sanction, "provisions") == ["Asset freeze", "Travel Ban"]
    assert values(sanction, "listingDate") == ["2001-01-25"]
    assert values(sanction, "modifiedAt") == ["2025-04-14"]
    assert values(sanction, "reason") == ["Provided financial support to a listed group."]


def test_source_record_cites_unique_id_and_line(parsed: ParsedList) -> None:
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    uid = next(i for i, t in enumerate(lines, 1) if "<UniqueID>DPR9003<" in t)
    line = max(i for i in range(1, uid) if lines[i - 1].strip() == "<Designation>")
    records = {st.source_record for st in entity(parsed, "gb-fcdo-DPR9003")}
    assert records == {f"UK-Sanctions-List.xml:Designation[UniqueID=DPR9003] (line {line})"}


def test_detected_as_file_and_folder() -> None:
    assert detect_source(SAMPLE)[0].NAME == "uk-sanctions-list-xml-v1"
    assert detect_source(SAMPLE_DIR)[0].NAME == "uk-sanctions-list-xml-v1"


def test_date_generated_after_the_designations(tmp_path: Path) -> None:
    raw = SAMPLE.read_text(encoding="utf-8")
    raw = raw.replace("  <DateGenerated>02/03/2026</DateGenerated>\n", "")
    raw = raw.replace("</Designations>", "<DateGenerated>05/03/2026</DateGenerated></Designations>")
    parsed = UkSanctionsListXml().parse(write(tmp_path, raw))
    assert {st.list_version for st in parsed.statements} == {"2026-03-05"}


def test_missing_unique_id(tmp_path: Path) -> None:
    raw = SAMPLE.read_text(encoding="utf-8").replace("<UniqueID>RUS9002</UniqueID>", "")
    path = write(tmp_path, raw)
    lines = raw.splitlines()
    start = lines.index("    <OFSIGroupID>99002</OFSIGroupID>")
    line = max(i for i in range(1, start + 1) if lines[i - 1].strip() == "<Designation>")
    with pytest.raises(InvalidInput) as info:
        UkSanctionsListXml().parse(path)
    assert str(path) in str(info.value)
    assert f"line {line}" in str(info.value)
    assert info.value.field == "UniqueID"


def test_unknown_kind(tmp_path: Path) -> None:
    raw = SAMPLE.read_text(encoding="utf-8").replace(">Ship<", ">Aircraft<")
    with pytest.raises(InvalidInput) as info:
        UkSanctionsListXml().parse(write(tmp_path, raw))
    assert "Individual, Entity or Ship" in str(info.value)
    assert info.value.field == "IndividualEntityShip"


def test_missing_date_generated(tmp_path: Path) -> None:
    raw = SAMPLE.read_text(encoding="utf-8").replace(
        "  <DateGenerated>02/03/2026</DateGenerated>\n", ""
    )
    path = write(tmp_path, raw)
    assert UkSanctionsListXml().parse(path, version="2026-01-01").version == "2026-01-01"
    with pytest.raises(InvalidInput) as info:
        UkSanctionsListXml().parse(path)
    assert str(path) in str(info.value)
    assert "DateGenerated" in str(info.value)


def test_malformed_designation(tmp_path: Path) -> None:
    raw = SAMPLE.read_text(encoding="utf-8").replace("</UniqueID>", "</UniqueId>", 1)
    path = write(tmp_path, raw)
    line = next(i for i, t in enumerate(raw.splitlines(), 1) if "</UniqueId>" in t)
    with pytest.raises(InvalidInput) as info:
        UkSanctionsListXml().parse(path)
    assert f"line {line}" in str(info.value)
    assert "expected </UniqueID>" in str(info.value)


# --- values the real slice holds (issue 15) -------------------------------------------------

REAL_2026 = (
    Path(__file__).parent.parent / "fixtures" / "uk_fcdo_2026-08_slice" / "UK-Sanctions-List.xml"
)


def test_real_slice_keeps_ship_length_and_document_dates() -> None:
    root = ET.parse(REAL_2026).getroot()
    lengths = [e.text for e in root.iter("LengthOfShip")]
    passports = [e.findtext("PassportNumber", "").strip() for e in root.iter("Passport")]
    assert lengths == ["134.5"] and passports == ["D0009720", "D0010442"]
    parsed = UkSanctionsListXml().parse(REAL_2026)
    by_entity: dict[str, dict[str, set[str]]] = {}
    for st in parsed.statements:
        by_entity.setdefault(st.entity_id, {}).setdefault(st.prop, set()).add(st.value)
    assert "Length of ship: 134.5" in by_entity["gb-fcdo-DPR0075"]["notes"]
    first = by_entity["gb-fcdo-AFG0011-passport-D0009720"]
    assert (first["startDate"], first["endDate"]) == ({"2021-10-12"}, {"2026-10-12"})
    second = by_entity["gb-fcdo-AFG0011-passport-D0010442"]
    assert (second["startDate"], second["endDate"]) == ({"2024-11-13"}, {"2029-11-13"})
    ration = by_entity["gb-fcdo-AQD0128-identification-0075258"]
    assert (ration["type"], ration["holder"]) == ({"Ration card no."}, {"gb-fcdo-AQD0128"})
