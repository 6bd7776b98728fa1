"""The UK OFSI ConList CSV parser, on a slice of the real 27/04/2020 file.

Expected counts come from a plain csv read of the fixture here, not from the parser.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from moneytrail.errors import InvalidInput
from moneytrail.sources import ParsedList, detect_source
from moneytrail.sources.gb_ofsi_csv import GbOfsiConListCsv, uk_dmy
from moneytrail.store.schema import ENTRY_SCHEMATA

SLICE = Path(__file__).parent.parent / "fixtures" / "gb_ofsi_conlist_2020_slice" / "ConList.csv"


def plain_rows() -> list[dict[str, str]]:
    lines = SLICE.read_bytes().decode("cp1252").splitlines()[1:]
    return [{k: v.strip() for k, v in row.items()} for row in csv.DictReader(lines)]


@pytest.fixture(scope="module")
def parsed() -> ParsedList:
    return GbOfsiConListCsv().parse(SLICE)


def props(parsed: ParsedList, prop: str) -> set[tuple[str, str]]:
    return {(st.entity_id, st.value) for st in parsed.statements if st.prop == prop}


def test_one_entity_per_group_id(parsed: ParsedList) -> None:
    rows = plain_rows()
    entities = {st.entity_id for st in parsed.statements if st.schema in ENTRY_SCHEMATA}
    assert entities == {f"gb-hmt-{r['Group ID']}" for r in rows}
    people = {f"gb-hmt-{r['Group ID']}" for r in rows if r["Group Type"] == "Individual"}
    assert {st.entity_id for st in parsed.statements if st.schema == "Person"} == people
    assert parsed.dataset == "gb_hmt_ofsi"
    assert parsed.version == "2020-04-27"


def test_names_aliases_and_birth_dates_agree_with_a_plain_read(parsed: ParsedList) -> None:
    rows = plain_rows()

    def name(r: dict[str, str]) -> str:
        return " ".join(" ".join(r[f"Name {i}"] for i in range(1, 7) if r[f"Name {i}"]).split())

    primes: dict[str, str] = {}
    for r in rows:
        if r["Alias Type"] == "Prime Alias":
            primes.setdefault(r["Group ID"], name(r))
    assert props(parsed, "name") == {(f"gb-hmt-{g}", n) for g, n in primes.items()}
    # Every other name that is not an FKA is an alias (a group may have two primes).
    others = {(r["Group ID"], name(r)) for r in rows if r["Alias Type"] != "FKA"}
    others -= {(g, n) for g, n in primes.items()}
    assert len(props(parsed, "alias")) == len(others)
    fka = {(r["Group ID"], name(r)) for r in rows if r["Alias Type"] == "FKA"}
    assert len(props(parsed, "previousName")) == len(fka) > 0
    dobs = {(r["Group ID"], r["DOB"]) for r in rows if r["DOB"] and r["Group Type"] == "Individual"}
    assert len(props(parsed, "birthDate")) == len(dobs) > 0


def test_partial_dates() -> None:
    assert uk_dmy("00/00/1980") == "1980"
    assert uk_dmy("00/05/1980") == "1980-05"
    assert uk_dmy("17/08/1958") == "1958-08-17"
    assert uk_dmy("1958") is None


def test_sanction_has_regime_and_dates(parsed: ParsedList) -> None:
    row = plain_rows()[0]
    sanction = f"gb-hmt-{row['Group ID']}-sanction"
    values = {st.prop: st.value for st in parsed.statements if st.entity_id == sanction}
    assert values["program"] == row["Regime"]
    assert values["listingDate"] == uk_dmy(row["Listed On"])


def test_detection_and_a_bad_group_id(tmp_path: Path) -> None:
    assert detect_source(SLICE)[0].NAME == "gb-ofsi-conlist-csv-v1"
    raw = SLICE.read_bytes().decode("cp1252").splitlines()
    fields = next(csv.reader([raw[2]]))
    fields[-1] = "x12"
    bad = tmp_path / "ConList.csv"
    bad_line = ",".join(f'"{f}"' for f in fields)
    bad.write_bytes("\r\n".join([raw[0], raw[1], bad_line]).encode("cp1252"))
    with pytest.raises(InvalidInput) as err:
        GbOfsiConListCsv().parse(bad)
    assert err.value.line == 3 and err.value.field == "Group ID"
