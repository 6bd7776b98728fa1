"""The Australia DFAT Consolidated List parser, on a slice of the real 2024-11 xlsx.

Expected counts come from reading the fixture with openpyxl here (the parser uses
python-calamine), grouping rows by the number of their Reference.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import openpyxl  # type: ignore[import-untyped]
import pytest

from moneytrail.errors import InvalidInput
from moneytrail.sources import ParsedList, detect_source
from moneytrail.sources.au_dfat import AuDfatConsolidatedXlsx
from moneytrail.store.schema import ENTRY_SCHEMATA

SLICE = (
    Path(__file__).parent.parent
    / "fixtures"
    / "au_dfat_2024_slice"
    / "regulation8_consolidated.xlsx"
)


def plain_rows() -> list[dict[str, object]]:
    wb = openpyxl.load_workbook(SLICE, read_only=True, data_only=True)
    rows = list(wb.worksheets[0].iter_rows(values_only=True))
    wb.close()
    header = [str(c) for c in rows[0]]
    return [dict(zip(header, r, strict=False)) for r in rows[1:] if any(r)]


def party(row: dict[str, object]) -> str:
    ref = row["Reference"]
    text = str(int(ref)) if isinstance(ref, (int, float)) else str(ref)
    match = re.match(r"\d+", text.strip())
    assert match is not None
    return match[0]


@pytest.fixture(scope="module")
def parsed() -> ParsedList:
    return AuDfatConsolidatedXlsx().parse(SLICE)


def test_one_entity_per_reference_number(parsed: ParsedList) -> None:
    rows = plain_rows()
    entities = {st.entity_id for st in parsed.statements if st.schema in ENTRY_SCHEMATA}
    assert entities == {f"au-dfat-{party(r)}" for r in rows}
    people = {f"au-dfat-{party(r)}" for r in rows if str(r["Type"]).strip().lower() == "individual"}
    assert {st.entity_id for st in parsed.statements if st.schema == "Person"} == people
    dates = [r["Control Date"] for r in rows]
    assert parsed.version == max(d.date() for d in dates if isinstance(d, datetime)).isoformat()


def test_names_agree_with_a_plain_read(parsed: ParsedList) -> None:
    rows = plain_rows()
    names = {(st.entity_id, st.value) for st in parsed.statements if st.prop == "name"}
    primaries = {party(r) for r in rows if str(r["Name Type"]).strip().lower() == "primary name"}
    assert {e for e, _ in names} == {f"au-dfat-{p}" for p in primaries}
    every = {(f"au-dfat-{party(r)}", " ".join(str(r["Name of Individual or Entity"]).split()))
             for r in rows}  # fmt: skip
    named = {(st.entity_id, st.value) for st in parsed.statements
             if st.prop in ("name", "alias", "previousName")}  # fmt: skip
    assert named == every
    previous = [st for st in parsed.statements if st.prop == "previousName"]
    assert len(previous) == sum(
        1 for r in rows if str(r["Name Type"]).strip().lower() == "formerly known as"
    )


def test_birth_dates_cover_every_person_that_has_one(parsed: ParsedList) -> None:
    people = [r for r in plain_rows() if str(r["Type"]).strip().lower() == "individual"]
    with_dob = {f"au-dfat-{party(r)}" for r in people if r["Date of Birth"]}
    dated = {st.entity_id for st in parsed.statements if st.prop == "birthDate"}
    noted = {st.entity_id for st in parsed.statements
             if st.prop == "notes" and st.value.startswith("Date of birth")}  # fmt: skip
    assert dated | noted == with_dob
    assert len(dated) > 0.9 * len(with_dob)


def test_detection_and_a_bad_reference(tmp_path: Path) -> None:
    assert detect_source(SLICE)[0].NAME == "au-dfat-xlsx-v1"
    wb = openpyxl.load_workbook(SLICE)
    wb.worksheets[0]["A3"] = "x-1"
    bad = tmp_path / "regulation8_consolidated.xlsx"
    wb.save(bad)
    with pytest.raises(InvalidInput) as err:
        AuDfatConsolidatedXlsx().parse(bad)
    assert err.value.line == 3 and err.value.field == "Reference"
