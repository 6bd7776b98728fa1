"""OFAC SDN.XML: the hand-written fixture parses to the entities OFAC's CSV gives."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from moneytrail.errors import InvalidInput, UnsafeInput
from moneytrail.model import Statement
from moneytrail.sources.base import ParsedList
from moneytrail.sources.detect import parse_list
from moneytrail.sources.ofac_advanced import OfacAdvancedXml
from moneytrail.sources.ofac_xml import OfacSdnXml, publish_date

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SAMPLE = FIXTURES / "ofac_xml_sample" / "SDN.XML"
CSV_SLICE = FIXTURES / "ofac_sdn_2021-07_slice"
NON_SDN_2023 = FIXTURES / "ofac_non_sdn_xml_2023-03_slice" / "ofac_non_sdn.xml"
CONS_2025 = FIXTURES / "ofac_cons_xml_2025-06_slice" / "consolidated.xml"
SDN_2020 = FIXTURES / "ofac_sdn_xml_2020-04_slice" / "SDN.XML"
NS = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/XML"


@pytest.fixture(scope="module")
def parsed() -> ParsedList:
    return OfacSdnXml().parse(SAMPLE)


def values(parsed: ParsedList, entity_id: str, prop: str) -> set[str]:
    return {s.value for s in parsed.statements if s.entity_id == entity_id and s.prop == prop}


def statements(parsed: ParsedList, entity_id: str) -> list[Statement]:
    return [s for s in parsed.statements if s.entity_id == entity_id]


def schema_of(parsed: ParsedList, entity_id: str) -> str:
    return statements(parsed, entity_id)[0].schema


def write(tmp_path: Path, body: str, name: str = "SDN.XML", head: str | None = None) -> Path:
    if head is None:
        head = "<publshInformation><Publish_Date>05/03/2024</Publish_Date></publshInformation>"
    path = tmp_path / name
    path.write_text(
        f'<?xml version="1.0" standalone="yes"?>\n<sdnList xmlns="{NS}">\n{head}\n{body}\n'
        "</sdnList>\n",
        encoding="utf-8",
    )
    return path


def line_of(path: Path, marker: str) -> int:
    text = path.read_text(encoding="utf-8")
    return text[: text.index(marker)].count("\n") + 1


def test_every_entry_becomes_one_entity_and_one_sanction(parsed: ParsedList) -> None:
    expected = len(re.findall(r"<sdnEntry>", SAMPLE.read_text(encoding="utf-8")))
    main = {s.entity_id for s in parsed.statements if re.fullmatch(r"ofac-\d+", s.entity_id)}
    sanctions = {s.entity_id for s in parsed.statements if s.schema == "Sanction"}
    assert len(main) == expected == 8
    assert sanctions == {f"{eid}-sanction" for eid in main}


def test_list_metadata(parsed: ParsedList) -> None:
    assert parsed.dataset == "us_ofac_sdn"
    assert parsed.version == "2021-07-07"
    assert parsed.source_format == "ofac-sdn-xml-v1"
    assert parsed.notes == [
        "dataset us_ofac_sdn: 0 of 8 entries are on a non-SDN list (by programme or list)"
    ]
    assert {s.list_version for s in parsed.statements} == {"2021-07-07"}
    assert parsed.files[0].path == str(SAMPLE)


def test_person_with_aliases_dates_documents(parsed: ParsedList) -> None:
    eid = "ofac-11494"
    assert schema_of(parsed, eid) == "Person"
    assert values(parsed, eid, "name") == {"TAJIDEEN, Kassim"}
    assert values(parsed, eid, "firstName") == {"Kassim"}
    assert values(parsed, eid, "alias") == {
        "TAJIDDINE, Kassim Mohammad",
        "TAJI AL-DIN, Qasim",
        "TAJI AL-DIN, Kasim",
        "TAJMUDIN, Kasim",
    }
    assert values(parsed, eid, "weakAlias") == set()
    assert values(parsed, eid, "birthDate") == {"1955-03-21"}
    assert values(parsed, eid, "birthPlace") == {"Sierra Leone"}
    assert values(parsed, eid, "nationality") == {"sl", "lb"}
    assert values(parsed, eid, "passportNumber") == {"0285669", "RL 1794375"}
    assert values(parsed, eid, "topics") == {"sanction"}
    assert values(parsed, eid, "program") == {"SDGT"}
    dob = next(s for s in statements(parsed, eid) if s.prop == "birthDate")
    assert dob.original_value == "21 Mar 1955"
    assert dob.source_record == "SDN.XML:sdnEntry[uid=11494]"
    passport = "ofac-11494-passport-RL-1794375"
    assert schema_of(parsed, passport) == "Passport"
    assert values(parsed, passport, "holder") == {eid}
    assert values(parsed, passport, "country") == {"lb"}


def test_sanction_entity(parsed: ParsedList) -> None:
    sid = "ofac-12057-sanction"
    assert values(parsed, sid, "entity") == {"ofac-12057"}
    assert values(parsed, sid, "authority") == {"Office of Foreign Assets Control"}
    assert len(values(parsed, sid, "program")) == 6
    assert values(parsed, sid, "provisions") == {
        "Additional Sanctions Information - Subject to Secondary Sanctions"
    }


def test_date_ranges_keep_every_year_and_the_source_words(parsed: ParsedList) -> None:
    dobs = {
        (s.value, s.original_value)
        for s in statements(parsed, "ofac-12057")
        if s.prop == "birthDate"
    }
    assert dobs == {
        ("1951", "1951 to 1953"),
        ("1952", "1951 to 1953"),
        ("1953", "1951 to 1953"),
        ("1961-04", "Apr 1961"),
    }
    assert values(parsed, "ofac-12057", "gender") == {"male"}


def test_alias_strength_and_kind(parsed: ParsedList) -> None:
    # weak f.k.a. -> weakAlias (weakness wins); strong f.k.a. -> previousName
    assert values(parsed, "ofac-4243", "weakAlias") == {"ANA I"}
    assert values(parsed, "ofac-4243", "previousName") == set()
    assert values(parsed, "ofac-15902", "previousName") == {"ATLANTIS"}


def test_addresses_and_countries(parsed: ParsedList) -> None:
    assert values(parsed, "ofac-12452", "address") == {
        "62 Buckle Street, Banjul, The Gambia",
        "Tajco Building, Main Street, Hannawiyah, Tyre, Lebanon",
    }
    assert values(parsed, "ofac-12452", "country") == {"gm", "lb"}
    assert values(parsed, "ofac-12452", "website") == {"http://www.tajco-ltd.com/"}
    # an address with only a country adds the country, not an "address" of one word
    assert values(parsed, "ofac-12057", "address") == set()
    assert values(parsed, "ofac-12057", "country") == {"ir"}


def test_vessels_aircraft_and_their_owners(parsed: ParsedList) -> None:
    assert schema_of(parsed, "ofac-15902") == "Vessel"
    assert values(parsed, "ofac-15902", "imoNumber") == {"9569621"}
    assert values(parsed, "ofac-15902", "flag") == {"pa"}
    assert values(parsed, "ofac-15902", "pastFlags") == {"tz"}
    assert values(parsed, "ofac-15902", "callSign") == {"5IM316"}
    assert values(parsed, "ofac-15902", "owner") == {"ofac-15117"}  # via a.k.a. NITC
    assert values(parsed, "ofac-4243", "tonnage") == {"2595"}
    assert "Owner: Sand & Swan Navigation Co. Ltd." in values(parsed, "ofac-4243", "notes")
    assert schema_of(parsed, "ofac-15431") == "Airplane"
    assert values(parsed, "ofac-15431", "operator") == {"ofac-13109"}  # via a.k.a. YAS AIR
    assert values(parsed, "ofac-15431", "model") == {"IL76-TD"}
    assert schema_of(parsed, "ofac-12452") == "Organization"


def test_xml_states_the_same_facts_as_the_csv(parsed: ParsedList) -> None:
    """Both files were transcribed from one OFAC release: ids and values must agree."""
    csv = parse_list(CSV_SLICE)

    def facts(result: ParsedList, eid: str) -> set[tuple[str, str]]:
        props = {"name", "alias", "birthDate", "nationality", "passportNumber", "imoNumber"}
        return {(s.prop, s.value) for s in result.statements if s.entity_id == eid} & {
            (p, v) for p in props for v in values(result, eid, p)
        }

    for eid in ("ofac-11494", "ofac-15902"):
        assert facts(parsed, eid) <= facts(csv, eid)
        assert facts(parsed, eid)


def test_the_content_not_the_name_decides_the_dataset(tmp_path: Path) -> None:
    """An SDN sample renamed CONS_PRIM.XML stays SDN; the real Consolidated file kept as
    ofac_non_sdn.xml is the Consolidated list (issue 15)."""
    target = tmp_path / "CONS_PRIM.XML"
    shutil.copy(SAMPLE, target)
    assert OfacSdnXml().parse(target).dataset == "us_ofac_sdn"
    result = OfacSdnXml().parse(NON_SDN_2023)
    assert result.dataset == "us_ofac_cons"
    assert {s.dataset for s in result.statements} == {"us_ofac_cons"}
    programs = re.findall(r"<program>([^<]*)</program>", NON_SDN_2023.read_text("utf-8"))
    assert "NS-PLC" in programs  # the Palestinian Legislative Council (non-SDN) list
    assert parse_list(NON_SDN_2023).dataset == "us_ofac_cons"
    assert parse_list(SDN_2020).dataset == "us_ofac_sdn"


def test_an_empty_file_falls_back_to_the_name(tmp_path: Path) -> None:
    assert OfacSdnXml().parse(write(tmp_path, "", name="cons_prim.xml")).dataset == "us_ofac_cons"
    assert OfacSdnXml().parse(write(tmp_path, "", name="sdn.xml")).dataset == "us_ofac_sdn"


def test_old_namespace_and_detection(tmp_path: Path) -> None:
    old = tmp_path / "sdn.xml"
    old.write_text(
        SAMPLE.read_text(encoding="utf-8").replace(NS, "http://tempuri.org/sdnList.xsd"),
        encoding="utf-8",
    )
    assert OfacSdnXml.detect(SAMPLE) and OfacSdnXml.detect(old)
    assert not OfacAdvancedXml.detect(SAMPLE)
    assert len(OfacSdnXml().parse(old).statements) == len(OfacSdnXml().parse(SAMPLE).statements)
    assert parse_list(SAMPLE.parent).source_format == "ofac-sdn-xml-v1"


def test_publish_date_is_month_first() -> None:
    assert publish_date("05/11/2024") == "2024-05-11"
    assert publish_date("2024-05-11") == "2024-05-11"
    assert publish_date("11 May 2024") is None


def test_version_argument_only_when_the_file_has_no_date(tmp_path: Path) -> None:
    body = "<sdnEntry><uid>1</uid><lastName>X</lastName><sdnType>Entity</sdnType></sdnEntry>"
    path = write(tmp_path, body, head="")
    assert OfacSdnXml().parse(path, version="2024-01-31").version == "2024-01-31"
    with pytest.raises(InvalidInput) as err:
        OfacSdnXml().parse(path)
    assert err.value.field == "Publish_Date" and str(path) in str(err.value)
    dated = write(tmp_path, body, name="dated.xml")
    result = OfacSdnXml().parse(dated, version="2024-01-31")
    assert result.version == "2024-05-03"
    assert "version 2024-01-31 given, but the file says 2024-05-03: kept 2024-05-03" in result.notes


def test_wallets_become_entities(tmp_path: Path) -> None:
    body = (
        "<sdnEntry><uid>7</uid><lastName>LAZARUS</lastName><sdnType>Entity</sdnType>"
        "<idList><id><uid>1</uid><idType>Digital Currency Address - XBT</idType>"
        "<idNumber>1AjZPMsnmpdK2Rv9KQNfMurTXinscVro9V</idNumber></id></idList></sdnEntry>"
    )
    result = OfacSdnXml().parse(write(tmp_path, body))
    wallet = "ofac-7-wallet-1AjZPMsnmpdK2Rv9KQNfMurTXinscVro9V"
    assert values(result, wallet, "publicKey") == {"1AjZPMsnmpdK2Rv9KQNfMurTXinscVro9V"}
    assert values(result, wallet, "currencySymbol") == {"XBT"}
    assert values(result, wallet, "holder") == {"ofac-7"}


def test_record_count_mismatch_is_reported(tmp_path: Path) -> None:
    head = (
        "<publshInformation><Publish_Date>05/03/2024</Publish_Date>"
        "<Record_Count>2</Record_Count></publshInformation>"
    )
    body = "<sdnEntry><uid>1</uid><lastName>X</lastName><sdnType>Entity</sdnType></sdnEntry>"
    result = OfacSdnXml().parse(write(tmp_path, body, head=head))
    assert (
        "Record_Count declares 2 records, found 1: a partial file (a slice or a filtered export)?"
        in result.notes
    )


# --- bad input --------------------------------------------------------------------------


def test_truncated_file(tmp_path: Path) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    path = tmp_path / "SDN.XML"
    path.write_text(text[: text.index("<uid>12057</uid>")], encoding="utf-8")
    with pytest.raises(InvalidInput) as err:
        OfacSdnXml().parse(path)
    assert str(path) in str(err.value)
    assert err.value.line is not None and f"line {err.value.line}" in str(err.value)


def test_malformed_xml_names_the_line(tmp_path: Path) -> None:
    body = "<sdnEntry><uid>1</uid>\n<lastName>X</firstName></sdnEntry>"
    path = write(tmp_path, body)
    with pytest.raises(InvalidInput) as err:
        OfacSdnXml().parse(path)
    assert err.value.line == line_of(path, "<lastName>X")
    assert str(path) in str(err.value)


def test_wrong_root(tmp_path: Path) -> None:
    path = tmp_path / "SDN.XML"
    path.write_text(
        "<?xml version='1.0'?>\n<someList><sdnEntry><uid>1</uid></sdnEntry></someList>\n",
        encoding="utf-8",
    )
    with pytest.raises(InvalidInput) as err:
        OfacSdnXml().parse(path)
    assert "<sdnList>" in str(err.value) and str(path) in str(err.value)


def test_missing_uid_names_the_entry_line(tmp_path: Path) -> None:
    body = (
        "<sdnEntry><uid>1</uid><lastName>A</lastName><sdnType>Entity</sdnType></sdnEntry>\n"
        "<sdnEntry>\n<lastName>NO UID</lastName><sdnType>Entity</sdnType></sdnEntry>"
    )
    path = write(tmp_path, body)
    with pytest.raises(InvalidInput) as err:
        OfacSdnXml().parse(path)
    assert err.value.field == "uid"
    assert err.value.line == line_of(path, "<sdnEntry>\n<lastName>NO UID")
    assert str(path) in str(err.value) and "field uid" in str(err.value)


def test_unknown_sdn_type_and_duplicate_uid(tmp_path: Path) -> None:
    bad_type = "<sdnEntry><uid>1</uid><lastName>A</lastName><sdnType>Robot</sdnType></sdnEntry>"
    with pytest.raises(InvalidInput) as err:
        OfacSdnXml().parse(write(tmp_path, bad_type))
    assert err.value.field == "sdnType"
    entry = "<sdnEntry><uid>1</uid><lastName>A</lastName><sdnType>Entity</sdnType></sdnEntry>"
    with pytest.raises(InvalidInput) as err:
        OfacSdnXml().parse(write(tmp_path, entry + "\n" + entry))
    # lines: declaration, <sdnList>, publshInformation, first entry, the repeat
    assert err.value.field == "uid" and err.value.line == 5


def test_entity_expansion_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "SDN.XML"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE sdnList [<!ENTITY a "aaaa">]>\n'
        "<sdnList><sdnEntry><uid>1</uid><lastName>&a;</lastName></sdnEntry></sdnList>\n",
        encoding="utf-8",
    )
    with pytest.raises(UnsafeInput) as err:
        OfacSdnXml().parse(path)
    assert str(path) in str(err.value)


# --- real files: Linked To, Record_Count (issue 15) -----------------------------------------


def independent_links(path: Path) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """(uid, target uid) of every "(Linked To: NAME)" naming exactly one entry by its primary
    name, and (uid, NAME) of the rest: read with ElementTree, not with the parser."""
    from xml.etree import ElementTree

    root = ElementTree.parse(path).getroot()
    ns = {"o": root.tag[1:].split("}")[0]}
    by_name: dict[str, list[str]] = {}
    remarks: list[tuple[str, str]] = []
    for entry in root.findall("o:sdnEntry", ns):
        uid = entry.findtext("o:uid", "", ns)
        first, last = entry.findtext("o:firstName", None, ns), entry.findtext("o:lastName", "", ns)
        by_name.setdefault((f"{last}, {first}" if first else last).upper(), []).append(uid)
        remarks.append((uid, entry.findtext("o:remarks", "", ns)))
    resolved, unresolved = set(), set()
    for uid, text in remarks:
        for name in re.findall(r"\(Linked To: (.+?)\)$", text):
            targets = by_name.get(name.upper(), [])
            if len(targets) == 1:
                resolved.add((uid, targets[0]))
            else:
                unresolved.add((uid, name))
    return resolved, unresolved


def test_linked_to_remarks_become_links_in_the_legacy_xml() -> None:
    result = OfacSdnXml().parse(CONS_2025)
    resolved, unresolved = independent_links(CONS_2025)
    assert CONS_2025.read_text("utf-8").count("(Linked To: ") == 24
    assert (len(resolved), unresolved) == (23, {("9647", "HAMAS")})
    links = {s.entity_id for s in result.statements if s.schema == "UnknownLink"}
    got = {
        (
            next(iter(values(result, link, "subject"))).removeprefix("ofac-"),
            next(iter(values(result, link, "object"))).removeprefix("ofac-"),
        )
        for link in links
    }
    assert got == resolved
    assert all(values(result, link, "role") == {"Linked To"} for link in links)
    # The CSV parser's id scheme, so both formats state the same link.
    assert links == {f"ofac-{a}-link-{b}" for a, b in resolved}
    assert "Linked To (no entry of this list has that name): HAMAS" in values(
        result, "ofac-9647", "notes"
    )
    assert "24 'Linked To' remarks: 23 became links, 1 name no single entry" in " ".join(
        result.notes
    )


def test_record_count_of_a_real_slice_is_a_warning_not_a_refusal(
    caplog: pytest.LogCaptureFixture,
) -> None:
    result = OfacSdnXml().parse(SDN_2020)
    declared = re.search(r"<Record_Count>(\d+)<", SDN_2020.read_text("utf-8"))
    assert declared is not None and declared[1] == "8197"
    found = SDN_2020.read_text("utf-8").count("<sdnEntry>")
    assert found == 7
    sanctioned = {
        s.value for s in result.statements if s.schema == "Sanction" and s.prop == "entity"
    }
    assert len(sanctioned) == found
    note = (
        "Record_Count declares 8197 records, found 7: "
        "a partial file (a slice or a filtered export)?"
    )
    assert note in result.notes
    assert note in caplog.text


REGISTRATION_TYPES = {
    "Registration ID", "Government Gazette Number", "Tax ID No.", "Registration Number",
    "Public Registration Number", "SWIFT/BIC", "BIK (RU)", "Legal Entity Number", "License",
}  # fmt: skip


def test_registration_numbers_keep_type_and_country() -> None:
    """Each registration-type <id> of the real 2025 slice becomes an Identification with the
    id's type and issuing country (read here with ElementTree), and Russian numbers are
    also stated as ogrnCode/innCode."""
    from xml.etree import ElementTree

    root = ElementTree.parse(CONS_2025).getroot()
    ns = {"o": root.tag[1:].split("}")[0]}
    expected = set()
    for entry in root.findall("o:sdnEntry", ns):
        uid = entry.findtext("o:uid", "", ns)
        for doc in entry.findall("o:idList/o:id", ns):
            kind = doc.findtext("o:idType", "", ns)
            if kind in REGISTRATION_TYPES:
                country = doc.findtext("o:idCountry", "", ns)
                expected.add((uid, kind, doc.findtext("o:idNumber", "", ns), country))
    assert len(expected) == 46
    result = OfacSdnXml().parse(CONS_2025)
    docs: dict[str, dict[str, set[str]]] = {}
    for s in result.statements:
        if s.schema == "Identification":
            docs.setdefault(s.entity_id, {}).setdefault(s.prop, set()).add(
                s.original_value or s.value
            )
    got = {
        (
            next(iter(d["holder"])).removeprefix("ofac-"),
            next(iter(d["type"])),
            next(iter(d["number"])),
            next(iter(d.get("country", {""}))),
        )
        for d in docs.values()
    }
    assert got == expected
    vtb = values(result, "ofac-17013", "ogrnCode"), values(result, "ofac-17013", "innCode")
    assert vtb == ({"1027739609391"}, {"7702070139"})
    assert values(result, "ofac-17013", "bikCode") == {"044030707", "044525187"}
    assert {s.schema for s in statements(result, "ofac-17013")} == {"Company"}
