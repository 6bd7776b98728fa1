"""The CSL's JSON form gives the same statements as its CSV form for the same records.

The JSON is written here from the real 2022 CSV slice, in trade.gov's JSON shape:
lists for the "; "-joined columns, objects for addresses and ids.
"""

from __future__ import annotations

import csv
import gzip
import json
import re
from collections import defaultdict
from pathlib import Path

import pytest

from moneytrail.errors import InvalidInput
from moneytrail.sources import ParsedList, detect_source
from moneytrail.sources.us_csl import UsConsolidatedScreeningList

SLICE = (
    Path(__file__).parent.parent / "fixtures" / "us_trade_csl_2022_slice" / "consolidated.csv.gz"
)
LISTS = ("programs", "alt_names", "citizenships", "dates_of_birth", "nationalities",
         "places_of_birth")  # fmt: skip
Fact = tuple[str, str, str, str | None]


def _items(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


def _address(item: str) -> dict[str, str | None]:
    head, _, last = item.rpartition(", ")
    if re.fullmatch(r"[A-Z]{2}", last):
        return {"address": head or None, "city": None, "state": None, "postal_code": None,
                "country": last}  # fmt: skip
    return {"address": item, "city": None, "state": None, "postal_code": None, "country": None}


def _id(item: str) -> dict[str, str | None]:
    parts = item.split(", ")
    country = parts[0] if len(parts) > 2 and re.fullmatch(r"[A-Z]{2}", parts[0]) else None
    number = ", ".join(parts[1 if country else 0 : -1]) or None
    return {"type": parts[-1], "number": number, "country": country,
            "issue_date": None, "expiration_date": None}  # fmt: skip


def csv_to_json(rows: list[dict[str, str]]) -> dict[str, object]:
    results: list[dict[str, object]] = []
    for row in rows:
        record: dict[str, object] = {k: (v or None) for k, v in row.items()}
        for column in LISTS:
            record[column] = _items(row[column])
        record["addresses"] = [_address(a) for a in _items(row["addresses"])]
        record["ids"] = [_id(i) for i in _items(row["ids"])]
        results.append(record)
    return {"total": len(results), "results": results, "sources_used": []}


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    with gzip.open(SLICE, "rt", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def facts(parts: list[ParsedList]) -> dict[str, set[Fact]]:
    by_entity: dict[str, set[Fact]] = defaultdict(set)
    for part in parts:
        for st in part.statements:
            by_entity[st.entity_id].add((part.dataset, st.prop, st.value, st.original_value))
    return by_entity


@pytest.mark.parametrize("suffix", [".json", ".json.gz"])
def test_json_gives_the_csv_statements_per_entity(
    rows: list[dict[str, str]], tmp_path: Path, suffix: str
) -> None:
    data = json.dumps(csv_to_json(rows), indent=2).encode()
    path = tmp_path / f"consolidated{suffix}"
    path.write_bytes(gzip.compress(data) if suffix.endswith(".gz") else data)
    source, _ = detect_source(path)
    assert source.NAME == "us-trade-csl-v1"
    from_csv = facts(UsConsolidatedScreeningList().parse_all(SLICE))
    from_json = facts(UsConsolidatedScreeningList().parse_all(path))
    assert len(from_json) == len(from_csv) > 77  # entries plus their Sanctions
    assert from_json == from_csv
    ids = {f for fs in from_json.values() for f in fs if f[1] == "registrationNumber"}
    uscc = "CN, 91110000MA005UCQ5P, Unified Social Credit Code (USCC)"
    assert any(f[2] == "91110000MA005UCQ5P" and f[3] == uscc for f in ids)


def test_id_dates_are_kept_in_the_note(rows: list[dict[str, str]], tmp_path: Path) -> None:
    doc = csv_to_json(rows[:1])
    record = doc["results"][0]  # type: ignore[index]
    record["ids"] = [{"type": "Passport", "number": "X123", "country": "IR",
                      "issue_date": "2010-01-02", "expiration_date": "2020-01-01"}]  # fmt: skip
    record["type"] = "Individual"
    path = tmp_path / "one.json"
    path.write_text(json.dumps(doc))
    statements = UsConsolidatedScreeningList().parse(path).statements
    notes = {st.value for st in statements if st.prop == "notes"}
    assert "IR, 2010-01-02, 2020-01-01, X123, Passport" in notes
    assert {st.value for st in statements if st.prop == "passportNumber"} == {"X123"}


def test_a_record_without_a_name_is_refused_with_its_position(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    records = [{"_id": "1", "source": "Entity List (EL) - Bureau of Industry and Security",
                "name": "ACME", "alt_names": []},
               {"_id": "2", "source": "Entity List (EL) - Bureau of Industry and Security",
                "name": None, "alt_names": []}]  # fmt: skip
    path.write_text(json.dumps({"results": records, "total": 2}))
    with pytest.raises(InvalidInput) as err:
        UsConsolidatedScreeningList().parse(path, version="2022-04-21")
    assert err.value.line == 2 and err.value.field == "name"


def test_other_json_is_not_taken_for_the_csl(tmp_path: Path) -> None:
    path = tmp_path / "other.json"
    path.write_text(json.dumps({"results": [{"id": "x", "caption": "y"}], "total": 1}))
    assert not UsConsolidatedScreeningList.detect(path)
