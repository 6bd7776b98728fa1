"""GLEIF LEI-CDF, RR-CDF and Repex on real Golden Copy records.

Expected counts come from ElementTree and plain text search here, never the parser.
"""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from moneytrail.errors import InvalidInput
from moneytrail.sources import ParsedList, detect_source
from moneytrail.sources.gleif import GleifGoldenCopy, valid_lei

FOLDER = Path(__file__).parent.parent / "fixtures" / "gleif_lei_samples"


def local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def elements(name: str, tag: str) -> list[ET.Element]:
    return [e for e in ET.parse(FOLDER / name).getroot().iter() if local(e.tag) == tag]


def text(elem: ET.Element, tag: str) -> str:
    return next(e.text or "" for e in elem.iter() if local(e.tag) == tag)


@pytest.fixture(scope="module")
def parsed() -> ParsedList:
    return GleifGoldenCopy().parse(FOLDER)


def entity(parsed: ParsedList, entity_id: str) -> dict[str, set[str]]:
    props: dict[str, set[str]] = {}
    for st in parsed.statements:
        if st.entity_id == entity_id:
            props.setdefault(st.prop, set()).add(st.value)
    return props


def test_level1_records_become_entities(parsed: ParsedList) -> None:
    records = elements("lei-data.xml", "LEIRecord") + elements("lei-updates-data2.xml", "LEIRecord")
    assert len(records) == 25
    leis = {text(r, "LEI") for r in records}
    with_name = {st.entity_id for st in parsed.statements if st.prop == "name"}
    assert with_name == {f"lei-{lei}" for lei in leis}
    codes = {st.value for st in parsed.statements if st.prop == "leiCode"}
    assert leis <= codes


def test_relationships_by_type(parsed: ParsedList) -> None:
    rels = elements("rr-data.xml", "RelationshipRecord")
    rels += elements("rr-updates-data2.xml", "RelationshipRecord")
    keys = {
        (text(r, "RelationshipType"), *(n.text or "" for n in r.iter() if local(n.tag) == "NodeID"))
        for r in rels
    }
    consolidation = {k for k in keys if "CONSOLIDATED" in k[0]}
    owners = {st.entity_id for st in parsed.statements if st.schema == "Ownership"}
    links = {st.entity_id for st in parsed.statements if st.schema == "UnknownLink"}
    assert len(owners) == len(consolidation) == 9
    assert len(links) == len(keys) - len(consolidation)


def test_consolidation_parent(parsed: ParsedList) -> None:
    link = entity(
        parsed, "lei-010CMKZ3VON21WF2ZD45-is-directly-consolidated-by-ZZG38T0MDR3QY1ETUA76"
    )
    assert link["owner"] == {"lei-ZZG38T0MDR3QY1ETUA76"}
    assert link["asset"] == {"lei-010CMKZ3VON21WF2ZD45"}
    assert link["role"] == {"IS_DIRECTLY_CONSOLIDATED_BY"}
    assert link["status"] == {"ACTIVE"} and link["startDate"] == {"2018-02-06"}
    assert "percentage" not in link  # consolidation states control, not a share
    stub = entity(parsed, "lei-ZZG38T0MDR3QY1ETUA76")
    assert stub["leiCode"] == {"ZZG38T0MDR3QY1ETUA76"} and "name" not in stub


def test_entity_details_and_provenance(parsed: ParsedList) -> None:
    fund = entity(parsed, "lei-001GPB6A9XPE8XJICC14")
    assert fund["name"] == {"Fidelity Advisor Leveraged Company Stock Fund"}
    assert fund["jurisdiction"] == {"us"} and fund["registrationNumber"] == {"S000005113"}
    assert fund["incorporationDate"] == {"2012-11-29"}
    assert any(p.startswith("FIDELITY ADVISOR SERIES I") for p in fund["previousName"])
    lines = (FOLDER / "lei-data.xml").read_text().splitlines()
    line = next(i for i, ln in enumerate(lines, 1) if "<lei:LEI>001GPB6A9XPE8XJICC14<" in ln)
    start = max(i for i in range(1, line) if lines[i - 1].startswith("<lei:LEIRecord"))
    refs = {
        st.source_record
        for st in parsed.statements
        if st.entity_id == "lei-001GPB6A9XPE8XJICC14" and st.prop == "name"
    }
    assert refs == {f"lei-data.xml:LEIRecord[LEI=001GPB6A9XPE8XJICC14] (line {start})"}


