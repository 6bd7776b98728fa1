"""The match flag agrees with the score as printed (issue 16): never "0.7, match: false"."""

from __future__ import annotations

from moneytrail.screening import DEFAULT_THRESHOLD, Query, ScreenConfig, Screener
from moneytrail.screening.scorer import SCORE_DECIMALS

WIDE = ScreenConfig(limit=10, cutoff=0.3, threshold=DEFAULT_THRESHOLD)
# Evidence that adds up to the threshold in decimal but not in binary floating point:
# 1.0 - 0.35 + 0.05 is 0.7000000000000001, 0.95 - 0.25 is 0.7 only by luck.
DATES = ("1955-03-21", "1955", "1956-03-21", "1958-03-21", "1975-03-21", "1955-07-09")


def test_scores_are_what_is_printed_and_flag_follows(screener: Screener) -> None:
    seen = 0
    for name in screener.index.names[::97]:
        for dob in DATES:
            props = {"name": [name.text], "birthDate": [dob], "nationality": ["lb"]}
            query = Query.from_record({"id": "q", "schema": "Person", "properties": props})
            for match in screener.screen(query, WIDE):
                printed = match.as_record(WIDE.threshold)["score"]
                assert match.score == printed == round(match.score, SCORE_DECIMALS)
                # At a threshold equal to the printed score the flag must say match.
                assert match.as_record(printed)["match"] is True
                seen += 1
    assert seen > 500
