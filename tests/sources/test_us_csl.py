"""The U.S. Consolidated Screening List parser, on a slice of a real 2022 file.

Expected counts come from a plain csv read of the fixture here, not from the parser.
"""

from __future__ import annotations

import csv
import gzip
from collections import Counter
from pathlib import Path

import pytest

from moneytrail.errors import InvalidInput
from moneytrail.services.lists import load_sources
from moneytrail.sources import ParsedList, detect_source, parse_list, parse_lists
from moneytrail.sources.us_csl import UsConsolidatedScreeningList, source_slug
from moneytrail.store import Store
from moneytrail.store.schema import ENTRY_SCHEMATA

SLICE = (
    Path(__file__).parent.parent / "fixtures" / "us_trade_csl_2022_slice" / "consolidated.csv.gz"
)


def plain_rows() -> list[dict[str, str]]:
    with gzip.open(SLICE, "rt", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def parts() -> list[ParsedList]:
    return UsConsolidatedScreeningList().parse_all(SLICE)


def entries(parsed: ParsedList) -> set[str]:
    return {st.entity_id for st in parsed.statements if st.schema in ENTRY_SCHEMATA}


def test_each_source_list_is_a_dataset_with_independent_counts(parts: list[ParsedList]) -> None:
    rows = plain_rows()
    expected: Counter[str] = Counter()
    seen: set[tuple[str, str]] = set()
    for row in rows:
        if (row["source"], row["_id"]) not in seen:
            seen.add((row["source"], row["_id"]))
            expected[source_slug(row["source"])] += 1
    got = {p.dataset: len(entries(p)) for p in parts}
    assert got == {f"us_trade_csl_{slug}": n for slug, n in expected.items()}
    assert len(got) == 13
    assert {p.version for p in parts} == {max(r["start_date"] for r in rows)}


def test_aliases_and_birth_dates_agree_with_a_plain_read(parts: list[ParsedList]) -> None:
    by_entry: dict[tuple[str, str], tuple[set[str], set[str]]] = {}
    for row in plain_rows():
        aliases, dobs = by_entry.setdefault((row["source"], row["_id"]), (set(), set()))
        aliases.update(a.strip() for a in row["alt_names"].split(";") if a.strip())
        dobs.update(d.strip() for d in row["dates_of_birth"].split(";") if d.strip())
    statements = [st for p in parts for st in p.statements]
    alias_facts = {(st.entity_id, st.value) for st in statements if st.prop == "alias"}
    assert len(alias_facts) == sum(len(a) for a, _ in by_entry.values())
    dob_sources = {(st.entity_id, st.original_value or st.value) for st in statements
                   if st.prop == "birthDate"}  # fmt: skip
    assert len(dob_sources) == sum(len(d) for _, d in by_entry.values())


def test_licence_terms_are_kept_on_the_sanction(parts: list[ParsedList]) -> None:
    entity_list = next(p for p in parts if p.dataset == "us_trade_csl_entity_list")
    row = next(r for r in plain_rows() if r["source"].startswith("Entity List"))
    sanction = f"us-csl-entity-list-{row['_id']}-sanction"
    props = {st.prop: st.value for st in entity_list.statements if st.entity_id == sanction}
    assert props["provisions"] == " ".join(row["license_requirement"].split())
    assert props["status"] == " ".join(row["license_policy"].split())
    assert props["reason"] == row["federal_register_notice"]
    assert props["startDate"] == row["start_date"]
    assert props["authority"] == "Bureau of Industry and Security"


def test_one_party_on_three_lists_is_an_entry_in_each(parts: list[ParsedList]) -> None:
    holders = sorted(p.dataset for p in parts if any(e.endswith("-18291") for e in entries(p)))
    assert holders == ["us_trade_csl_capta", "us_trade_csl_sdn", "us_trade_csl_ssi"]
    capta = next(p for p in parts if p.dataset == "us_trade_csl_capta")
    assert any("15268 repeated" in note for note in capta.notes)


def test_detected_and_loaded_as_thirteen_lists(tmp_path: Path) -> None:
    assert detect_source(SLICE)[0].NAME == "us-trade-csl-v1"
    assert parse_list(SLICE).dataset == "us_trade_csl"
    assert len(parse_lists(SLICE)) == 13
    with Store(tmp_path / "store.duckdb") as store:
        results = load_sources(store, SLICE)
        assert sorted(r.dataset for r in results) == sorted(p.dataset for p in parse_lists(SLICE))
        sdn = next(r for r in results if r.dataset == "us_trade_csl_sdn")
        assert sdn.entries == sum(
            1 for r in plain_rows() if r["source"].startswith("Specially Designated")
        )
        assert len(store.lists()) == 13


def test_a_row_without_a_name_is_refused_with_its_line(tmp_path: Path) -> None:
    rows = plain_rows()
    rows[3]["name"] = ""
    path = tmp_path / "csl.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    with pytest.raises(InvalidInput) as err:
        UsConsolidatedScreeningList().parse(path)
    assert err.value.line == 5 and err.value.field == "name"