def test_dissolution_and_versions(parsed: ParsedList) -> None:
    event = elements("lei-data.xml", "LegalEntityEvent")[0]
    # Read alone: in the folder the update file's newer copy of this LEI replaces it.
    alone = GleifGoldenCopy().parse(FOLDER / "lei-data.xml")
    dates = {st.value for st in alone.statements if st.prop == "dissolutionDate"}
    assert dates == {text(event, "LegalEntityEventEffectiveDate")[:10]}
    headers = {
        f.name: text(ET.parse(f).getroot(), "ContentDate")[:10] for f in FOLDER.glob("*.xml")
    }
    assert {Path(f.path).name: f.version for f in parsed.files} == headers
    assert parsed.version == max(headers.values()) and parsed.dataset == "gleif"


def test_newer_file_wins() -> None:
    parsed = GleifGoldenCopy().parse(FOLDER)
    updated = entity(parsed, "lei-00TR8NKAEL48RGTZEW89")
    assert updated["modifiedAt"] == {"2023-08-03"}


def test_reporting_exceptions_are_notes(parsed: ParsedList) -> None:
    exceptions = elements("repex-data.xml", "Exception") + elements(
        "repex-updates-data2.xml", "Exception"
    )
    keys = {(text(e, "LEI"), text(e, "ExceptionCategory")) for e in exceptions}
    notes = [
        st for st in parsed.statements if st.prop == "notes" and st.value.startswith("GLEIF: no ")
    ]
    assert len(notes) == len(keys)
    natural = entity(parsed, "lei-159515PKYKQYJLT0KF16")["notes"]
    assert any("natural persons" in n and "Datenschutz" in n for n in natural)


def test_detection_and_lei_check() -> None:
    assert detect_source(FOLDER)[0].NAME == "gleif-v1"
    assert detect_source(FOLDER / "rr-data.xml")[0].NAME == "gleif-v1"
    assert valid_lei("001GPB6A9XPE8XJICC14") and not valid_lei("001GPB6A9XPE8XJICC15")


def broken(tmp_path: Path, name: str, old: str, new: str, count: int = 1) -> InvalidInput:
    target = tmp_path / name
    shutil.copy(FOLDER / name, target)
    target.write_text(target.read_text().replace(old, new, count))
    with pytest.raises(InvalidInput) as err:
        GleifGoldenCopy().parse(target)
    assert err.value.file == str(target)
    return err.value


def test_unknown_parent_is_refused(tmp_path: Path) -> None:
    err = broken(tmp_path, "rr-data.xml", "5493001Z012YSB2A0K51", "5493001Z012YSB2A0K52")
    assert err.field == "EndNode/NodeID" and err.line == 8


def test_malformed_xml_names_the_line(tmp_path: Path) -> None:
    target = tmp_path / "lei-data.xml"
    lines = (FOLDER / "lei-data.xml").read_text().splitlines()
    target.write_text("\n".join(lines[:100]))
    with pytest.raises(InvalidInput) as err:
        GleifGoldenCopy().parse(target)
    assert err.value.line == 100 and "truncated" in str(err.value)


def test_bad_lei_in_level1(tmp_path: Path) -> None:
    err = broken(tmp_path, "lei-data.xml", "<lei:LEI>001GPB6A9XPE8XJICC14<", "<lei:LEI>NOT-AN-LEI<")
    assert err.field == "LEI" and re.search(r"not a valid LEI", err.reason)


def test_statements_carry_the_list_dataset_and_version(parsed: ParsedList) -> None:
    assert {st.dataset for st in parsed.statements} == {parsed.dataset}
    versions = {st.list_version for st in parsed.statements}
    assert max(versions) == parsed.version
