"""screen-v1: the best name pair, adjusted by the other evidence, in 0..1.

Score = best name similarity over all (query name, list name) pairs, times the list
name's strength (weak a.k.a.s count less), plus the adjustments of the evidence
features (birth date, country, gender, identifier, legal form: ``feature_list.py``, in
that order), calibrated to 0..1 (``calibrate``: an exact name alone
0.95, corroboration above it, never saturating). The same formula serves every
schema, so a score means the same for a person, a company or a vessel, and one
threshold (DEFAULT_THRESHOLD) applies to all.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz

from moneytrail.names import NameForm
from moneytrail.screening import features
from moneytrail.screening.compare import NameComparison, compare_names
from moneytrail.screening.defaults import ALGORITHM as ALGORITHM
from moneytrail.screening.defaults import DEFAULT_CUTOFF as DEFAULT_CUTOFF
from moneytrail.screening.defaults import DEFAULT_THRESHOLD as DEFAULT_THRESHOLD
from moneytrail.screening.explanation import Explanation, NameEvidence
from moneytrail.screening.feature_list import EVIDENCE, IDENTIFIER, NAME, Feature, NamePair, Pair
from moneytrail.screening.features import FeatureResult
from moneytrail.screening.identifiers import UNIQUE_PROPS
from moneytrail.screening.index import NAME_STRENGTH, Entry, IndexedName
from moneytrail.screening.query import Query

# A person matched on very common words only ("Ali Mohammed") and corroborated by
# neither birth date nor identifier stays just under the default threshold: such a
# name alone cannot single anyone out, and flagging it flags whole communities.
COMMON_NAME_CEILING = 0.69
COMMON_WORD_RARITY = 0.45
# A birth year alone (the list gives only "1964") is shared by one person in sixty of
# any birth cohort: it does not single anyone out, so it does not lift the ceiling. Which
# features corroborate is data (``Feature.corroborates``: birth date and identifier).
MIN_CORROBORATION = features.DOB_MONTH

# Which list schemata a query schema may match. A vessel never matches a person.
COMPATIBLE: dict[str, frozenset[str]] = {
    "Person": frozenset({"Person", "LegalEntity"}),
    "Company": frozenset({"Company", "Organization", "LegalEntity", "PublicBody"}),
    "Organization": frozenset({"Company", "Organization", "LegalEntity", "PublicBody"}),
    "LegalEntity": frozenset({"Person", "Company", "Organization", "LegalEntity", "PublicBody"}),
    "Vessel": frozenset({"Vessel"}),
    "Airplane": frozenset({"Airplane"}),
}


SCORE_DECIMALS = 4
# Calibration (see ``calibrate``): an exact name alone scores EXACT_NAME; corroborating
# evidence beyond it approaches 1.0 on this scale (an exact birth date: 0.982, with an
# agreeing country 0.984, and a shared passport number too 0.997).
EXACT_NAME = 0.95
CORROBORATION_SCALE = 0.25
# Identifier-only queries (see ``identifier_only``).
UNIQUE_ID_SCORE = 0.95
NATIONAL_ID_SCORE = 0.85


@dataclass(frozen=True, slots=True)
class Match:
    entry: Entry
    score: float
    explanation: Explanation

    def as_record(self, threshold: float) -> dict[str, Any]:
        return {
            "id": self.entry.id,
            "caption": self.entry.caption,
            "schema": self.entry.schema,
            "score": round(self.score, 4),
            "match": self.score >= threshold,
            "datasets": list(self.entry.datasets),
            "explanation": self.explanation.as_dict(),
        }


@dataclass(frozen=True, slots=True)
class Scored:
    """A candidate's evidence, summed and calibrated: what a Match is made from.

    ``raw`` is the evidence sum before calibration; ``score`` is what every output
    prints (calibrated, capped by the common-name ceiling, rounded once).
    """

    pair: Pair
    name: FeatureResult
    evidence: tuple[tuple[Feature, FeatureResult], ...]  # the features that had something to say
    raw: float
    capped: bool
    score: float

    def explanation(self) -> Explanation:
        found, entry = self.pair.name, self.pair.entry
        listed = found.list_name
        name = NameEvidence(
            query=found.query_form.original,
            list=listed.text,
            list_prop=listed.prop,
            strength=NAME_STRENGTH[listed.prop],
            statement=listed.statement_id,
            contribution=round(self.name.contribution, 4),
            comparison=found.comparison.evidence(),
        )
        return Explanation(
            algorithm=ALGORITHM,
            name=name,
            features={f.key: r.evidence() for f, r in self.evidence},
            common_name_ceiling=self.capped,
            list_versions=dict(entry.list_versions),
            entry_digest=entry.digest,
        )

    def match(self) -> Match:
        return Match(self.pair.entry, self.score, self.explanation())


def best_name(
    query_forms: list[NameForm],
    names: list[IndexedName],
    weight: Callable[[str], float],
) -> NamePair | None:
    best = None
    tie = 0.0
    for name in names:
        strength = NAME_STRENGTH[name.prop]
        for qf in query_forms:
            cmp = compare_names(qf, name.form, weight)
            value = cmp.score * strength
            if best is not None and value < best.value - 1e-9:
                continue
            # Equal scores: show the analyst the list name closest to what was asked.
            closeness = fuzz.token_sort_ratio(qf.original.casefold(), name.text.casefold())
            if best is None or value > best.value + 1e-9 or closeness > tie:
                best, tie = NamePair(value, cmp, qf, name), closeness
    return best


def _only_common_words(cmp: NameComparison, rarity: Callable[[str], float]) -> bool:
    words = [list_word for _, list_word, _ in cmp.pairs if len(list_word) > 1]
    return bool(words) and all(rarity(w) < COMMON_WORD_RARITY for w in words)


def calibrate(raw: float) -> float:
    """The evidence sum mapped to the score shown, monotone, in 0..1.

    Up to the threshold the score is the sum itself, so no alert decision at 0.70 moves.
    Above it, a name alone reaches at most EXACT_NAME (an exact name is strong evidence,
    not proof: many people share a name), and corroboration (birth date, country,
    identifier) fills the rest without ever saturating: an exact name with an agreeing
    birth date, country and identifier ranks above one with a birth date only, which
    ranks above the name alone.
    """
    if raw <= DEFAULT_THRESHOLD:
        return max(0.0, raw)
    span = EXACT_NAME - DEFAULT_THRESHOLD
    if raw <= 1.0:
        return DEFAULT_THRESHOLD + (raw - DEFAULT_THRESHOLD) * span / (1.0 - DEFAULT_THRESHOLD)
    return EXACT_NAME + (1.0 - EXACT_NAME) * (1.0 - math.exp(-(raw - 1.0) / CORROBORATION_SCALE))


def identifier_only(query: Query, entry: Entry) -> Match | None:
    """A query with no name, only identifiers: a shared identifier is the whole evidence.

    A shared IMO, LEI, BIC or MMSI number identifies one holder worldwide and scores
    UNIQUE_ID_SCORE; a passport, tax, registration or other national number is unique
    only within its issuer, which neither side may say, and scores NATIONAL_ID_SCORE:
    both alert, the second below the score of an exact name alone. The explanation names
    the holder, since the query could not.
    """
    hit = features.identifier(query.identifiers, entry.identifiers)
    if hit is None:
        return None
    prop = entry.identifiers[hit.query_value or ""][0]
    score = UNIQUE_ID_SCORE if prop in UNIQUE_PROPS else NATIONAL_ID_SCORE
    explanation = Explanation(
        algorithm=ALGORITHM,
        name=NameEvidence(query=None, list=entry.caption, detail="identifier-only query"),
        features={IDENTIFIER.key: hit.evidence(contribution=score)},
        common_name_ceiling=False,
        list_versions=dict(entry.list_versions),
        entry_digest=entry.digest,
    )
    return Match(entry, round(score, SCORE_DECIMALS), explanation)


@dataclass(frozen=True, slots=True)
class QuerySide:
    """What scoring needs of the query, worked out once and reused for every candidate.

    ``weight`` weighs the query's words (rare words count more), ``rarity`` how common a
    company word is among the list's names (None: every word is as rare as any other).
    """

    query: Query
    forms: list[NameForm]
    weight: Callable[[str], float]
    rarity: Callable[[str], float] | None = None


def score_entry(side: QuerySide, entry: Entry, names: list[IndexedName]) -> Match | None:
    """Score one candidate entry; None if its schema cannot match the query's."""
    if entry.schema not in COMPATIBLE[side.query.schema]:
        return None
    if not side.forms:
        return identifier_only(side.query, entry)
    scored = evaluate(side, entry, names)
    return None if scored is None else scored.match()


