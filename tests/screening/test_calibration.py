"""Score calibration (issue 16): corroboration ranks above a name alone, nothing saturates."""

from __future__ import annotations

from moneytrail.screening import DEFAULT_THRESHOLD, Query, ScreenConfig, Screener
from moneytrail.screening.scorer import EXACT_NAME, calibrate

WIDE = ScreenConfig(limit=5, cutoff=0.3)


def test_calibration_keeps_every_decision_at_the_threshold() -> None:
    raws = [k / 100 for k in range(0, 200)]
    shown = [calibrate(r) for r in raws]
    assert shown == sorted(shown) and len(set(shown)) == len(shown)  # strictly monotone
    assert all(calibrate(r) == r for r in raws if r <= DEFAULT_THRESHOLD)
    assert all((calibrate(r) >= DEFAULT_THRESHOLD) == (r >= DEFAULT_THRESHOLD) for r in raws)
    assert calibrate(1.0) == EXACT_NAME and calibrate(10.0) <= 1.0


def test_corroborated_exact_name_ranks_above_the_name_alone(screener: Screener) -> None:
    """A listed person with birth date, nationality and passport number on the list."""
    entry = next(
        e
        for e in screener.index.entries
        if e.schema == "Person"
        and any(len(d) == 10 for d in e.birth_dates)
        and e.countries
        and any(p == "passportNumber" for p, _ in e.identifiers.values())
    )
    name = screener.index.names[entry.names[0]].text
    dob = next(d for d in entry.birth_dates if len(d) == 10)
    country = next(iter(entry.countries))
    passport = next(v for v, (p, _) in entry.identifiers.items() if p == "passportNumber")
    steps = [
        {"name": [name]},
        {"name": [name], "birthDate": [dob]},
        {"name": [name], "birthDate": [dob], "nationality": [country]},
        {
            "name": [name],
            "birthDate": [dob],
            "nationality": [country],
            "passportNumber": [passport],
        },
    ]
    scores = []
    for props in steps:
        query = Query.from_record({"id": "q", "schema": "Person", "properties": props})
        scores.append(next(m.score for m in screener.screen(query, WIDE) if m.entry.id == entry.id))
    assert scores[0] == EXACT_NAME
    assert scores == sorted(scores) and len(set(scores)) == 4, scores
    assert scores[-1] < 1.0
