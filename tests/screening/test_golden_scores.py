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
from moneytrail.screening.scorer import QuerySide, evaluate, score_entry
from moneytrail.store import Store

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
    pair: dict[str, Any],
    screener: Screener,
    entries: dict[str, Entry],
    stated: dict[str, tuple[str, str]],
) -> None:
    query = Query.from_record(pair["query"])
    entry = entries[pair["entry"]]
    names = [screener.index.names[n] for n in entry.names]
    forms = screener.forms(query)
    rarity = screener.index.token_rarity
    if pair["raw"] is None:  # no name: the identifier alone scores
        assert not forms
        match = score_entry(QuerySide(query, forms, lambda _word: 1.0, rarity), entry, names)
    else:
        scored = evaluate(
            QuerySide(query, forms, screener.weight_for(forms[0]), rarity), entry, names
        )
        assert scored is not None
        assert scored.raw == pair["raw"]
        match = scored.match()
    assert match is not None
    assert match.score == pair["score"]
    record = match.as_record(0.70)
    assert record["score"] == pair["score"]
    assert json.dumps(_cited(record["explanation"], stated)) == json.dumps(
        _cited(pair["explanation"], stated)
    )


@pytest.fixture(scope="module")
def stated(bundled_store_path: Path) -> dict[str, tuple[str, str]]:
    """Statement id -> (property, value), for every statement of the bundled lists."""
    with Store(bundled_store_path, read_only=True) as store:
        rows = store.engine.rows("SELECT id, prop, value FROM statements")
    return {str(i): (str(p), str(v)) for i, p, v in rows}


def _cited(explanation: Any, values: dict[str, tuple[str, str]]) -> Any:
    """The explanation as evidence: cited statements by what they state, and the best
    name by how it scored rather than which of equally scoring names it was.

    A list often states one value twice (the SDN and the consolidated list), and an
    entry often has several names that score alike ("REHMAN, Abdul" and "RAHMAN, Abdur"
    for "Abdul Rahman"); which one is cited depends only on the order in which the
    index reads statements, which is now fixed (screening/service._listed_statements,
    primary name first) and differs from the store order the golden file was written
    from (and so which of several countries, or which property stating one, comes
    first). Scores, contributions and the evidence's values must still agree exactly.
    """
    if isinstance(explanation, dict):
        out = {k: _cited(v, values) for k, v in explanation.items()}
        if isinstance(out.get("statement"), str):  # what it states, not which statement
            out["statement"] = values.get(out["statement"], ("", out["statement"]))[1]
        if isinstance(out.get("list"), str) and ", " in out["list"]:  # several values
            out["list"] = ", ".join(sorted(out["list"].split(", ")))
            out.pop("statement", None)  # the first of them, in the order read
        detail = out.get("detail")
        if isinstance(detail, str) and detail.startswith("same ") and " " not in detail[5:]:
            out["detail"] = "same identifier"  # an id stated as taxNumber and innCode alike
        if "list_prop" in out and "pairs" in out:  # the best name: keep how it scored
            for tied in ("list", "statement", "pairs", "unmatched_list", "list_prop"):
                out.pop(tied, None)
        return out
    if isinstance(explanation, list):
        return [_cited(v, values) for v in explanation]
    return explanation
