"""Shareholdings as registries write them, read into exact bounds.

Registries rarely say "50". They say "50%", "50,0 %", "25-50%", "between 25% and
50%", "more than 25% but not more than 50%" (UK PSC), or the PSC code
``ownership-of-shares-25-to-50-percent``. A blocking decision made on a misread
share is a wrong freeze or a missed one, so every form is read into a ``Share``:

* ``low`` and ``high`` in millionths of a percent (integers, so 33.333333 + 16.666667
  is exactly 50 and a threshold is never missed by a float rounding);
* ``strict`` when the lower bound is exclusive ("more than 50%"), which decides the
  EU's "more than 50%" test;
* ``unknown`` when nothing was stated: never read as 0 or 100, the caller flags it.

A bare number is always a percentage, even ``0.5``: FtM's ``percentage`` property
holds percentages, and guessing that ``0.5`` means a half would turn a 0.5% stake
into a blocking 50% one. Text that is none of these forms is refused
(``InvalidInput``): a share we cannot read must be fixed, not skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from moneytrail.errors import InvalidInput

UNIT = 1_000_000  # millionths of a percent
FULL = 100 * UNIT

_NUM = r"(\d+(?:\.\d+)?)"
_PSC = re.compile(r"^(?:ownership-of-shares|shares)-(\d+)-to-(\d+)-percent(?:-[a-z-]+)?$")
_SINGLE = re.compile(rf"^{_NUM}%?$")
_RANGE = re.compile(rf"^(?:between )?{_NUM}%?(?: ?- ?| and | to ){_NUM}%?$")
# Clause words -> (is the bound a lower one, is it exclusive).
_PREFIXES: tuple[tuple[str, bool, bool], ...] = (
    ("not more than", False, False),
    ("not less than", True, False),
    ("no more than", False, False),
    ("no less than", True, False),
    ("more than", True, True),
    ("greater than", True, True),
    ("in excess of", True, True),
    ("exceeding", True, True),
    ("over", True, True),
    ("above", True, True),
    ("at least", True, False),
    ("minimum", True, False),
    ("less than", False, True),
    ("fewer than", False, True),
    ("under", False, True),
    ("below", False, True),
    ("up to", False, False),
    ("at most", False, False),
    ("maximum", False, False),
    (">=", True, False),
    ("<=", False, False),
    (">", True, True),
    ("<", False, True),
)
_SUFFIXES: tuple[tuple[str, bool], ...] = (("or more", True), ("or less", False), ("+", True))


@dataclass(frozen=True, slots=True)
class Share:
    """A holding's bounds in millionths of a percent, with the text it was read from."""

    low: int
    high: int
    strict: bool = False
    unknown: bool = False
    text: str | None = None

    @property
    def exact(self) -> bool:
        return not self.unknown and self.low == self.high


UNKNOWN = Share(low=0, high=FULL, unknown=True)


def to_percent(value: int) -> float:
    """Millionths of a percent -> a float percentage for JSON output."""
    return round(value / UNIT, 6)


def _units(number: str) -> int:
    try:
        value = Decimal(number)
    except InvalidOperation as exc:  # guarded by the regexes; kept for safety
        raise InvalidInput(f"cannot read {number!r} as a number", field="percentage") from exc
    return int((value * UNIT).to_integral_value())


def _normalise(text: str) -> str:
    text = text.strip().lower()
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    text = re.sub(r"(\d),(\d)", r"\1.\2", text)  # decimal comma: percents have no thousands
    text = re.sub(r"\s*(?:per ?cent|percent|pct)\b", "%", text)
    text = re.sub(r"\s+%", "%", text)
    text = text.replace("≥", ">=").replace("≤", "<=")
    return re.sub(r"\s+", " ", text).strip()


def _clause(clause: str) -> tuple[int, bool, bool] | None:
    """One bound ("more than 25%") -> (value, is_lower, exclusive); None if not a bound."""
    clause = clause.strip()
    for word, lower, exclusive in _PREFIXES:
        if clause.startswith(word):
            match = _SINGLE.match(clause[len(word) :].strip())
            return (_units(match.group(1)), lower, exclusive) if match else None
    for word, lower in _SUFFIXES:
        if clause.endswith(word):
            match = _SINGLE.match(clause[: -len(word)].strip())
            return (_units(match.group(1)), lower, False) if match else None
    return None


def _bounds(text: str) -> Share | None:
    """Every form but the bare number; None when the text is no known form."""
    if match := _RANGE.match(text):
        return Share(low=_units(match.group(1)), high=_units(match.group(2)))
    low, high, strict = 0, FULL, False
    for part in re.split(r",? (?:but|and) ", text):
        bound = _clause(part)
        if bound is None:
            return None
        value, lower, exclusive = bound
        if lower:
            low, strict = value, exclusive
        else:
            high = value
    return Share(low=low, high=high, strict=strict)


def parse_percentage(text: str | None) -> Share:
    """Read one stated share; empty means unknown. Raises InvalidInput on anything else."""
    if text is None or not text.strip():
        return UNKNOWN
    norm = _normalise(text)
    if match := _PSC.match(text.strip().lower()):
        low, high = _units(match.group(1)), _units(match.group(2))
        # Companies House: 25-to-50 = more than 25% up to 50%; 75-to-100 = 75% or more.
        share = Share(low=low, high=high, strict=low < 75 * UNIT)
    elif match := _SINGLE.match(norm):
        value = _units(match.group(1))
        share = Share(low=value, high=value)
    else:
        found = _bounds(norm)
        if found is None:
            raise InvalidInput(f"cannot read {text!r} as a percentage", field="percentage")
        share = found
    if not 0 <= share.low <= share.high <= FULL:
        raise InvalidInput(
            f"percentage {text!r} is outside 0-100% or its range is reversed", field="percentage"
        )
    return Share(share.low, share.high, share.strict, False, text.strip())


def parse_percentages(values: list[str]) -> Share:
    """Several stated values for one holding: the widest range they span.

    Two sources disagreeing ("25%", "30%") must not make a holding look surer than
    either says: the lowest lower bound blocks, the highest upper bound flags review.
    """
    shares = [parse_percentage(v) for v in values if v.strip()]
    if not shares:
        return UNKNOWN
    if len(shares) == 1:
        return shares[0]
    low = min(s.low for s in shares)
    return Share(
        low=low,
        high=max(s.high for s in shares),
        strict=all(s.strict for s in shares if s.low == low),
        text=" | ".join(s.text or "" for s in shares),
    )
