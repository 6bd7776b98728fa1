"""Evidence beyond the name: birth date, country, gender, identifiers.

Each feature returns an adjustment to the name score and the statement it rests on.
Contradictions cost more than agreements earn: two people called Mohammed Ali born
twenty years apart are two people, whereas a shared nationality is weak evidence
that they are one. Nationality is used only to tell two people apart, never as a
risk signal: agreement and disagreement are symmetric across all countries.
"""

from __future__ import annotations

from dataclasses import dataclass

DOB_EXACT = 0.25
DOB_MONTH = 0.06
DOB_YEAR = 0.04
DOB_DAY_DIFFERS = -0.05  # perhaps a typo in the day
DOB_FULL_DIFFERS = -0.35  # two exact dates that disagree: two people, as in another year
DOB_NEAR_YEAR = -0.05
DOB_NEAR_YEAR_ONLY = -0.15
DOB_MISMATCH = -0.35
COUNTRY_MATCH = 0.04
COUNTRY_MISMATCH = -0.12
GENDER_MISMATCH = -0.20
IDENTIFIER_MATCH = 0.45
IDENTIFIER_MISMATCH = 0.0


@dataclass(frozen=True, slots=True)
class FeatureResult:
    name: str
    contribution: float
    query_value: str | None
    list_value: str | None
    statement: str | None
    detail: str

    def explain(self) -> dict[str, object]:
        return {
            "contribution": round(self.contribution, 4),
            "query": self.query_value,
            "list": self.list_value,
            "statement": self.statement,
            "detail": self.detail,
        }


# Registries and lists record an unknown day and month as 1 January: such a date says
# the year and nothing more, and two of them agreeing is no coincidence worth a bonus.
_PLACEHOLDER = "-01-01"


def _date_pair(q: str, c: str) -> tuple[float, str]:
    """Compare two ISO date prefixes; day/month swaps count as a month match."""
    if q.endswith(_PLACEHOLDER) or c.endswith(_PLACEHOLDER):
        q, c = q[:4], c[:4]
    qy, cy = q[:4], c[:4]
    if qy != cy:
        near = qy.isdigit() and cy.isdigit() and abs(int(qy) - int(cy)) == 1
        if near and len(q) >= 10 and len(c) >= 10 and q[4:] == c[4:]:
            return DOB_NEAR_YEAR, "same day and month, years one apart (a typo?)"
        if near and (len(q) == 4 or len(c) == 4):
            return DOB_NEAR_YEAR_ONLY, "years one apart (one side gives the year only)"
        return DOB_MISMATCH, "different dates of birth"
    if len(q) >= 10 and len(c) >= 10:
        if q == c:
            return DOB_EXACT, "same date"
        if q[5:7] == c[8:10] and q[8:10] == c[5:7]:
            return DOB_MONTH, "same date with day and month swapped"
        if q[5:7] == c[5:7]:
            return DOB_DAY_DIFFERS, "same year and month, different day"
        return DOB_FULL_DIFFERS, "two full dates in the same year that differ"
    if len(q) >= 7 and len(c) >= 7:
        if q[:7] == c[:7]:
            return DOB_MONTH, "same year and month"
        return DOB_DAY_DIFFERS, "same year, different month"
    return DOB_YEAR, "same year (one side gives the year only)"


def birth_date(query: tuple[str, ...], listed: dict[str, str]) -> FeatureResult | None:
    """Best agreement over all pairs: a list giving several possible dates is not penalised."""
    if not query or not listed:
        return None
    best: tuple[float, str, str, str] | None = None
    for q in query:
        for c in listed:
            value, detail = _date_pair(q, c)
            if best is None or value > best[0]:
                best = (value, detail, q, c)
    assert best is not None
    return FeatureResult("birthDate", best[0], best[2], best[3], listed[best[3]], best[1])


def country(query: tuple[str, ...], listed: dict[str, str], schema: str) -> FeatureResult | None:
    if not query or not listed:
        return None
    common = [c for c in query if c in listed]
    if common:
        c = common[0]
        return FeatureResult("country", COUNTRY_MATCH, c, c, listed[c], "a country in common")
    penalty = COUNTRY_MISMATCH if schema == "Person" else COUNTRY_MISMATCH / 2
    first = next(iter(listed))
    return FeatureResult(
        "country",
        penalty,
        ", ".join(query),
        ", ".join(listed),
        listed[first],
        "no country in common",
    )


def gender(query: str | None, listed: dict[str, str]) -> FeatureResult | None:
    if query is None or not listed or query in listed:
        return None
    first = next(iter(listed))
    return FeatureResult("gender", GENDER_MISMATCH, query, first, listed[first], "different gender")


def identifier(query: tuple[str, ...], listed: dict[str, tuple[str, str]]) -> FeatureResult | None:
    for q in query:
        if q in listed:
            prop, sid = listed[q]
            return FeatureResult("identifier", IDENTIFIER_MATCH, q, q, sid, f"same {prop}")
    return None