def evaluate(side: QuerySide, entry: Entry, names: list[IndexedName]) -> Scored | None:
    """The name feature, then every evidence feature in list order, summed and calibrated."""
    query, query_forms, weight, rarity = side.query, side.forms, side.weight, side.rarity
    found = best_name(query_forms, names, weight)
    if found is None:
        return None
    pair = Pair(query, entry, found)
    name = NAME.function(pair)
    assert name is not None  # a name pair always has a name similarity
    present = tuple((f, r) for f in EVIDENCE if (r := f.function(pair)) is not None)
    # The name first, then the sum of the rest: this order of addition is screen-v1's
    # (tests/screening/test_golden_scores.py holds it to the last digit).
    raw = name.contribution + sum(r.contribution for _, r in present)
    score = calibrate(raw)
    corroborated = any(f.corroborates and r.contribution >= MIN_CORROBORATION for f, r in present)
    cmp, qform = found.comparison, found.query_form
    # An organisation matched on generic words only ("GLOBAL TRADING" of "GLOBAL TRADING
    # GROUP") with words left over on either side is another business of the same
    # pattern as often as the listed one: kept below the threshold the same way.
    partial_org = qform.schema == "org" and bool(cmp.unmatched_query or cmp.unmatched_list)
    capped = (
        rarity is not None
        and (entry.schema == "Person" or partial_org)
        and score > COMMON_NAME_CEILING
        and not corroborated
        and _only_common_words(cmp, rarity)
    )
    if capped:
        score = COMMON_NAME_CEILING
    # Rounded here, once, to what every output prints: a score shown as 0.7 must be a
    # match at threshold 0.7 wherever the flag is computed (API, CLI, audit, reports).
    return Scored(pair, name, present, raw, capped, round(score, SCORE_DECIMALS))
