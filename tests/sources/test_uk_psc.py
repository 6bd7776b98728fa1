"""Companies House PSC snapshot and basic company data, on real records.

Expected counts come from reading the JSON and CSV here with the standard library.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from moneytrail.errors import InvalidInput
from moneytrail.graph.percent import UNIT, parse_percentage
from moneytrail.sources import ParsedList, detect_source
from moneytrail.sources.uk_psc import UkPsc, company_number

FOLDER = Path(__file__).parent.parent / "fixtures" / "uk_psc_samples"


def psc_lines() -> list[dict[str, Any]]:
    return [r for f in sorted(FOLDER.glob("psc-data-*.json")) for r in json.loads(f.read_text())]


@pytest.fixture(scope="module")
def parsed() -> ParsedList:
    return UkPsc().parse(FOLDER)


def entity(parsed: ParsedList, entity_id: str) -> dict[str, set[str]]:
    props: dict[str, set[str]] = {}
    for st in parsed.statements:
        if st.entity_id == entity_id:
            props.setdefault(st.prop, set()).add(st.value)
    return props


def schemas(parsed: ParsedList) -> dict[str, str]:
    return {st.entity_id: st.schema for st in parsed.statements}


def test_counts_match_the_snapshot(parsed: ParsedList) -> None:
    kinds = Counter(r["data"]["kind"] for r in psc_lines())
    assert sum(kinds.values()) == 35
    found = Counter(schemas(parsed).values())
    assert found["Person"] == kinds["individual-person-with-significant-control"] == 5
    legal = sum(n for k, n in kinds.items() if k.startswith("legal-person"))
    assert found["Organization"] == legal == 2
    shares = [
        r
        for r in psc_lines()
        if any("shares" in n for n in r["data"].get("natures_of_control", []))
    ]
    assert found["Ownership"] == len(shares)
    numbers = {r["company_number"] for r in psc_lines() if "company_number" in r}
    assert {f"gb-coh-{n}" for n in numbers} <= set(schemas(parsed))


def test_dataset_version_and_files(parsed: ParsedList) -> None:
    assert parsed.dataset == "gb_coh_psc" and parsed.source_format == "uk-psc-v1"
    assert parsed.version == max(r["ContentDate"] for r in psc_lines() if "ContentDate" in r)
    assert len(parsed.files) == len(list(FOLDER.glob("*.json"))) + 1


def test_individual_psc_and_share_band(parsed: ParsedList) -> None:
    person = entity(parsed, "gb-psc-55y0.U-Q2wwTXDXh6mmo0BJPpM8")
    assert person["name"] == {"Mr. Michael Stanley Bunyan"}
    assert person["birthDate"] == {"1957-10"} and person["nationality"] == {"gb"}
    share = [
        st
        for st in parsed.statements
        if st.entity_id == "gb-psc-55y0.U-Q2wwTXDXh6mmo0BJPpM8-shares" and st.prop == "percentage"
    ]
    assert [(s.value, s.original_value) for s in share] == [
        ("more than 25% but not more than 50%", "ownership-of-shares-25-to-50-percent")
    ]
    assert share[0].source_record == "psc-data-8.json:34"
    lines = (FOLDER / "psc-data-8.json").read_text().splitlines()
    assert lines[33].strip() == "{" and '"03136191"' in lines[34]


def test_uk_corporate_psc_joins_its_company(parsed: ParsedList) -> None:
    holding = entity(parsed, "gb-psc-m5XNR.-nKtmMDh9BkcfpD7Pzkic-shares")
    assert holding["owner"] == {"gb-coh-03530981"} and holding["asset"] == {"gb-coh-04120481"}
    assert holding["percentage"] == {"75% or more"}
    control = entity(parsed, "gb-psc-m5XNR.-nKtmMDh9BkcfpD7Pzkic-control")
    assert control["role"] == {
        "voting-rights-75-to-100-percent",
        "right-to-appoint-and-remove-directors",
    }
    assert entity(parsed, "gb-coh-03530981")["name"] == {"Clientlogic Holding Limited"}
    # Without a registration number the corporate PSC keeps its own id.
    assert schemas(parsed)["gb-psc-wvnck5c6qyZHeG02DZYH-0.dGYM"] == "Company"


def test_statements_and_super_secure_are_notes(parsed: ParsedList) -> None:
    notes = entity(parsed, "gb-coh-08209948")["notes"]
    assert any("no-individual-or-entity-with-signficant-control" in n for n in notes)
    assert any("super-secure" in n for n in entity(parsed, "gb-coh-02443921")["notes"])


def test_overseas_entity_owner(parsed: ParsedList) -> None:
    share = entity(parsed, "gb-psc-28NaTOioatSpvI7hNY3qz.fKYoI-shares")
    assert share["percentage"] == {"more than 25%"} and share["asset"] == {"gb-coh-OE031044"}


def test_wrapped_company_csv(parsed: ParsedList) -> None:
    company = entity(parsed, "gb-coh-08209948")
    assert company["name"] == {"! LTD"} and company["incorporationDate"] == {"2012-09-11"}
    assert company["status"] == {"Active"} and company["legalForm"] == {"Private Limited Company"}
    assert any("hard-wrapped" in n for n in parsed.notes)
    lines = (FOLDER / "basic-company-data-1.csv").read_text().splitlines()
    start = next(i for i, ln in enumerate(lines, start=1) if ln.startswith('"! LTD"'))
    refs = {
        st.source_record
        for st in parsed.statements
        if st.entity_id == "gb-coh-08209948" and st.prop == "name"
    }
    assert refs == {f"basic-company-data-1.csv:{start}"}
    rows = json.loads((FOLDER / "company-data-1.json").read_text())
    assert entity(parsed, f"gb-coh-{rows[1]['CompanyNumber']}")["name"] == {rows[1]["CompanyName"]}


def test_detection_and_single_files() -> None:
    assert detect_source(FOLDER)[0].NAME == "uk-psc-v1"
    single = UkPsc().parse(FOLDER / "psc-data-1.json")
    assert single.version == "2024-12-19"
    alone = UkPsc().parse(FOLDER / "basic-company-data-1.csv", version="2024-12-01")
    assert alone.version == "2024-12-01"
    assert company_number("3530981") == "03530981" and company_number("12-AB") is None


def bad(tmp_path: Path, text: str) -> InvalidInput:
    path = tmp_path / "psc-snapshot.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidInput) as err:
        UkPsc().parse(path)
    assert err.value.file == str(path)
    return err.value


def record(**data: Any) -> str:
    base = {"kind": "individual-person-with-significant-control", "name": "A B"}
    return json.dumps(
        {"company_number": "01234567", "data": base | data, "ContentDate": "2024-12-19"}
    )


def test_broken_json_line(tmp_path: Path) -> None:
    err = bad(tmp_path, record() + "\n" + record()[:-3] + "\n")
    assert err.line == 2


def test_unreadable_share_code(tmp_path: Path) -> None:
    err = bad(tmp_path, record() + "\n" + record(natures_of_control=["ownership-of-shares-most"]))
    assert err.line == 2 and err.field == "data.natures_of_control"


def test_unknown_kind_and_missing_company(tmp_path: Path) -> None:
    assert bad(tmp_path, record(kind="trustee-of-something")).field == "data.kind"
    no_company = json.dumps({"data": {"kind": "individual-person-with-significant-control"}})
    assert bad(tmp_path, no_company).field == "company_number"


def test_folder_copy_reads_the_same(tmp_path: Path) -> None:
    copy = tmp_path / "psc"
    shutil.copytree(FOLDER, copy)
    assert len(UkPsc().parse(copy).statements) == len(UkPsc().parse(FOLDER).statements)


def test_every_band_reads_for_the_ownership_rule(parsed: ParsedList) -> None:
    bands = {
        st.value: parse_percentage(st.value) for st in parsed.statements if st.prop == "percentage"
    }
    assert bands["more than 25% but not more than 50%"].strict
    assert bands["75% or more"].low == 75 * UNIT and not bands["75% or more"].strict


def test_statements_carry_the_list_dataset_and_version(parsed: ParsedList) -> None:
    assert {st.dataset for st in parsed.statements} == {parsed.dataset}
    versions = {st.list_version for st in parsed.statements}
    assert max(versions) == parsed.version
