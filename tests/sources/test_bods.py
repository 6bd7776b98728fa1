"""BODS 0.4 on the standard's own examples (illustrative, not real records).

Expected counts and values come from reading the JSON here with the standard
library, never from the parser.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from moneytrail.errors import InvalidInput
from moneytrail.graph.percent import parse_percentage
from moneytrail.sources import ParsedList, detect_source, parse_list
from moneytrail.sources.bods import BodsJson
from moneytrail.sources.records import json_records

FOLDER = Path(__file__).parent.parent / "fixtures" / "bods_examples"
PARTY_SCHEMAS = {"Person", "Company", "LegalEntity", "PublicBody"}


def load(name: str) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads((FOLDER / name).read_text(encoding="utf-8"))
    return data


def latest(statements: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The last statement of each record, by statementDate then file order."""
    out: dict[str, dict[str, Any]] = {}
    for st in sorted(statements, key=lambda s: s["statementDate"]):
        out[st["recordId"]] = st
    return out


@pytest.fixture(scope="module")
def folder() -> ParsedList:
    return BodsJson().parse(FOLDER)


def entity(parsed: ParsedList, entity_id: str) -> dict[str, set[str]]:
    props: dict[str, set[str]] = {}
    for st in parsed.statements:
        if st.entity_id == entity_id:
            props.setdefault(st.prop, set()).add(st.value)
    return props


def test_every_person_and_entity_record_is_one_entity(folder: ParsedList) -> None:
    records = {
        st["recordId"]
        for f in sorted(FOLDER.glob("*.json"))
        for st in load(f.name)
        if st["recordType"] in ("person", "entity")
    }
    found = {st.entity_id for st in folder.statements if st.schema in PARTY_SCHEMAS}
    assert found == {f"bods-{r}" for r in records}
    assert len(found) == 53


def test_direct_shareholdings_become_ownerships(folder: ParsedList) -> None:
    expected = 0
    for f in sorted(FOLDER.glob("*.json")):
        for st in latest(load(f.name)).values():
            interests = st["recordDetails"].get("interests", [])
            if st["recordType"] == "relationship" and isinstance(
                st["recordDetails"]["interestedParty"], str
            ):
                expected += sum(
                    1
                    for i in interests
                    if i.get("type") == "shareholding" and i.get("directOrIndirect") != "indirect"
                )
    owners = {st.entity_id for st in folder.statements if st.schema == "Ownership"}
    assert len(owners) == expected


def test_joint_ownership_chain() -> None:
    parsed = BodsJson().parse(FOLDER / "joint-ownership.json")
    data = load("joint-ownership.json")
    assert parsed.dataset == "bods_joint_ownership"
    assert parsed.version == max(s["publicationDetails"]["publicationDate"] for s in data)
    holding = entity(parsed, "bods-a86c50f8b3dd-shareholding")
    assert holding["owner"] == {"bods-1accb8b18b99"}
    assert holding["asset"] == {"bods-91b4236a7d89"}
    assert holding["percentage"] == {"50"}
    top = entity(parsed, "bods-2670f25aee62-shareholding")
    assert top["owner"] == {"bods-91b4236a7d89"} and top["asset"] == {"bods-31c55e425764"}
    assert entity(parsed, "bods-31c55e425764")["registrationNumber"] == {"07444723"}
    assert entity(parsed, "bods-91b4236a7d89")["classification"] == {"arrangement"}


def test_latest_statement_of_a_record_wins(folder: ParsedList) -> None:
    record = latest(load("tecido.json"))["022EBEB66B"]
    shares = {i["share"]["exact"] for i in record["recordDetails"]["interests"] if "share" in i}
    holding = entity(folder, "bods-022EBEB66B-shareholding")
    assert holding["percentage"] == {str(s) for s in shares} == {"30"}


def test_share_ranges_read_as_percentage_forms(folder: ParsedList) -> None:
    pep = [
        st
        for st in folder.statements
        if st.entity_id == "bods-91e4b9055ca0-shareholding" and st.prop == "percentage"
    ]
    assert [st.value for st in pep] == ["at least 25% but less than 50%"]
    assert json.loads(pep[0].original_value or "") == {"minimum": 25, "exclusiveMaximum": 50}
    assert entity(folder, "bods-331342ec3940-shareholding")["percentage"] == {
        "more than 25% but less than 50%"
    }


