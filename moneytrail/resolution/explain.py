"""Every model link explains itself: its match weight as the sum of readable parts.

A Fellegi-Sunter score is additive in bits (log2 of Bayes factors): the prior (how
rare a match is between two random records) plus one term per compared field, plus a
term-frequency correction for names (two "Muhammad Khan" prove less than two "Kassim
Tajideen"). Splink keeps each term on the scored pair; this module turns them into
the sentence an analyst reads and the numbers a reviewer can re-add.
"""

from __future__ import annotations

import math
from typing import Any

from moneytrail.resolution.linker import NAME

# What each comparison shows of the two records, by column of records.RECORD_SCHEMA.
SHOWN: dict[str, tuple[str, ...]] = {
    "name": ("caption",),
    "date": ("birth_date",),
    "country": ("countries",),
    "identifier": ("identifiers",),
    "address": ("address",),
}


def level_labels(model: dict[str, Any]) -> dict[str, dict[int, str]]:
    """comparison -> comparison vector value -> label, as Splink numbers the levels
    (null level -1, then the others counting down to 0 for the last, ELSE)."""
    out: dict[str, dict[int, str]] = {}
    for comparison in model.get("comparisons", []):
        levels = comparison["comparison_levels"]
        scored = [lv for lv in levels if not lv.get("is_null_level")]
        labels = {len(scored) - 1 - i: str(lv["label_for_charts"]) for i, lv in enumerate(scored)}
        for lv in levels:
            if lv.get("is_null_level"):
                labels[-1] = str(lv["label_for_charts"])
        out[comparison["output_column_name"]] = labels
    return out


def prior_weight(model: dict[str, Any]) -> float:
    prior = float(model.get("probability_two_random_records_match", 0.0) or 0.0)
    if not 0.0 < prior < 1.0:
        return 0.0
    return math.log2(prior / (1.0 - prior))


def _value(row: dict[str, Any], column: str, side: str) -> Any:
    value = row.get(f"{column}_{side}")
    return list(value) if isinstance(value, tuple) else value


def _show(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "-"
    return str(value)


def _term(row: dict[str, Any], name: str, labels: dict[int, str]) -> dict[str, Any]:
    gamma = int(row.get(f"gamma_{name}", -1))
    weight = float(row.get(f"mw_{name}") or 0.0)
    rarity = float(row.get(f"mw_tf_adj_{name}") or 0.0)
    column = SHOWN.get(name, (name,))[0]
    left, right = _value(row, column, "l"), _value(row, column, "r")
    label = labels.get(gamma, f"level {gamma}")
    text = f"{name}: {label} ({_show(left)} | {_show(right)}) {weight + rarity:+.1f}"
    if rarity:
        how = "rarer" if rarity > 0 else "more common"
        text += f", of which {rarity:+.1f} because this name is {how} than most"
    return {
        "comparison": name,
        "level": label,
        "weight": round(weight + rarity, 3),
        "term_frequency_weight": round(rarity, 3),
        "left": left,
        "right": right,
        "text": text,
    }


class Explainer:
    """Reads one model once (level labels, prior), then explains any number of pairs."""

    def __init__(self, model: dict[str, Any]) -> None:
        self.labels = level_labels(model)
        self.prior = prior_weight(model)

    def __call__(self, row: dict[str, Any]) -> dict[str, Any]:
        """A scored pair (a row of Splink's predictions) -> its explanation."""
        terms = [_term(row, name, by_level) for name, by_level in self.labels.items()]
        weight = float(row["match_weight"])
        probability = float(row["match_probability"])
        summary = " ".join(f"{t['weight']:+.1f} {t['comparison']}" for t in terms if t["weight"])
        return {
            "algorithm": NAME,
            "match_probability": round(probability, 6),
            "match_weight": round(weight, 3),
            "prior_weight": round(self.prior, 3),
            "comparisons": terms,
            "text": (
                f"match weight {weight:+.1f} = prior {self.prior:+.1f} (two records picked at "
                f"random are rarely the same) {summary}; probability {probability:.3f}"
            ),
        }


def explain_pair(row: dict[str, Any], model: dict[str, Any]) -> dict[str, Any]:
    """One pair's explanation (for many pairs, build one Explainer)."""
    return Explainer(model)(row)
