"""OFAC SDN_ADVANCED.XML: reference tables resolved, parties, sanctions and links."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from moneytrail.errors import InvalidInput
from moneytrail.sources.base import ParsedList
from moneytrail.sources.detect import parse_list
from moneytrail.sources.ofac_advanced import OfacAdvancedXml
from moneytrail.sources.ofac_xml import OfacSdnXml

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SAMPLE = FIXTURES / "ofac_advanced_sample" / "SDN_ADVANCED.XML"
SDN_XML = FIXTURES / "ofac_xml_sample" / "SDN.XML"
NS = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ADVANCED_XML"


@pytest.fixture(scope="module")
def parsed() -> ParsedList:
    return OfacAdvancedXml().parse(SAMPLE)


def values(parsed: ParsedList, entity_id: str, prop: str) -> set[str]:
    return {s.value for s in parsed.statements if s.entity_id == entity_id and s.prop == prop}


def schema_of(parsed: ParsedList, entity_id: str) -> str:
    found = {s.schema for s in parsed.statements if s.entity_id == entity_id}
    assert len(found) == 1, found
    return found.pop()


def variant(tmp_path: Path, old: str, new: str, count: int = 1) -> Path:
    """The sample with one piece of text replaced: each bad input differs in one place."""
    text = SAMPLE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "SDN_ADVANCED.XML"
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return path


def line_of(path: Path, marker: str) -> int:
    text = path.read_text(encoding="utf-8")
    return text[: text.index(marker)].count("\n") + 1


def test_every_party_becomes_one_entity_with_a_sanction(parsed: ParsedList) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    parties = re.findall(r'<DistinctParty FixedRef="(\d+)"', text)
    main = {s.entity_id for s in parsed.statements if re.fullmatch(r"ofac-\d+", s.entity_id)}
    assert main == {f"ofac-{ref}" for ref in parties} and len(main) == 4
    sanctions = {s.entity_id for s in parsed.statements if s.schema == "Sanction"}
    assert sanctions == {f"{eid}-sanction" for eid in main}
    links = {s.entity_id for s in parsed.statements if "-link-" in s.entity_id}
    assert len(links) == len(re.findall(r"<ProfileRelationship ", text)) == 2


def test_list_metadata(parsed: ParsedList) -> None:
    assert parsed.dataset == "us_ofac_sdn"
    assert parsed.version == "2021-07-07"  # DateOfIssue
    assert parsed.source_format == "ofac-sdn-advanced-xml-v1"
    assert parsed.notes == [
        "dataset us_ofac_sdn: 0 of 4 entries are on a non-SDN list (by programme or list)"
    ]


def test_person_names_by_alias_type_strength_and_script(parsed: ParsedList) -> None:
    eid = "ofac-11494"
    assert schema_of(parsed, eid) == "Person"
    assert values(parsed, eid, "name") == {"TAJIDEEN, Kassim"}
    assert values(parsed, eid, "firstName") == {"Kassim"}
    assert values(parsed, eid, "lastName") == {"TAJIDEEN"}
    assert values(parsed, eid, "alias") == {
        "TAJIDDINE, Kassim Mohammad",
        "TAJI AL-DIN, Qasim",
        "تاج الدين, قاسم",  # the Name in Arabic script: an alias, not a second name
    }
    assert values(parsed, eid, "weakAlias") == {"HAJJ KASSIM"}  # LowQuality="true"


def test_person_features_and_documents(parsed: ParsedList) -> None:
    eid = "ofac-11494"
    assert values(parsed, eid, "birthDate") == {"1955-03-21"}
    assert values(parsed, eid, "birthPlace") == {"Sierra Leone"}
    assert values(parsed, eid, "nationality") == {"sl", "lb"}
    assert values(parsed, eid, "gender") == {"male"}
    assert values(parsed, eid, "passportNumber") == {"0285669", "RL 1794375"}
    passport = "ofac-11494-passport-RL-1794375"
    assert values(parsed, passport, "country") == {"lb"}
    assert values(parsed, passport, "startDate") == {"2003-06-02"}
    assert values(parsed, passport, "holder") == {eid}
    record = {s.source_record for s in parsed.statements if s.entity_id == eid}
    assert record == {"SDN_ADVANCED.XML:DistinctParty[FixedRef=11494]"}


def test_sanction_program_listing_date_and_measures(parsed: ParsedList) -> None:
    sid = "ofac-11494-sanction"
    assert values(parsed, sid, "entity") == {"ofac-11494"}
    assert values(parsed, sid, "authority") == {"Office of Foreign Assets Control"}
    assert values(parsed, sid, "program") == {"SDGT"}
    assert values(parsed, sid, "listingDate") == {"2009-05-27"}
    assert values(parsed, sid, "provisions") == {"Block"}
    assert values(parsed, sid, "reason") == {"Executive Order 13224 (Terrorism)"}
    assert values(parsed, "ofac-11494", "program") == {"SDGT"}
    assert values(parsed, "ofac-11494", "topics") == {"sanction"}
    assert values(parsed, "ofac-15117", "program") == {"IRAN", "SDGT"}


def test_company_with_address(parsed: ParsedList) -> None:
    eid = "ofac-12452"
    assert values(parsed, eid, "address") == {"62 Buckle Street, Banjul, The Gambia"}
    assert values(parsed, eid, "country") == {"gm"}
    assert values(parsed, eid, "website") == {"http://www.tajco-ltd.com/"}
    assert values(parsed, f"{eid}-sanction", "provisions") == {
        "Additional Sanctions Information - Subject to Secondary Sanctions Pursuant to the "
        "Hizballah Financial Sanctions Regulations"
    }


def test_vessel(parsed: ParsedList) -> None:
    eid = "ofac-15902"
    assert schema_of(parsed, eid) == "Vessel"
    assert values(parsed, eid, "imoNumber") == {"9569621"}
    assert values(parsed, eid, "flag") == {"pa"}
    assert values(parsed, eid, "callSign") == {"5IM316"}
    assert values(parsed, eid, "type") == {"Crude Oil Tanker"}
    assert values(parsed, eid, "previousName") == {"ATLANTIS"}
    assert values(parsed, eid, "owner") == {"ofac-15117"}  # "Vessel Owner" NITC, an a.k.a.


def test_relationships_become_ownerships(parsed: ParsedList) -> None:
    owned = "ofac-12452-link-8001"
    assert schema_of(parsed, owned) == "Ownership"
    assert values(parsed, owned, "asset") == {"ofac-12452"}
    assert values(parsed, owned, "owner") == {"ofac-11494"}
    assert values(parsed, owned, "role") == {"Owned or Controlled By"}
    # an owned Entity must be an Asset: the Organization became a Company
    assert schema_of(parsed, "ofac-12452") == "Company"
    vessel = "ofac-15902-link-8002"
    assert values(parsed, vessel, "asset") == {"ofac-15902"}
    assert values(parsed, vessel, "owner") == {"ofac-15117"}


def test_unknown_relation_type_falls_back_to_an_unknown_link(tmp_path: Path) -> None:
    path = variant(tmp_path, 'RelationTypeID="15003"', 'RelationTypeID="1555"')
    result = OfacAdvancedXml().parse(path)
    link = "ofac-12452-link-8001"
    assert schema_of(result, link) == "UnknownLink"
    assert values(result, link, "subject") == {"ofac-12452"}
    assert values(result, link, "role") == {"Associate Of"}
    assert schema_of(result, "ofac-12452") == "Organization"


def test_advanced_and_sdn_xml_agree(parsed: ParsedList) -> None:
    sdn = OfacSdnXml().parse(SDN_XML)
    for prop in ("name", "birthDate", "nationality", "passportNumber", "program"):
        assert values(parsed, "ofac-11494", prop) == values(sdn, "ofac-11494", prop), prop
    for prop in ("name", "imoNumber", "flag", "owner", "previousName"):
        assert values(parsed, "ofac-15902", prop) == values(sdn, "ofac-15902", prop), prop
    assert values(parsed, "ofac-11494", "alias") >= {"TAJI AL-DIN, Qasim"}
    assert values(sdn, "ofac-11494", "alias") >= {"TAJI AL-DIN, Qasim"}


def test_detection_and_the_older_namespace(tmp_path: Path) -> None:
    assert OfacAdvancedXml.detect(SAMPLE)
    assert not OfacSdnXml.detect(SAMPLE)
    assert parse_list(SAMPLE.parent).source_format == "ofac-sdn-advanced-xml-v1"
    old = variant(tmp_path, NS, "http://www.un.org/sanctions/1.0")
    assert OfacAdvancedXml.detect(old)
    assert len(OfacAdvancedXml().parse(old).statements) > 0


def test_the_content_not_the_name_decides_the_dataset(tmp_path: Path) -> None:
    path = tmp_path / "CONS_ADVANCED.XML"
    path.write_bytes(SAMPLE.read_bytes())
    assert OfacAdvancedXml().parse(path).dataset == "us_ofac_sdn"  # only "SDN List" entries
    cons = tmp_path / "sdn_advanced.xml"  # the same entries put on the Consolidated List
    cons.write_text(
        SAMPLE.read_text("utf-8").replace(
            '<List ID="1550">SDN List', '<List ID="1550">Consolidated List'
        ),
        encoding="utf-8",
    )
    assert '<List ID="1550">Consolidated List' in cons.read_text("utf-8")
    assert OfacAdvancedXml().parse(cons).dataset == "us_ofac_cons"


# --- bad input --------------------------------------------------------------------------


def test_truncated_file(tmp_path: Path) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    path = tmp_path / "SDN_ADVANCED.XML"
    path.write_text(text[: text.index('<DistinctParty FixedRef="15117">') + 40], encoding="utf-8")
    with pytest.raises(InvalidInput) as err:
        OfacAdvancedXml().parse(path)
    assert str(path) in str(err.value) and err.value.line is not None
    assert f"line {err.value.line}" in str(err.value)


def test_wrong_root(tmp_path: Path) -> None:
    path = variant(tmp_path, "<Sanctions ", "<Sanctionz ")
    path.write_text(path.read_text(encoding="utf-8").replace("</Sanctions>", "</Sanctionz>"))
    with pytest.raises(InvalidInput) as err:
        OfacAdvancedXml().parse(path)
    assert "expected <Sanctions>" in str(err.value) and str(path) in str(err.value)


def test_missing_fixed_ref(tmp_path: Path) -> None:
    path = variant(tmp_path, '<DistinctParty FixedRef="12452">', "<DistinctParty>")
    with pytest.raises(InvalidInput) as err:
        OfacAdvancedXml().parse(path)
    assert err.value.field == "FixedRef"
    assert err.value.line == line_of(path, "<DistinctParty>")
    assert str(path) in str(err.value)


def test_reference_to_a_missing_value(tmp_path: Path) -> None:
    path = variant(
        tmp_path, '<Feature ID="6005" FeatureTypeID="224">', '<Feature FeatureTypeID="77">'
    )
    with pytest.raises(InvalidInput) as err:
        OfacAdvancedXml().parse(path)
    assert err.value.field == "FeatureTypeID" and "'77'" in str(err.value)
    assert err.value.line == line_of(path, '<Feature FeatureTypeID="77">')


def test_relationship_to_an_unknown_profile(tmp_path: Path) -> None:
    path = variant(tmp_path, 'To-ProfileID="11494"', 'To-ProfileID="99999"')
    with pytest.raises(InvalidInput) as err:
        OfacAdvancedXml().parse(path)
    assert err.value.field == "To-ProfileID" and "99999" in str(err.value)
    assert err.value.line == line_of(path, '<ProfileRelationship ID="8001"')


def test_sanctions_entry_for_an_unknown_profile(tmp_path: Path) -> None:
    path = variant(tmp_path, 'ProfileID="15902" ListID', 'ProfileID="424242" ListID')
    with pytest.raises(InvalidInput) as err:
        OfacAdvancedXml().parse(path)
    assert err.value.field == "ProfileID"
    assert err.value.line == line_of(path, 'ProfileID="424242"')


def test_missing_date_of_issue(tmp_path: Path) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    start, end = text.index("<DateOfIssue>"), text.index("</DateOfIssue>") + len("</DateOfIssue>")
    path = tmp_path / "SDN_ADVANCED.XML"
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    with pytest.raises(InvalidInput) as err:
        OfacAdvancedXml().parse(path)
    assert err.value.field == "DateOfIssue"
    assert OfacAdvancedXml().parse(path, version="2021-07-01").version == "2021-07-01"
