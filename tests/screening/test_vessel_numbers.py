"""Numbers in vessel and company names (issue 16): "... 1" is not "... 2"; "THREE" is "3".

Built from the listed vessels whose name ends with a number (OFAC SDN: "GOLD STAR 3",
"SOUTH HILL 2", "EVER BRIGHT 88", ...).
"""

from __future__ import annotations

from moneytrail.screening import DEFAULT_THRESHOLD, Query, ScreenConfig, Screener

WIDE = ScreenConfig(limit=10, cutoff=0.3)


def numbered_vessels(screener: Screener) -> list[tuple[str, str, str]]:
    out = []
    for entry in screener.index.entries:
        words = entry.caption.split()
        if entry.schema == "Vessel" and len(words) >= 2 and words[-1].isdigit():
            out.append((" ".join(words[:-1]), words[-1], entry.id))
    return out


def best(screener: Screener, name: str, entity: str) -> float:
    query = Query.from_record({"id": "q", "schema": "Vessel", "properties": {"name": [name]}})
    return max((m.score for m in screener.screen(query, WIDE) if m.entry.id == entity), default=0)


def test_another_number_does_not_alert(screener: Screener) -> None:
    vessels = numbered_vessels(screener)
    assert len(vessels) >= 10
    for stem, number, eid in vessels:
        other = str(int(number) + 1)
        assert best(screener, f"{stem} {number}", eid) >= DEFAULT_THRESHOLD
        assert best(screener, f"{stem} {other}", eid) < DEFAULT_THRESHOLD, (stem, number)


def test_number_in_words_is_the_number(screener: Screener) -> None:
    words = {"2": "TWO", "3": "THREE", "88": "EIGHTY-EIGHT"}
    cases = [(s, n, e) for s, n, e in numbered_vessels(screener) if n in words]
    assert cases
    for stem, number, eid in cases:
        assert best(screener, f"{stem} {words[number]}", eid) >= DEFAULT_THRESHOLD


def test_same_legal_form_breaks_the_tie(screener: Screener) -> None:
    """A name listed with a legal form, queried with the same form and with another:
    agreement is weak evidence (it ranks), a different form costs nothing."""
    name = next(
        n
        for n in screener.index.names
        if screener.index.entries[n.entry].schema == "Company" and n.form.legal_form == "llc"
    )
    stem = " ".join(name.form.tokens)

    def score(text: str) -> float:
        query = Query.from_record({"id": "q", "schema": "Company", "properties": {"name": [text]}})
        matches = screener.screen(query, WIDE)
        return max(m.score for m in matches if m.entry.id == screener.index.entries[name.entry].id)

    assert score(f"{stem} LLC") > score(f"{stem} GMBH") == score(stem)