def test_control_and_indirect_interests(folder: ParsedList) -> None:
    voting = entity(folder, "bods-02089A4E68-votingRights")
    assert voting["role"] == {"votingRights 80% (majority of voting rights)"}
    assert entity(folder, "bods-91e4b9055ca0-votingRights")["role"] == {
        "votingRights at least 25% but less than 50%"
    }
    indirect = entity(folder, "bods-e8ddaee2a7a4-shareholding")
    assert indirect["role"] == {"indirect shareholding 100%"}
    assert "percentage" not in indirect  # an UnknownLink: never summed by the 50% rule


def test_person_details_and_pep(folder: ParsedList) -> None:
    person = entity(folder, "bods-9bcdcc85e803")
    assert person["name"] == {"Michael Hubbard"}
    assert person["topics"] == {"role.pep"}
    assert person["position"] == {"Member of Parliament"}


def test_undisclosed_party_is_a_note(folder: ParsedList) -> None:
    notes = entity(folder, "bods-4c7ea3bfbe6c")["notes"]
    assert any("subjectExemptFromDisclosure" in n and "stock exchange" in n for n in notes)


def test_closed_relationship_keeps_end(folder: ParsedList) -> None:
    closed = [
        st
        for st in load("fermcat.json")
        if st["recordType"] == "relationship" and st["recordStatus"] == "closed"
    ]
    for st in closed:
        found = entity(folder, f"bods-{st['recordId']}-shareholding")
        assert found["status"] == {"closed"}
        assert found["endDate"] == {st["recordDetails"]["interests"][0]["endDate"]}


def test_source_record_is_the_statement_line(folder: ParsedList) -> None:
    lines = (FOLDER / "tecido.json").read_text(encoding="utf-8").splitlines()
    refs = {st.source_record for st in folder.statements if st.entity_id == "bods-01B68D7633"}
    assert len(refs) == 1
    name, line = refs.pop().split(":")
    assert name == "tecido.json" and lines[int(line) - 1].strip() == "{"
    assert "crxpru319949212398855320030147004728" in lines[int(line)]


def test_json_lines_and_detection(tmp_path: Path) -> None:
    path = tmp_path / "statements.jsonl"
    path.write_text("\n".join(json.dumps(s) for s in load("joint-ownership.json")) + "\n")
    assert [line for line, _ in json_records(path)] == list(range(1, 8))
    source, _ = detect_source(path)
    assert source.NAME == "bods-0.4-v1"
    assert len(parse_list(path).statements) == len(
        BodsJson().parse(FOLDER / "joint-ownership.json").statements
    )
    assert detect_source(FOLDER)[0].NAME == "bods-0.4-v1"


def bad(tmp_path: Path, statements: list[Any] | str) -> InvalidInput:
    path = tmp_path / "bad.json"
    text = statements if isinstance(statements, str) else json.dumps(statements, indent=2)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidInput) as err:
        BodsJson().parse(path)
    assert err.value.file == str(path)
    return err.value


def test_broken_json_names_the_line(tmp_path: Path) -> None:
    lines = [json.dumps(s) for s in load("joint-ownership.json")]
    lines[3] = lines[3][:-5]
    err = bad(tmp_path, "\n".join(lines))
    assert err.line == 4 and "broken JSON" in err.reason


def test_unknown_party_is_refused(tmp_path: Path) -> None:
    data = load("joint-ownership.json")
    data[5]["recordDetails"]["interestedParty"] = "nobody"
    err = bad(tmp_path, data)
    assert err.field == "recordDetails.interestedParty" and "nobody" in err.reason
    text = json.dumps(data, indent=2).splitlines()
    assert text[err.line - 1 if err.line else 0].strip() == "{"


@pytest.mark.parametrize("share", [{"exact": "lots"}, {"exact": 150}, {"minimum": -1}, "half"])
def test_unreadable_share_is_refused(tmp_path: Path, share: Any) -> None:
    data = load("joint-ownership.json")
    data[5]["recordDetails"]["interests"][0]["share"] = share
    err = bad(tmp_path, data)
    assert err.field is not None and err.field.startswith("recordDetails.interests[0].share")


def test_unknown_record_type(tmp_path: Path) -> None:
    data = load("joint-ownership.json")
    data[0]["recordType"] = "company"
    assert bad(tmp_path, data).field == "recordType"


def test_every_percentage_reads_for_the_ownership_rule(folder: ParsedList) -> None:
    shares = [st.value for st in folder.statements if st.prop == "percentage"]
    assert shares and all(not parse_percentage(s).unknown for s in shares)


def test_statements_carry_the_list_dataset_and_version(folder: ParsedList) -> None:
    assert {st.dataset for st in folder.statements} == {folder.dataset}
    versions = {st.list_version for st in folder.statements}
    assert max(versions) == folder.version
