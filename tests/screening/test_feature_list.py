"""The feature list is the scorer's whole configuration: every weight in it, none beside it."""

from __future__ import annotations

import ast
import inspect

import pytest
from pytest import MonkeyPatch

from moneytrail.screening import Query, Screener, features, scorer
from moneytrail.screening.feature_list import BY_KEY, EVIDENCE, FEATURES, NAME, label
from moneytrail.screening.index import NAME_STRENGTH
from moneytrail.screening.scorer import QuerySide, Scored, evaluate

FEATURE_PREFIXES = ("DOB_", "COUNTRY_", "GENDER_", "IDENTIFIER_", "LEGAL_FORM_")


def _weight_constants() -> dict[str, float]:
    """features.py's module-level weight assignments, read from its source."""
    tree = ast.parse(inspect.getsource(features))
    out: dict[str, float] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            name = node.targets[0].id
            if name.startswith(FEATURE_PREFIXES):
                out[name] = float(getattr(features, name))
    return out


def test_every_weight_of_features_py_is_listed_with_its_value() -> None:
    listed = {w.constant: w.value for f in EVIDENCE for w in f.weights}
    constants = _weight_constants()
    assert len(constants) >= 15
    for name, value in constants.items():
        if name == "DOB_NEAR_YEAR_ONLY":  # an alias of DOB_WITHIN_YEAR
            assert value == listed["DOB_WITHIN_YEAR"]
            continue
        assert listed.get(name) == value, name
    for name, value in listed.items():
        if name.isidentifier():
            assert getattr(features, name) == value, name


def test_name_strengths_are_the_index_s() -> None:
    assert {w.constant: w.value for w in NAME.weights} == {
        f'NAME_STRENGTH["{prop}"]': strength for prop, strength in NAME_STRENGTH.items()
    }
    assert all(w.factor for w in NAME.weights)


def test_each_feature_is_documented_and_named_once() -> None:
    assert FEATURES[0] is NAME and FEATURES[1:] == EVIDENCE
    assert len(BY_KEY) == len(FEATURES)
    for f in FEATURES:
        assert f.description and f.description[0].isupper() and f.description.endswith(".")
        assert "\n" not in f.description
        assert f.weights and f.weight == f.weights[0].value
    assert {f.key for f in FEATURES if f.corroborates} == {"birthDate", "identifier"}
    assert label("birthDate") == "birth date" and label("unknown") == "unknown"


def _evaluate(
    screener: Screener, entry_id: str, schema: str, props: dict[str, list[str]]
) -> Scored:
    query = Query.from_record({"id": "c", "schema": schema, "properties": props})
    forms = screener.forms(query)
    entry = next(e for e in screener.index.entries if e.id == entry_id)
    names = [screener.index.names[n] for n in entry.names]
    scored = evaluate(QuerySide(query, forms, screener.weight_for(forms[0])), entry, names)
    assert scored is not None
    return scored


def test_features_report_under_their_own_key(screener: Screener) -> None:
    """Each function's result carries its feature's key, in list order (real entries)."""
    # ofac-2686: Hasan NASRALLAH, male, born 1960-08-31 (and other years), LB, passport 042833.
    props = {
        "name": ["Hasan Nasrallah"],
        "birthDate": ["1960-08-31"],
        "nationality": ["lb"],
        "gender": ["female"],
        "passportNumber": ["042833"],
    }
    scored = _evaluate(screener, "ofac-2686", "Person", props)
    assert scored.name.name == "name"
    assert [f.key for f, _ in scored.evidence] == ["birthDate", "country", "gender", "identifier"]
    assert all(r.name == f.key for f, r in scored.evidence)
    company = _evaluate(screener, "ofac-12452", "Company", {"name": ["Tajco Ltd"]})
    assert [(f.key, r.name) for f, r in company.evidence] == [("legalForm", "legalForm")]


def test_the_scorer_iterates_the_list(screener: Screener, monkeypatch: MonkeyPatch) -> None:
    """Take a feature out of the list and the scorer no longer adds it: no hidden calls."""
    props = {"name": ["Hasan Nasrallah"], "gender": ["female"]}
    before = _evaluate(screener, "ofac-2686", "Person", props)
    monkeypatch.setattr(scorer, "EVIDENCE", tuple(f for f in EVIDENCE if f.key != "gender"))
    after = _evaluate(screener, "ofac-2686", "Person", props)
    assert [f.key for f, _ in before.evidence] == ["gender"]
    assert after.evidence == ()
    assert after.raw == pytest.approx(before.raw - features.GENDER_MISMATCH)
    assert "gender" not in after.explanation().features
