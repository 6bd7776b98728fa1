"""The variation pack: reproducible, every kind made, each a real variation of its name."""

from __future__ import annotations

import re
from collections import Counter

import pyarrow as pa
from rapidfuzz.distance import OSA

from moneytrail.model.statement import STATEMENT_COLUMNS
from moneytrail.names import detect_script
from moneytrail.screening import Screener
from moneytrail.screening.index import ListIndex
from moneytrail.sources import parse_list
from moneytrail.validation.pack import (
    ADDED_FORMS,
    KINDS,
    PARTICLES,
    Variation,
    generate_pack,
    held_out,
    natural_words,
)
from tests.conftest import FIXTURES


def test_same_seed_same_pack_other_seed_other_pack(bundled_screener: Screener) -> None:
    index = bundled_screener.index
    first = generate_pack(index, seed=7, per_kind=20)
    again = generate_pack(index, seed=7, per_kind=20)
    other = generate_pack(index, seed=8, per_kind=20)
    assert [v.as_json() for v in first] == [v.as_json() for v in again]
    assert [v.held_out for v in first] == [v.held_out for v in again]
    assert {v.variant for v in first} != {v.variant for v in other}


def test_every_kind_is_made_up_to_the_sample(bundled_screener: Screener) -> None:
    pack = generate_pack(bundled_screener.index, seed=1, per_kind=15)
    assert Counter(v.kind for v in pack) == {kind: 15 for kind in KINDS}
    assert len({v.id for v in pack}) == len(pack)


def _words(text: str) -> list[str]:
    return re.split(r"[\s\-]+", text.replace(",", " ").strip())


def _is_real(v: Variation, entry_names: set[str]) -> bool:
    """The rule each kind promises, checked on the strings alone."""
    src, var = v.source, v.variant
    natural = natural_words(src, v.schema)
    checks = {
        "typo": lambda: OSA.distance(src, var) == 1,
        "transliteration": lambda: (
            var.lower() != src.lower() and len(var.split()) == len(src.split())
        ),
        "word_order": lambda: var.split() == list(reversed(natural)),
        "initials": lambda: (
            sum(a != b for a, b in zip(natural, var.split(), strict=True)) == 1
            and all(b == a or b == a[0] + "." for a, b in zip(natural, var.split(), strict=True))
        ),
        "dropped_particle": lambda: (
            not (Counter(var.split()) - Counter(_words(src)))
            and all(
                w.lower().strip(".'") in PARTICLES
                for w in (Counter(_words(src)) - Counter(var.split()))
            )
        ),
        "dropped_surname": lambda: (
            not (Counter(var.split()) - Counter(natural)) and len(var.split()) == len(natural) - 1
        ),
        "legal_form": lambda: (
            (var.startswith(src) and var[len(src) + 1 :] in ADDED_FORMS)
            or (var in src and len(var) < len(src))
        ),
        "held_out_alias": lambda: var in entry_names and var != src,
        "script": lambda: var in entry_names and detect_script(var) not in ("Latin", "Unknown"),
    }
    return checks[v.kind]()


def test_each_variation_is_a_real_variation_of_its_source(bundled_screener: Screener) -> None:
    index = bundled_screener.index
    by_id = {e.id: e for e in index.entries}
    pack = generate_pack(index, seed=3, per_kind=25)
    for v in pack:
        names = {index.names[n].text for n in by_id[v.entry_id].names}
        assert v.source in names, v
        assert v.variant != v.source, v
        assert _is_real(v, names), v


def test_held_out_names_leave_the_index_and_come_back(bundled_screener: Screener) -> None:
    index = bundled_screener.index
    pack = [v for v in generate_pack(index, seed=1, per_kind=10) if v.held_out]
    assert {v.kind for v in pack} == {"held_out_alias", "script"}
    before = {k: list(p) for k, p in index.postings.items()}
    names_before = [list(e.names) for e in index.entries]
    with held_out(index, pack):
        gone = {n for v in pack for n in v.held_out}
        assert not gone & {n for e in index.entries for n in e.names}
        assert not any(gone & set(p) for p in index.postings.values())
    assert {k: list(p) for k, p in index.postings.items()} == before
    assert [list(e.names) for e in index.entries] == names_before


def test_pack_does_not_depend_on_the_order_statements_arrive_in() -> None:
    """The store returns statements in no promised order: the same lists, read in
    reverse, give the same pack for the same seed."""
    statements = [
        st.as_row()
        for path in (FIXTURES / "un_sc_slice", FIXTURES / "ofac_sdn_2024-05_slice")
        for st in parse_list(path).statements
    ]
    schema = pa.schema([(c, pa.string()) for c in STATEMENT_COLUMNS])
    forward = ListIndex.from_statements(pa.Table.from_pylist(statements, schema=schema))
    backward = ListIndex.from_statements(pa.Table.from_pylist(statements[::-1], schema=schema))
    one = generate_pack(forward, seed=11, per_kind=5)
    other = generate_pack(backward, seed=11, per_kind=5)
    assert len(one) > 20
    assert [v.as_json() for v in one] == [v.as_json() for v in other]
