"""resolve-v1: probabilistic record linkage (Fellegi-Sunter, by Splink on DuckDB).

Why Splink: it scores a pair as a sum of per-field log Bayes factors, which is exactly
what an analyst needs to see ("same passport +13, birth years one apart -2"), it trains
without labelled pairs, and it runs as SQL on the embedded DuckDB engine.

* **Blocking** (which pairs are scored at all): same kind (person / organisation) and
  one of: the same sorted name; the same date; the date with day and month swapped;
  the same sorted phonetic keys; a shared identifier; a shared phonetic word and the
  same month of birth. Each rule is an equi-join, so 100,000 records make a few hundred thousand
  pairs, not five billion.
* **Comparisons**: name (exact with a term-frequency adjustment: two "Muhammad Khan"
  prove less than two "Kassim Tajideen"; sounding alike; a typo; one name inside the
  other; nicknames; similar), date, country, identifier, address.
* **Training**: u by random sampling of pairs, m by expectation maximisation on two
  blockings (same date: learns names; same name: learns dates), the prior from
  deterministic rules. A store of fewer than MIN_TRAIN_RECORDS records is too small to
  learn from, so it keeps the documented priors of this module, which give the same
  answer on every run. Sampling uses a fixed seed: same records, same model.
* **Threshold**: a pair links at match probability >= DEFAULT_THRESHOLD (0.9): at most
  one wrong link in ten at the margin; most links score far above it.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

from moneytrail.engines import DuckDBEngine
from moneytrail.errors import InvalidInput
from moneytrail.resolution.defaults import DEFAULT_THRESHOLD as DEFAULT_THRESHOLD
from moneytrail.resolution.defaults import NAME as NAME

MIN_TRAIN_RECORDS = 2000
# Untrained: one pair in a thousand is a match, so a shared name and country alone stay
# below the threshold (an analyst decides those) while a name and a date, or a name and
# a passport, link.
UNTRAINED_PRIOR = 1e-3
SEED = 20250630
U_SAMPLE_PAIRS = 1e6
DETERMINISTIC_RECALL = 0.35

TF_FLOOR = 1e-7
# What a link shows of its two records; the other compared columns stay in DuckDB (the
# word keys alone would triple the size of the predictions).
SHOWN_COLUMNS = ("caption", "dataset", "birth_date", "countries", "identifiers", "address")
_SELECT = ", ".join(
    ["match_weight", "match_probability", "unique_id_l", "unique_id_r",
     "COLUMNS('^(gamma|mw)_')", *(f"{c}_l, {c}_r" for c in SHOWN_COLUMNS)]
)  # fmt: skip
MAX_KEY_RECORDS = 40

# Month-only dates ("1958-01", as Companies House publishes them) would put hundreds of
# people born that month in one block; they still meet through names.
FULL_DATES = "l.kind = r.kind AND l.birth_date = r.birth_date AND length(l.birth_date) = 10"

_NULL = "{c}_l IS NULL OR {c}_r IS NULL"


def _level(sql: str, label: str, m: float, u: float, **extra: Any) -> dict[str, Any]:
    return {"sql_condition": sql, "label_for_charts": label, "m_probability": m,
            "u_probability": u, **extra}  # fmt: skip


def _null(column: str, label: str) -> dict[str, Any]:
    return {"sql_condition": _NULL.format(c=column), "label_for_charts": label,
            "is_null_level": True}  # fmt: skip


def _comparison(name: str, description: str, levels: list[dict[str, Any]]) -> dict[str, Any]:
    return {"output_column_name": name, "comparison_description": description,
            "comparison_levels": levels}  # fmt: skip


def _contains(left: str, right: str) -> str:
    return (
        f"(len({left}_l) >= 2 AND list_has_all({right}_r, {left}_l)) OR "
        f"(len({left}_r) >= 2 AND list_has_all({right}_l, {left}_r))"
    )


UNROLLED_WORDS = 4


def _covers(a: str, b: str) -> str:
    """Every word of name ``a`` is a spelling of a word of name ``b`` (records.py gives each
    word its spellings: typo-tolerant deletions, phonetic key, romanisations, nicknames).

    The first words are tested one by one and only longer names go through a lambda:
    DuckDB's lambdas cost ten times as much over a million pairs. The cheap
    list_has_any test first spares most pairs the rest."""
    words, keys = f"word_keys_{a}", f"spelling_keys_{b}"
    parts = [
        "list_has_any(spelling_keys_l, spelling_keys_r)",
        f"len({words}) >= 2",
        f"len({words}) <= len(word_keys_{b})",
        f"list_has_any({words}[1], {keys})",
        f"list_has_any({words}[2], {keys})",
    ]
    parts += [
        f"(len({words}) < {i} OR list_has_any({words}[{i}], {keys}))"
        for i in range(3, UNROLLED_WORDS + 1)
    ]
    lam = f"len(list_filter({words}, lambda k: list_has_any(k, {keys}))) = len({words})"
    parts.append(f"(len({words}) <= {UNROLLED_WORDS} OR {lam})")
    return " AND ".join(parts)


def name_comparison() -> dict[str, Any]:
    """Names, strongest agreement first; the first level that holds is the one counted."""
    jw = "jaro_winkler_similarity(name_sorted_l, name_sorted_r)"
    same_length = "len(word_keys_l) = len(word_keys_r)"
    return _comparison("name", "name", [
        _null("name_sorted", "a name is missing"),
        _level("name_sorted_l = name_sorted_r", "same name", 0.55, 5e-4,
               tf_adjustment_column="name_sorted", tf_adjustment_weight=1.0,
               tf_minimum_u_value=TF_FLOOR),
        _level("phonetic_sorted_l = phonetic_sorted_r", "names sound the same", 0.12, 5e-4),
        _level(f"{same_length} AND ({_covers('l', 'r')}) AND ({_covers('r', 'l')})",
               "same words, spelt differently", 0.12, 1e-3),
        _level(_contains("name_tokens", "name_tokens"), "one name contains the other",
               0.07, 2e-3),
        _level(f"({_covers('l', 'r')}) OR ({_covers('r', 'l')})",
               "every word of the shorter name is spelt like a word of the other", 0.04, 3e-3),
        _level(f"{jw} >= 0.85", "names are similar", 0.03, 0.02),
        _level("list_has_any(name_tokens_l, name_tokens_r) OR "
               "list_has_any(phonetic_tokens_l, phonetic_tokens_r)",
               "names share a word", 0.02, 0.05),
        _level("ELSE", "names differ", 0.01, 0.92),
    ])  # fmt: skip


def date_comparison() -> dict[str, Any]:
    year = "abs(try_cast(birth_year_l AS INTEGER) - try_cast(birth_year_r AS INTEGER))"
    full = "length(birth_date_l) = 10 AND length(birth_date_r) = 10"
    return _comparison("date", "date of birth or incorporation", [
        _null("birth_date", "a date is missing"),
        _level(f"{full} AND birth_date_l = birth_date_r", "same date", 0.7, 5e-5),
        _level("birth_date_l = birth_date_swapped_r", "same date, day and month swapped",
               0.05, 5e-5),
        _level("length(birth_date_l) >= 7 AND length(birth_date_r) >= 7 AND "
               "substr(birth_date_l, 1, 7) = substr(birth_date_r, 1, 7)",
               "same year and month", 0.04, 1e-3),
        _level("birth_year_l = birth_year_r", "same year", 0.13, 0.015),
        _level(f"{year} = 1", "years one apart", 0.03, 0.03),
        _level("ELSE", "different dates", 0.01, 0.954),
    ])  # fmt: skip


def _set_comparison(
    name: str, description: str, column: str, priors: tuple[float, float]
) -> dict[str, Any]:
    same_m, same_u = priors
    return _comparison(name, description, [
        _null(column, f"a {description} is missing"),
        _level(f"list_has_any({column}_l, {column}_r)", f"same {description}", same_m, same_u),
        _level("ELSE", f"different {description}", 1 - same_m, 1 - same_u),
    ])  # fmt: skip


def address_comparison() -> dict[str, Any]:
    return _comparison("address", "address", [
        _null("address", "an address is missing"),
        _level("address_l = address_r", "same address", 0.3, 5e-3),
        _level("jaro_winkler_similarity(address_l, address_r) >= 0.9", "similar address",
               0.1, 5e-3),
        _level("ELSE", "different addresses", 0.6, 0.99),
    ])  # fmt: skip


def blocking_rules() -> list[Any]:
    return [
        block_on("kind", "name_sorted"),
        FULL_DATES,
        "l.kind = r.kind AND l.birth_date = r.birth_date_swapped",
        block_on("kind", "phonetic_sorted"),
        block_on("kind", "identifiers", arrays_to_explode=["identifiers"]),
        block_on("kind", "phonetic_tokens", "birth_month", arrays_to_explode=["phonetic_tokens"]),
        block_on("kind", "name_keys", arrays_to_explode=["name_keys"]),
    ]


def settings(prior: float) -> SettingsCreator:
    return SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            name_comparison(),
            date_comparison(),
            _set_comparison("country", "country", "countries", (0.9, 0.1)),
            _set_comparison("identifier", "identifier number", "identifiers", (0.95, 1e-4)),
            address_comparison(),
        ],
        blocking_rules_to_generate_predictions=blocking_rules(),
        probability_two_random_records_match=prior,
        retain_intermediate_calculation_columns=True,
        additional_columns_to_retain=["caption", "dataset"],
        linker_uid="moneytrail",
    )


@dataclass(frozen=True, slots=True)
class LinkConfig:
    """threshold: match probability a pair needs to link; train: None learns the model
    when there are MIN_TRAIN_RECORDS records or more, True/False forces it."""

    threshold: float = DEFAULT_THRESHOLD
    train: bool | None = None

    def __post_init__(self) -> None:
        if not 0.0 < self.threshold < 1.0:
            raise InvalidInput(
                f"threshold must be a probability between 0 and 1, got {self.threshold}",
                field="threshold",
            )


@dataclass(frozen=True, slots=True)
class Prediction:
    """Scored pairs at or above the threshold, and the model that scored them."""

    pairs: pa.Table
    model: dict[str, Any]
    trained: bool
    threshold: float


def name_frequencies(records: pa.Table) -> pa.Table:
    """How common each name is, from how common its words are.

    Splink's own term frequencies count records, and a file with duplicates makes every
    rare name look common (a name written three times for one person has frequency 3/N,
    the same as a name shared by three strangers). Words are shared across many people,
    so the product of word frequencies measures how likely a stranger is to bear the
    name (words play distinct parts, given name and surname, so orderings are not
    counted): "Muhammad Khan" stays common, "Kassim
    Tajideen" becomes rare. TF_FLOOR keeps one agreement from outweighing everything.
    """
    n = max(records.num_rows, 1)
    counts: Counter[str] = Counter()
    for tokens in records.column("name_tokens").to_pylist():
        counts.update(tokens or ())
    names = sorted({v for v in records.column("name_sorted").to_pylist() if v})
    freqs = []
    for name in names:
        words = name.split()
        value = 1.0
        for word in words:
            value *= counts[word] / n
        freqs.append(min(1.0, max(value, TF_FLOOR)))
    return pa.table({"name_sorted": names, "tf_name_sorted": freqs})


def cap_name_keys(records: pa.Table, cap: int = MAX_KEY_RECORDS) -> pa.Table:
    """Drop name keys carried by more than ``cap`` records ("muhammad|k"): such a key
    would compare hundreds of strangers, and its people meet through rarer keys."""
    column = records.column("name_keys").to_pylist()
    counts: Counter[str] = Counter(k for keys in column if keys for k in keys)
    kept = [[k for k in keys if counts[k] <= cap] or None if keys else None for keys in column]
    index = records.schema.get_field_index("name_keys")
    return records.set_column(
        index, records.schema.field(index), pa.array(kept, pa.list_(pa.string()))
    )


def _train(linker: Linker) -> None:
    linker.training.estimate_probability_two_random_records_match(
        [block_on("kind", "name_sorted", "birth_date"), block_on("kind", "identifiers")],
        recall=DETERMINISTIC_RECALL,
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=U_SAMPLE_PAIRS, seed=SEED)
    for rule in (FULL_DATES, block_on("kind", "name_sorted")):
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(rule)
        except ValueError:  # Splink refuses an m of 0 for a level no pair reached:
            continue  # that session's levels keep their documented priors


def predict(records: pa.Table, config: LinkConfig | None = None) -> Prediction:
    """Score every blocked pair of ``records`` (rows of records.RECORD_SCHEMA)."""
    config = config or LinkConfig()
    n = records.num_rows
    trained = config.train if config.train is not None else n >= MIN_TRAIN_RECORDS
    model = settings(prior=UNTRAINED_PRIOR)
    if n < 2:
        return Prediction(pa.table({}), {}, False, config.threshold)
    engine = DuckDBEngine()
    try:
        db_api = DuckDBAPI(engine.connection())
        table = db_api.register(cap_name_keys(records), table_name="records")
        linker = Linker(table, model, log_level=None)
        linker.table_management.register_term_frequency_lookup(
            db_api.register(name_frequencies(records), table_name="name_frequencies"),
            "name_sorted",
        )
        if trained:
            _train(linker)
        scored = linker.inference.predict(
            threshold_match_probability=config.threshold, warning_mode="never"
        )
        pairs = engine.query(
            f"SELECT {_SELECT} FROM {scored.physical_name} ORDER BY unique_id_l, unique_id_r"
        )
        return Prediction(pairs, linker.misc.save_model_to_json(), trained, config.threshold)
    finally:
        engine.close()


logging.getLogger("splink").addHandler(logging.NullHandler())
