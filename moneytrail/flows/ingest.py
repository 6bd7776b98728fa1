"""Transactions from CSV, Parquet or JSONL (gzip allowed) with a column map, validated.

Every row is checked before anything is traced or scanned, because a silently dropped
or mis-dated payment changes which accounts a chain reaches. A bad row either stops
the run with its line and field, or, when the caller gives a rejects file, is written
there (line, field, reason, raw values) and left out. Amounts in several currencies
are converted only with a rates table the user gives: a missing rate is an error,
never a guess. Loading into a store replaces rows by transaction id, so loading the
same file twice leaves the store as loading it once.
"""

from __future__ import annotations

import csv
import os
import tempfile
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from moneytrail.engines.base import Engine
from moneytrail.errors import InvalidInput
from moneytrail.flows.readers import read_raw

MAP_KEYS = ("id", "source", "target", "amount", "date", "currency")
REQUIRED_KEYS = ("source", "target", "amount", "date")
DAY = 86_400
_NUMBER = r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$"


class TimeKind(StrEnum):
    """How the input wrote dates; outputs write them back the same way."""

    DAY = "day"
    DATE = "date"
    DATETIME = "datetime"


@dataclass(frozen=True)
class Transactions:
    """Valid transactions: id, source, target, amount (float64), t (int64 s), line."""

    table: pa.Table
    time_kind: TimeKind
    rejected: int = 0

    def __len__(self) -> int:
        return int(self.table.num_rows)


def format_time(t: int, kind: TimeKind) -> int | str:
    """Seconds back to the input's own notation (day number, date or datetime)."""
    if kind is TimeKind.DAY:
        return t // DAY
    text = str(np.datetime64(int(t), "s"))
    return text[:10] if kind is TimeKind.DATE else text


def parse_map(spec: str | None) -> dict[str, str]:
    """``id=tran_id,source=orig_acct`` -> {"id": "tran_id", "source": "orig_acct"}."""
    if not spec:
        return {}
    out: dict[str, str] = {}
    for part in spec.split(","):
        key, sep, column = part.partition("=")
        key, column = key.strip(), column.strip()
        if not sep or not key or not column:
            raise InvalidInput(f"--map expects KEY=COLUMN pairs, not {part!r}", field="--map")
        if key not in MAP_KEYS:
            raise InvalidInput(f"unknown --map key {key!r}; keys: {', '.join(MAP_KEYS)}")
        out[key] = column
    return out


