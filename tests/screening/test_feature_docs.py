"""docs/screening.md's feature tables are the feature list: a changed weight fails until
the page is regenerated (python -m moneytrail.screening.feature_docs docs/screening.md)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from moneytrail.errors import ConfigError
from moneytrail.screening import feature_docs
from moneytrail.screening.feature_list import EVIDENCE, FEATURES, NAME, Weight

DOC = Path(__file__).resolve().parents[2] / "docs" / "screening.md"


def test_docs_screening_md_holds_the_current_feature_tables() -> None:
    page = DOC.read_text(encoding="utf-8")
    assert feature_docs.updated(page) == page, (
        "docs/screening.md is out of date: run python -m moneytrail.screening.feature_docs"
    )
    assert feature_docs.render() in page


def test_every_feature_and_weight_has_a_row() -> None:
    block = feature_docs.render()
    for f in FEATURES:
        assert f"| `{f.key}` |" in block and f.description in block
        for w in f.weights:
            assert f"`{w.constant}`" in block
    assert "| birth date | +0.25 | `DOB_EXACT` |" in block
    assert '| name | x 0.80 | `NAME_STRENGTH["weakAlias"]` |' in block
    assert "raw = name x strength + birthDate + country + gender + identifier + legalForm" in block


def test_a_changed_weight_makes_the_page_stale(tmp_path: Path) -> None:
    page = DOC.read_text(encoding="utf-8")
    changed = list(EVIDENCE)
    changed[0] = replace(changed[0], weights=(Weight("DOB_EXACT", 0.3, "the same full date"),))
    assert feature_docs.updated(page, (NAME, *changed)) != page
    stale = tmp_path / "screening.md"
    stale.write_text(page.replace("| +0.25 | `DOB_EXACT`", "| +0.30 | `DOB_EXACT`"), "utf-8")
    assert feature_docs.main(["--check", str(stale)]) == 1
    assert feature_docs.main([str(stale)]) == 0
    assert stale.read_text(encoding="utf-8") == page


def test_a_page_without_the_block_is_refused() -> None:
    with pytest.raises(ConfigError, match="no feature block"):
        feature_docs.updated("# Screening\n")
