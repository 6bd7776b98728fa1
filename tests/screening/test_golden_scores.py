"""screen-v1 reproduces, to the last digit, the scores it gave before its features became data.

tests/fixtures/screen_v1_golden/pairs.json was written once by the scorer as it was
(see its PROVENANCE.txt): 217 (query, list entry) pairs of real list names, as written
and perturbed, over the bundled lists. Each is scored again here against every name of
the entry (so candidate selection, which may change, plays no part) and must give the
same evidence sum, the same printed score and the same explanation, float for float.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from moneytrail.screening import Query, Screener
from moneytrail.screening.index import Entry
from moneytrail.screening.scorer import evaluate, score_entry

GOLDEN = Path(__file__).resolve().parents[1] / "fixtures" / "screen_v1_golden" / "pairs.json"
PAIRS: list[dict[str, Any]] = json.loads(GOLDEN.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def entries(screener: Screener) -> dict[str, Entry]:
    return {e.id: e for e in screener.index.entries}


def test_the_golden_set_covers_every_feature_and_rule() -> None:
    """The pairs exercise each feature, the ceiling and identifier-only queries."""
    seen = {key for p in PAIRS for key in p["explanation"]["features"]}
    assert seen == {"birthDate", "country", "gender", "identifier", "legalForm"}
    assert sum(p["explanation"]["common_name_ceiling"] for p in PAIRS) >= 10
    assert sum(p["raw"] is None for p in PAIRS) >= 10  # identifier-only queries
    assert len(PAIRS) >= 200
    assert len({(p["query"]["id"], p["entry"]) for p in PAIRS}) == len(PAIRS)


@pytest.mark.parametrize("pair", PAIRS, ids=lambda p: f"{p['query']['id']}>{p['entry']}")
def test_scores_are_reproduced_exactly(
    pair: dict[str, Any], screener: Screener, entries: dict[str, Entry]
) -> None:
    query = Query.from_record(pair["query"])
    entry = entries[pair["entry"]]
    names = [screener.index.names[n] for n in entry.names]
    forms = screener.forms(query)
    rarity = screener.index.token_rarity
    if pair["raw"] is None:  # no name: the identifier alone scores
        assert not forms
        match = score_entry(query, forms, entry, names, lambda _word: 1.0, rarity)  # no words
    else:
        scored = evaluate(query, forms, entry, names, screener.weight_for(forms[0]), rarity)
        assert scored is not None
        assert scored.raw == pair["raw"]
        match = scored.match()
    assert match is not None
    assert match.score == pair["score"]
    record = match.as_record(0.70)
    assert record["score"] == pair["score"]
    assert json.dumps(record["explanation"]) == json.dumps(pair["explanation"])