def read_rates(path: Path) -> dict[str, float]:
    """A rates table: CSV ``currency,rate``, rate = value of one unit in the report currency."""
    rates: dict[str, float] = {}
    with path.open(newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        if not {"currency", "rate"} <= set(reader.fieldnames or []):
            raise InvalidInput("a rates table needs columns currency,rate", file=str(path), line=1)
        for row in reader:
            try:
                rate = float(row["rate"])
            except (TypeError, ValueError):
                rate = -1.0
            if not rate > 0:
                raise InvalidInput(
                    f"rate must be a positive number, not {row['rate']!r}",
                    file=str(path),
                    line=reader.line_num,
                    field="rate",
                )
            rates[row["currency"].strip().upper()] = rate
    return rates


def read_transactions(
    path: Path,
    mapping: dict[str, str] | None = None,
    *,
    rates: dict[str, float] | None = None,
    rejects: Path | None = None,
) -> Transactions:
    """Read and validate a transaction file; see the module docstring for the rules."""
    columns = {k: (mapping or {}).get(k, k) for k in MAP_KEYS}
    optional = {k for k in ("id", "currency") if not mapping or k not in mapping}
    raw, lines = read_raw(path, columns, optional)
    checks = _Checks(raw, lines)
    amount = checks.amount()
    t, kind = checks.dates()
    checks.accounts()
    ids = checks.ids()
    bad = checks.bad
    if bad.any():
        _report(checks, path, rejects)
    keep = ~bad
    amount = _convert(raw, amount, lines, keep, rates, path)
    table = pa.table(
        {
            "id": ids.filter(pa.array(keep)),
            "source": pc.utf8_trim_whitespace(raw["source"]).filter(pa.array(keep)),
            "target": pc.utf8_trim_whitespace(raw["target"]).filter(pa.array(keep)),
            "amount": pa.array(amount[keep]),
            "t": pa.array(t[keep]),
            "line": pa.array(lines[keep]),
        }
    )
    return Transactions(table, kind, int(bad.sum()))


class _Checks:
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

    def _blank(self, key: str) -> tuple[pa.Array, np.ndarray]:
        text = pc.utf8_trim_whitespace(self.raw[key])
        blank = pc.fill_null(pc.equal(text, ""), True)
        return text, np.asarray(blank, dtype=bool)

    def amount(self) -> np.ndarray:
        text, blank = self._blank("amount")
        number = np.asarray(pc.fill_null(pc.match_substring_regex(text, _NUMBER), False))
        self.mark(blank, "amount", "missing amount")
        self.mark(~blank & ~number, "amount", "amount is not a number")
        clean = pc.if_else(pa.array(number), text, "0")
        values = np.asarray(pc.cast(clean, pa.float64()), dtype=np.float64)
        self.mark(values < 0, "amount", "negative amount")
        return values

    def dates(self) -> tuple[np.ndarray, TimeKind]:
        text, blank = self._blank("date")
        self.mark(blank, "date", "missing date")
        integer = np.asarray(pc.fill_null(pc.match_substring_regex(text, r"^-?\d+$"), False))
        norm = pc.replace_substring_regex(text, r"(\.\d+)?(Z|[+-]00:?00)?$", "")
        norm = pc.replace_substring(norm, "T", " ")
        short = np.asarray(pc.fill_null(pc.equal(pc.utf8_length(norm), 10), False))
        norm = pc.if_else(pa.array(short), pc.binary_join_element_wise(norm, " 00:00:00", ""), norm)
        stamp = pc.strptime(norm, format="%Y-%m-%d %H:%M:%S", unit="s", error_is_null=True)
        parsed = np.asarray(pc.is_valid(stamp), dtype=bool)
        if not parsed.any() and integer.any():
            days = pc.cast(pc.if_else(pa.array(integer), text, "0"), pa.int64())
            self.mark(~blank & ~integer, "date", "bad date (expected an integer day)")
            return np.asarray(days, dtype=np.int64) * DAY, TimeKind.DAY
        self.mark(~blank & ~parsed, "date", "bad date (expected YYYY-MM-DD[ HH:MM:SS])")
        seconds = np.asarray(pc.fill_null(pc.cast(stamp, pa.int64()), 0), dtype=np.int64)
        kind = TimeKind.DATE if short[parsed].all() else TimeKind.DATETIME
        return seconds, kind

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


def _report(checks: _Checks, path: Path, rejects: Path | None) -> None:
    where = np.flatnonzero(checks.bad)
    if rejects is None:
        i = int(where[0])
        raise InvalidInput(
            f"{checks.reason[i]} ({len(where):,} bad rows; pass a rejects file to skip them)",
            file=str(path),
            line=int(checks.lines[i]),
            field=str(checks.field[i]),
        )
    index = pa.array(where)
    table = {
        "line": pa.array(checks.lines[where]),
        "field": pa.array(checks.field[where].tolist(), pa.string()),
        "reason": pa.array(checks.reason[where].tolist(), pa.string()),
        **{f"raw_{k}": v.take(index) for k, v in checks.raw.items()},
    }
    _write_csv_atomic(pa.table(table), rejects)


def _write_csv_atomic(table: pa.Table, target: Path) -> None:
    import pyarrow.csv as pacsv

    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    os.close(fd)
    try:
        pacsv.write_csv(table, tmp)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _convert(
    raw: dict[str, pa.Array],
    amount: np.ndarray,
    lines: np.ndarray,
    keep: np.ndarray,
    rates: dict[str, float] | None,
    path: Path,
) -> np.ndarray:
    """Convert to the report currency with the user's rates; refuse to guess."""
    if "currency" not in raw:
        return amount
    codes = pc.utf8_upper(pc.utf8_trim_whitespace(raw["currency"])).filter(pa.array(keep))
    kept_lines = lines[keep]
    if rates is None:
        distinct = [c for c in pc.unique(codes).to_pylist() if c]
        if len(distinct) > 1:
            raise InvalidInput(
                f"several currencies ({', '.join(sorted(distinct)[:5])}) and no rates table",
                file=str(path),
                field="currency",
            )
        return amount
    known = pa.array(list(rates), pa.string())
    index = pc.index_in(codes, value_set=known)
    missing = np.flatnonzero(np.asarray(pc.is_null(index)))
    if len(missing):
        i = int(missing[0])
        raise InvalidInput(
            f"no rate for currency {codes[i].as_py()!r} in the rates table",
            file=str(path),
            line=int(kept_lines[i]),
            field="currency",
        )
    factors = np.asarray(list(rates.values()), dtype=np.float64)[np.asarray(index)]
    out = amount.copy()
    out[keep] = amount[keep] * factors
    return out


def load_transactions(engine: Engine, txs: Transactions, table: str = "flow_transactions") -> int:
    """Upsert by transaction id in one transaction: a re-load of the same file is a no-op."""
    if not table.isidentifier():
        raise InvalidInput(f"not a table name: {table!r}")
    data = txs.table.drop_columns(["line"])
    engine.execute(
        f"CREATE TABLE IF NOT EXISTS {table} (id VARCHAR, source VARCHAR, target VARCHAR, "
        "amount DOUBLE, t BIGINT)"
    )
    engine.register("_incoming_tx", data)
    try:
        with engine.transaction():
            engine.execute(f"DELETE FROM {table} WHERE id IN (SELECT id FROM _incoming_tx)")
            engine.execute(
                f"INSERT INTO {table} SELECT id, source, target, amount, t FROM _incoming_tx"
            )
    finally:
        engine.unregister("_incoming_tx")
    return int(data.num_rows)
