"""Evidence beyond the name: birth date, country, gender, identifiers.

Each feature returns an adjustment to the name score and the statement it rests on;
feature_list.py lists them, in the scorer's order, with these weights and the docstrings
users read (the API's /algorithms and docs/screening.md are generated from that list).
Contradictions cost more than agreements earn: two people called Mohammed Ali born
twenty years apart are two people, whereas a shared nationality is weak evidence
that they are one. Birth dates are graded: a date one slip of the hand away (a day, a
month, a year, a digit of the year) costs a little, a date decades away the full
penalty (see ``_date_pair``). Nationality is used only to tell two people apart, never as a
risk signal: agreement and disagreement are symmetric across all countries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from moneytrail.screening.explanation import FeatureEvidence

DOB_EXACT = 0.25
DOB_MONTH = 0.06
DOB_YEAR = 0.04
DOB_DAY_DIFFERS = -0.05  # one part of the date differs (day or month): perhaps a typo
DOB_NEAR_YEAR = -0.05  # same day and month, years one apart
DOB_YEAR_TYPO = -0.08  # same day and month, one year digit wrong or the last two swapped
DOB_WITHIN_MONTH = -0.10  # full dates less than a month apart (across a month's end)
DOB_WITHIN_YEAR = -0.15  # same year, day and month differ (or one year apart, year-only)
DOB_NEAR_YEAR_ONLY = DOB_WITHIN_YEAR
DOB_WITHIN_TWO_YEARS = -0.25  # years two apart, one side giving the year only
DOB_MISMATCH = -0.35  # further apart: two people (the "20 years apart" rule)
COUNTRY_MATCH = 0.04
COUNTRY_MISMATCH = -0.12
GENDER_MISMATCH = -0.20
IDENTIFIER_MATCH = 0.45
# Both names carry a legal form and share it ("... GMBH" / "... GMBH"): weak evidence, enough
# to rank the GmbH above an LLC of the same name. A different form costs nothing: lists and
# customer files translate forms (OOO / LLC) and drop them at will.
LEGAL_FORM_MATCH = 0.02
IDENTIFIER_MISMATCH = 0.0


@dataclass(frozen=True, slots=True)
class FeatureResult:
    name: str
    contribution: float
    query_value: str | None
    list_value: str | None
    statement: str | None
    detail: str

    def evidence(self, contribution: float | None = None) -> FeatureEvidence:
        """As the explanation shows it: the contribution rounded as printed (or replaced)."""
        shown = round(self.contribution, 4) if contribution is None else contribution
        return FeatureEvidence(
            shown, self.query_value, self.list_value, self.statement, self.detail
        )


# Registries and lists record an unknown day and month as 1 January: such a date says
# the year and nothing more, and two of them agreeing is no coincidence worth a bonus.
_PLACEHOLDER = "-01-01"


def _date_pair(q: str, c: str) -> tuple[float, str]:
    """Compare two ISO date prefixes, graded by how far apart they are.

    A date one day, one month or one year off is a typo or a clerk's guess far more often
    than another person, so it costs less than a date decades off: one part of a full
    date differing (day, month, or the year by one or by a typo in its last digits) costs
    little, a date under a month away or in the same year a little more, and a year given
    alone one or two off less than three. Full dates that differ in year, month and day
    cost the full penalty: two people of one name born twenty years apart are two people.
    """
    if q.endswith(_PLACEHOLDER) or c.endswith(_PLACEHOLDER):
        q, c = q[:4], c[:4]
    if not (q[:4].isdigit() and c[:4].isdigit()):
        return DOB_MISMATCH, "different dates of birth"
    if len(q) >= 10 and len(c) >= 10:
        return _full_dates(q[:10], c[:10])
    if len(q) >= 7 and len(c) >= 7:
        return _year_months(q[:7], c[:7])
    return _years(int(q[:4]), int(c[:4]))


def _years(qy: int, cy: int) -> tuple[float, str]:
    gap = abs(qy - cy)
    if gap == 0:
        return DOB_YEAR, "same year (one side gives the year only)"
    if gap == 1:
        return DOB_WITHIN_YEAR, "years one apart (one side gives the year only)"
    if gap == 2:
        return DOB_WITHIN_TWO_YEARS, "years two apart (one side gives the year only)"
    return DOB_MISMATCH, "different dates of birth"


def _year_months(q: str, c: str) -> tuple[float, str]:
    if q == c:
        return DOB_MONTH, "same year and month"
    if q[:4] == c[:4]:
        return DOB_DAY_DIFFERS, "same year, different month"
    months = abs((int(q[:4]) * 12 + int(q[5:7])) - (int(c[:4]) * 12 + int(c[5:7])))
    if months <= 1:
        return DOB_WITHIN_MONTH, "months next to each other, across a year's end"
    return DOB_MISMATCH, "different dates of birth"


def _full_dates(q: str, c: str) -> tuple[float, str]:
    if q == c:
        return DOB_EXACT, "same date"
    if q[:4] == c[:4] and q[5:7] == c[8:10] and q[8:10] == c[5:7]:
        return DOB_MONTH, "same date with day and month swapped"
    if q[:4] == c[:4] and (q[5:7] == c[5:7] or q[8:10] == c[8:10]):
        return DOB_DAY_DIFFERS, "same year, one of day and month differs"
    if q[4:] == c[4:]:
        gap = abs(int(q[:4]) - int(c[:4]))
        if gap == 1:
            return DOB_NEAR_YEAR, "same day and month, years one apart (a typo?)"
        if _year_typo(q[:4], c[:4]):
            return DOB_YEAR_TYPO, "same day and month, a typo in the year"
        return DOB_MISMATCH, "different dates of birth"
    try:
        days = abs((date.fromisoformat(q) - date.fromisoformat(c)).days)
    except ValueError:  # an impossible date on one side: compare the years alone
        return _years(int(q[:4]), int(c[:4]))
    if days <= 31:
        return DOB_WITHIN_MONTH, "dates less than a month apart"
    if q[:4] == c[:4]:
        return DOB_WITHIN_YEAR, "same year, day and month differ"
    # Year, month and day all differ: no one slip of the hand gives that.
    return DOB_MISMATCH, "different dates of birth"


def _year_typo(a: str, b: str) -> bool:
    """The last digit differs (1965 / 1968), or the last two are swapped (1965 / 1956).

    Never the tens digit alone: 1964 and 1944 may be a typo too, but they are also the
    "born twenty years apart" that must not alert, and the date cannot tell which.
    """
    if a[:3] == b[:3]:
        return True
    return a[:2] == b[:2] and a[2] == b[3] and a[3] == b[2]


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


def legal_form(query: str | None, listed: str | None, statement: str) -> FeatureResult | None:
    """A legal form in common between the two names compared (legal_forms.py)."""
    if not query or not listed or set(query.split()).isdisjoint(listed.split()):
        return None
    return FeatureResult("legalForm", LEGAL_FORM_MATCH, query, listed, statement, "same legal form")
