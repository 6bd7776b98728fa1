"""The typed explanation prints exactly the JSON the contracts fix, and reads it back."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from moneytrail.screening import DEFAULT_THRESHOLD, Explanation, Query, ScreenConfig, Screener
from moneytrail.screening.feature_list import FEATURES

GOLDEN = Path(__file__).resolve().parents[1] / "fixtures" / "screen_v1_golden" / "pairs.json"
# A bech32 address OFAC lists for ofac-38420 (see test_wallets.py).
NIKAEEN_XBT = "bc1qsxf77cvwcd6jv6j8d8j3uhh4g0xqw4meswmwuc"


def test_golden_explanations_read_back_byte_for_byte() -> None:
    """Every explanation the old scorer printed survives from_dict / as_dict unchanged,
    key order included (what an alert stores and a batch record carries)."""
    pairs: list[dict[str, Any]] = json.loads(GOLDEN.read_text(encoding="utf-8"))
    for pair in pairs:
        printed = pair["explanation"]
        typed = Explanation.from_dict(printed)
        assert json.dumps(typed.as_dict()) == json.dumps(printed)


def test_explanation_fields_are_typed(screener: Screener) -> None:
    record = {
        "id": "c1",
        "schema": "Person",
        "properties": {"name": ["Kassim Tajideen"], "birthDate": ["1955-03-21"]},
    }
    (match, *_) = screener.screen(Query.from_record(record), ScreenConfig())
    why = match.explanation
    assert match.entry.id == "ofac-11494" and why.algorithm == "screen-v1"
    assert why.name.comparison is not None and why.name.comparison.method == "tokens"
    assert why.features["birthDate"].detail == "same date"
    order = [f.key for f in FEATURES]
    assert list(why.features) == sorted(why.features, key=order.index)
    contributions = why.contributions()
    assert next(iter(contributions)) == "name" and contributions["birthDate"] == 0.25
    assert why.statements()[0] == why.name.statement
    assert why.entry_digest == match.entry.digest


def test_wallet_explanation_keeps_its_shape(screener: Screener) -> None:
    query = Query.from_record(
        {"id": "w", "schema": "CryptoWallet", "properties": {"publicKey": [NIKAEEN_XBT]}}
    )
    (match,) = screener.screen(query, ScreenConfig())
    printed = match.as_record(DEFAULT_THRESHOLD)["explanation"]
    assert list(printed) == [
        "algorithm", "name", "features", "wallet",
        "common_name_ceiling", "list_versions", "entry_digest",
    ]  # fmt: skip
    assert list(printed["name"]) == ["query", "list", "contribution", "detail"]
    assert match.explanation.wallet is not None
    assert printed["wallet"]["publicKey"] == match.explanation.wallet.public_key == NIKAEEN_XBT
    assert Explanation.from_dict(printed) == match.explanation
