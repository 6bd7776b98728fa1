"""screen-v1's features as data: one ordered tuple of documented, weighted functions.

The scorer iterates ``FEATURES`` (the name first, then the evidence beyond it, in this
order); the explanation's keys, the API's /algorithms and the feature table of
docs/screening.md are generated from it (``feature_docs.py``), so what is documented is
what scores. Each function's docstring is its user-facing documentation; its weights
are the module constants of features.py, listed here with when each applies.

To add a feature: write its comparison in features.py (a constant per weight, each with
a comment saying why), a function here taking the ``Pair`` with a docstring users read,
a ``Feature`` in ``EVIDENCE``, then ``python -m moneytrail.screening.feature_docs
docs/screening.md``. A feature that changes scores is a new algorithm (DESIGN.md:
"a changed behaviour gets a new name"): run bench/screening.py before and after.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from moneytrail.names import NameForm
from moneytrail.screening import features
from moneytrail.screening.compare import NameComparison
from moneytrail.screening.features import FeatureResult
from moneytrail.screening.index import NAME_STRENGTH, Entry, IndexedName
from moneytrail.screening.query import Query


@dataclass(frozen=True, slots=True)
class NamePair:
    """The best (query name, list name) pair of a candidate and what it is worth."""

    value: float  # the comparison's score times the list name's strength
    comparison: NameComparison
    query_form: NameForm
    list_name: IndexedName


@dataclass(frozen=True, slots=True)
class Pair:
    """What every feature sees: the query, the candidate entry and their best name pair."""

    query: Query
    entry: Entry
    name: NamePair


@dataclass(frozen=True, slots=True)
class Weight:
    """One number a feature adds (or, ``factor``, multiplies by) and when it applies."""

    constant: str  # where it is set in code
    value: float
    when: str
    factor: bool = False


@dataclass(frozen=True, slots=True)
class Feature:
    """A documented, weighted function of a (query, entry) pair.

    ``key`` names the feature in every explanation and API answer (stable: clients read
    it); ``label`` is how people read it; ``weights[0]`` is the headline weight (the
    API's coefficient). A ``corroborates`` feature agreeing by at least
    MIN_CORROBORATION lifts the common-name ceiling (scorer.py).
    """

    key: str
    label: str
    function: Callable[[Pair], FeatureResult | None]
    weights: tuple[Weight, ...]
    corroborates: bool = False

    @property
    def weight(self) -> float:
        return self.weights[0].value

    @property
    def description(self) -> str:
        """The first paragraph of the function's docstring, on one line."""
        doc = (self.function.__doc__ or "").strip().split("\n\n")[0]
        return " ".join(line.strip() for line in doc.splitlines())


def name_similarity(pair: Pair) -> FeatureResult:
    """The best name similarity over every (query name, list name) pair, times the list
    name's strength: a name or alias counts in full, a previous name a little less, a
    weak alias less still.

    Names are compared word by word, surviving order, spelling, initials, glued and split
    compounds and transliteration (screening/compare.py); rare words weigh more than
    common ones.
    """
    name = pair.name
    listed = name.list_name
    return FeatureResult(
        "name",
        name.value,
        name.query_form.original,
        listed.text,
        listed.statement_id,
        name.comparison.method,
    )


def birth_date(pair: Pair) -> FeatureResult | None:
    """Birth dates agree (exact, year and month, year) or contradict, graded by how far
    apart they are: a date one slip of the hand away costs little, one decades away the
    full penalty. A 1 January date counts as the year only.

    The best-agreeing pair of dates counts, so a list giving several possible dates is
    not penalised.
    """
    return features.birth_date(pair.query.birth_dates, pair.entry.birth_dates)


def country(pair: Pair) -> FeatureResult | None:
    """Nationality, citizenship or jurisdiction agrees or contradicts, the same for every
    country (evidence of identity, never of risk); a contradiction costs a person more
    than a company.
    """
    return features.country(pair.query.countries, pair.entry.countries, pair.entry.schema)


def gender(pair: Pair) -> FeatureResult | None:
    """Gender contradicts (agreement earns nothing: half of everyone shares it)."""
    return features.gender(pair.query.gender, pair.entry.genders)


def identifier(pair: Pair) -> FeatureResult | None:
    """A passport, IMO, registration or other identifier agrees, compared in a canonical
    form per type (screening/identifiers.py); a different or missing one costs nothing.
    """
    return features.identifier(pair.query.identifiers, pair.entry.identifiers)


def legal_form(pair: Pair) -> FeatureResult | None:
    """Both names carry a legal form and share it (GmbH / GmbH): enough to rank a GmbH
    above an LLC of the same name; a different form costs nothing (OOO / LLC are
    translated and dropped at will).
    """
    listed = pair.name.list_name
    return features.legal_form(
        pair.name.query_form.legal_form, listed.form.legal_form, listed.statement_id
    )


def _strength(prop: str, when: str) -> Weight:
    return Weight(f'NAME_STRENGTH["{prop}"]', NAME_STRENGTH[prop], when, factor=True)


NAME = Feature(
    "name",
    "name",
    name_similarity,
    (
        _strength("name", "a name of the entry"),
        _strength("alias", "an alias"),
        _strength("previousName", "a previous name"),
        _strength("weakAlias", "a weak alias"),
    ),
)

EVIDENCE: tuple[Feature, ...] = (
    Feature(
        "birthDate",
        "birth date",
        birth_date,
        (
            Weight("DOB_EXACT", features.DOB_EXACT, "the same full date"),
            Weight("DOB_MONTH", features.DOB_MONTH, "same year and month; day and month swapped"),
            Weight("DOB_YEAR", features.DOB_YEAR, "same year, one side giving the year only"),
            Weight("DOB_DAY_DIFFERS", features.DOB_DAY_DIFFERS, "same year, day or month differs"),
            Weight("DOB_NEAR_YEAR", features.DOB_NEAR_YEAR, "same day and month, years one apart"),
            Weight(
                "DOB_YEAR_TYPO",
                features.DOB_YEAR_TYPO,
                "same day and month, last year digit differs or last two swapped",
            ),
            Weight("DOB_WITHIN_MONTH", features.DOB_WITHIN_MONTH, "full dates under a month apart"),
            Weight(
                "DOB_WITHIN_YEAR",
                features.DOB_WITHIN_YEAR,
                "same year, day and month differ; or years one apart, one side year only",
            ),
            Weight(
                "DOB_WITHIN_TWO_YEARS",
                features.DOB_WITHIN_TWO_YEARS,
                "years two apart, one side giving the year only",
            ),
            Weight("DOB_MISMATCH", features.DOB_MISMATCH, "further apart: two people"),
        ),
        corroborates=True,
    ),
    Feature(
        "country",
        "country",
        country,
        (
            Weight("COUNTRY_MATCH", features.COUNTRY_MATCH, "a country in common"),
            Weight("COUNTRY_MISMATCH", features.COUNTRY_MISMATCH, "none in common, a person"),
            Weight("COUNTRY_MISMATCH / 2", features.COUNTRY_MISMATCH / 2, "none in common, others"),
        ),
    ),
    Feature(
        "gender",
        "gender",
        gender,
        (Weight("GENDER_MISMATCH", features.GENDER_MISMATCH, "different gender"),),
    ),
    Feature(
        "identifier",
        "identifier",
        identifier,
        (
            Weight("IDENTIFIER_MATCH", features.IDENTIFIER_MATCH, "an identifier in common"),
            Weight("IDENTIFIER_MISMATCH", features.IDENTIFIER_MISMATCH, "none in common"),
        ),
        corroborates=True,
    ),
    Feature(
        "legalForm",
        "legal form",
        legal_form,
        (Weight("LEGAL_FORM_MATCH", features.LEGAL_FORM_MATCH, "a legal form in common"),),
    ),
)

# The order the scorer adds them in, which is part of the score: floating-point sums
# depend on their order, and screen-v1's scores are reproduced to the last digit.
FEATURES: tuple[Feature, ...] = (NAME, *EVIDENCE)
BY_KEY: dict[str, Feature] = {f.key: f for f in FEATURES}
IDENTIFIER = BY_KEY["identifier"]


def label(key: str) -> str:
    """How people read a feature key of an explanation ("birthDate": "birth date")."""
    feature = BY_KEY.get(key)
    return feature.label if feature is not None else key
