"""Row checks on transaction columns: each bad row keeps its first failing field and why.

A row that reaches tracing must not be able to change a result silently, so values a
computer accepts but no bank booked are refused here:

* **amounts** must be finite, non-negative decimal numbers. ``1e309`` overflows to
  infinity, ``nan`` and ``inf`` are not amounts, and a negative amount is a reversal
  whose direction the file should state by swapping source and target (tracing treats
  every row as money moving from source to target). ``1,000`` or ``1.000,50`` are
  refused with a hint: whether the comma groups thousands or marks decimals cannot be
  guessed safely.
* **dates** must be real calendar days (``2024-02-30`` is refused, not rolled over to
  March) between ``min_date`` and ``max_date`` (``--min-date``/``--max-date`` or
  ``MONEYTRAIL_MIN_DATE``/``MONEYTRAIL_MAX_DATE``; default 1900-01-01 to 2100-12-31).
  ``0001-01-01`` and ``9999-12-31`` are common placeholders for "no date": one such row
  once made ``trace`` reach no account at all, because every later payment looked
  centuries after it. Integer day numbers are relative and have no calendar bounds.
* **all dates together** must span less than ``MAX_SPAN`` (about 272 years), the range
  the time-ordered search keys can hold; beyond it the file is refused as a whole.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from moneytrail.errors import InvalidInput

DAY = 86_400
MAX_SPAN = 1 << 33  # seconds; the tracer packs (account, time offset) into one int64
_NUMBER = r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$"
_NON_FINITE = r"(?i)^[+-]?(nan|inf|infinity)$"
_GROUPED = r"^[+-]?\d{1,3}([,.' ]\d{3})+([.,]\d+)?$|^[+-]?\d+,\d+$"
_MAX_DAY_DIGITS = 9  # integer day numbers: anything longer is not a day


def _epoch(day: dt.date) -> int:
    return (day - dt.date(1970, 1, 1)).days * DAY


class RowChecks:
    """Column checks that mark rows bad, remembering the first failing field per row."""

    def __init__(self, raw: dict[str, pa.Array], lines: np.ndarray) -> None:
        self.raw = raw
        self.lines = lines
        self.bad = np.zeros(len(lines), dtype=bool)
        self.field = np.full(len(lines), "", dtype=object)
        self.reason = np.full(len(lines), "", dtype=object)

    def mark(self, mask: np.ndarray, field: str, reason: str) -> None:
        new = mask & ~self.bad
        self.field[new] = field
        self.reason[new] = reason
        self.bad |= mask

    def mark_each(self, mask: np.ndarray, field: str, reasons: list[str]) -> None:
        """Like ``mark`` with one reason per masked row (reasons that quote the value)."""
        new = mask & ~self.bad
        self.field[new] = field
        self.reason[new] = np.asarray(reasons, dtype=object)[new[mask]]
        self.bad |= mask

    def _blank(self, key: str) -> tuple[pa.Array, np.ndarray]:
        text = pc.utf8_trim_whitespace(self.raw[key])
        blank = pc.fill_null(pc.equal(text, ""), True)
        return text, np.asarray(blank, dtype=bool)

    def _matches(self, text: pa.Array, pattern: str) -> np.ndarray:
        return np.asarray(pc.fill_null(pc.match_substring_regex(text, pattern), False))

    def amount(self) -> np.ndarray:
        text, blank = self._blank("amount")
        number = self._matches(text, _NUMBER)
        self.mark(blank, "amount", "missing amount")
        self.mark(self._matches(text, _NON_FINITE), "amount", "amount is not a finite number")
        grouped = ~number & self._matches(text, _GROUPED)
        self.mark_each(
            grouped,
            "amount",
            [
                f"amount {v!r} has a thousands separator or decimal comma: write it as "
                "1000 or 1000.50 (a dot for decimals, no grouping)"
                for v in text.filter(pa.array(grouped)).to_pylist()
            ],
        )
        self.mark(~blank & ~number, "amount", "amount is not a number")
        clean = pc.if_else(pa.array(number), text, "0")
        with np.errstate(over="ignore"):
            values = np.asarray(pc.cast(clean, pa.float64()), dtype=np.float64)
        self.mark(~np.isfinite(values), "amount", "amount is too large to be a number (overflow)")
        self.mark(values < 0, "amount", "negative amount (swap source and target for a reversal)")
        return np.where(np.isfinite(values), values, 0.0)

    def accounts(self) -> None:
        for key in ("source", "target"):
            _, blank = self._blank(key)
            self.mark(blank, key, f"missing {key} account")

    def ids(self) -> pa.Array:
        if "id" not in self.raw:
            return pc.cast(pa.array(self.lines), pa.string())
        text, blank = self._blank("id")
        self.mark(blank, "id", "missing transaction id")
        codes = np.asarray(pc.fill_null(text.dictionary_encode().indices, -1), dtype=np.int64)
        _, first = np.unique(codes, return_index=True)
        repeat = np.ones(len(codes), dtype=bool)
        repeat[first] = False
        self.mark(repeat & ~blank, "id", "duplicate transaction id")
        return text

    def dates(self, min_date: dt.date, max_date: dt.date) -> tuple[np.ndarray, bool]:
        """Seconds since 1970 per row, and whether the column holds integer day numbers."""
        text, blank = self._blank("date")
        self.mark(blank, "date", "missing date")
        integer = self._matches(text, r"^-?\d+$")
        norm = pc.replace_substring_regex(text, r"(\.\d+)?(Z|[+-]00:?00)?$", "")
        norm = pc.replace_substring(norm, "T", " ")
        short = np.asarray(pc.fill_null(pc.equal(pc.utf8_length(norm), 10), False))
        norm = pc.if_else(pa.array(short), pc.binary_join_element_wise(norm, " 00:00:00", ""), norm)
        stamp = pc.strptime(norm, format="%Y-%m-%d %H:%M:%S", unit="s", error_is_null=True)
        parsed = np.asarray(pc.is_valid(stamp), dtype=bool)
        if not parsed.any() and integer.any():
            return self._day_numbers(text, blank, integer), True
        self.mark(~blank & ~parsed, "date", "bad date (expected YYYY-MM-DD[ HH:MM:SS])")
        self._rolled_over(text, norm, stamp, parsed)
        seconds = np.asarray(pc.fill_null(pc.cast(stamp, pa.int64()), 0), dtype=np.int64)
        self._bounds(text, seconds, parsed, min_date, max_date)
        return seconds, False

    def _day_numbers(self, text: pa.Array, blank: np.ndarray, integer: np.ndarray) -> np.ndarray:
        self.mark(~blank & ~integer, "date", "bad date (expected an integer day)")
        digits = np.asarray(pc.fill_null(pc.utf8_length(text), 0)) - np.asarray(
            pc.fill_null(pc.starts_with(text, "-"), False), dtype=np.int64
        )
        huge = integer & (digits > _MAX_DAY_DIGITS)
        self.mark(huge, "date", f"day number longer than {_MAX_DAY_DIGITS} digits")
        days = pc.cast(pc.if_else(pa.array(integer & ~huge), text, "0"), pa.int64())
        return np.asarray(days, dtype=np.int64) * DAY

    def _rolled_over(
        self, text: pa.Array, norm: pa.Array, stamp: pa.Array, parsed: np.ndarray
    ) -> None:
        """2024-02-30 parses as 2024-03-01: refuse any date whose parts were rolled over."""
        parts = pc.extract_regex(norm, r"^(?P<y>-?\d+)-(?P<m>\d+)-(?P<d>\d+)")
        same = np.ones(len(parsed), dtype=bool)
        for name, part in (("y", pc.year), ("m", pc.month), ("d", pc.day)):
            given = pc.cast(pc.struct_field(parts, name), pa.int64())
            equal = pc.fill_null(pc.equal(given, part(stamp)), False)
            same &= np.asarray(equal, dtype=bool)
        rolled = parsed & ~same
        values = text.filter(pa.array(rolled)).to_pylist()
        self.mark_each(rolled, "date", [f"no such date or time: {v!r}" for v in values])

    def _bounds(
        self,
        text: pa.Array,
        seconds: np.ndarray,
        parsed: np.ndarray,
        min_date: dt.date,
        max_date: dt.date,
    ) -> None:
        early = parsed & (seconds < _epoch(min_date))
        late = parsed & (seconds >= _epoch(max_date) + DAY)
        for mask, side, bound, option in (
            (early, "before", min_date, "min"),
            (late, "after", max_date, "max"),
        ):
            values = text.filter(pa.array(mask)).to_pylist()
            reasons = [
                f"date {v!r} is {side} {bound.isoformat()} (a placeholder for a missing "
                f"date?); --{option}-date or MONEYTRAIL_{option.upper()}_DATE widens the range"
                for v in values
            ]
            self.mark_each(mask, "date", reasons)


def check_span(seconds: np.ndarray, lines: np.ndarray, path: str) -> None:
    """Refuse a file whose valid dates span more than the tracer's time keys can hold."""
    if len(seconds) < 2:
        return
    lo, hi = int(np.argmin(seconds)), int(np.argmax(seconds))
    if int(seconds[hi]) - int(seconds[lo]) < MAX_SPAN:
        return
    years = MAX_SPAN // (DAY * 36525 // 100)
    raise InvalidInput(
        f"dates span from line {int(lines[lo])} to line {int(lines[hi])}, more than "
        f"{years} years: check both for placeholder dates",
        file=path,
        field="date",
    )
