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

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from moneytrail.engines.base import Engine
from moneytrail.errors import InvalidInput
from moneytrail.flows.checks import DAY as DAY  # re-exported: reports use it
from moneytrail.flows.checks import RowChecks, check_span
from moneytrail.flows.kinds import TimeKind as TimeKind
from moneytrail.settings import DEFAULT_MAX_DATE, DEFAULT_MIN_DATE
from moneytrail.sources import column_map
from moneytrail.sources.rejects import write_rejects
from moneytrail.sources.table_reader import read_raw
from moneytrail.sources.table_rows import TableRows

MAP_KEYS = ("id", "source", "target", "amount", "date", "currency")
REQUIRED_KEYS = ("source", "target", "amount", "date")


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
    return column_map.parse_map(spec, keys=MAP_KEYS)


def read_rates(path: Path) -> dict[str, float]:
    """A rates table: CSV ``currency,rate``, rate = value of one unit in the report currency."""
    rates: dict[str, float] = {}
    if not path.is_file():
        raise InvalidInput("no such rates file", file=str(path))
    table = TableRows(path, what="a rates table (CSV text)", kind="csv")
    if not {"currency", "rate"} <= set(table.columns):
        raise InvalidInput("a rates table needs columns currency,rate", file=str(path), line=1)
    for line, row in table:
        try:
            rate = float(row["rate"])
        except (TypeError, ValueError):
            rate = -1.0
        if not rate > 0:
            raise InvalidInput(
                f"rate must be a positive number, not {row['rate']!r}",
                file=str(path),
                line=line,
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
    min_date: dt.date = DEFAULT_MIN_DATE,
    max_date: dt.date = DEFAULT_MAX_DATE,
) -> Transactions:
    """Read and validate a transaction file; see the module docstring for the rules."""
    columns = {k: (mapping or {}).get(k, k) for k in MAP_KEYS}
    optional = {k for k in ("id", "currency") if not mapping or k not in mapping}
    raw, lines = read_raw(path, columns, optional)
    checks = RowChecks(raw, lines)
    amount = checks.amount()
    t, day_numbers = checks.dates(min_date, max_date)
    checks.accounts()
    ids = checks.ids()
    bad = checks.bad
    if bad.any():
        _report(checks, path, rejects)
    keep = ~bad
    if not keep.any():
        raise InvalidInput(f"every row was rejected (see {rejects})", file=str(path))
    check_span(t[keep], lines[keep], str(path))
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
    return Transactions(table, _kind(raw["date"], keep, day_numbers), int(bad.sum()))


def _kind(dates: pa.Array, keep: np.ndarray, day_numbers: bool) -> TimeKind:
    """Day numbers, dates, or datetimes as the kept rows wrote them."""
    if day_numbers:
        return TimeKind.DAY
    kept = pc.utf8_trim_whitespace(dates).filter(pa.array(keep))
    short = pc.all(pc.equal(pc.utf8_length(kept), 10)).as_py()
    return TimeKind.DATE if short else TimeKind.DATETIME


def _report(checks: RowChecks, path: Path, rejects: Path | None) -> None:
    where = np.flatnonzero(checks.bad)
    if rejects is None:
        i = int(where[0])
        raise InvalidInput(
            f"{checks.reason[i]} ({_rows(len(where))} in all; a rejects file takes them out)",
            file=str(path),
            line=int(checks.lines[i]),
            field=str(checks.field[i]),
        )
    index = pa.array(where)
    write_rejects(
        rejects,
        checks.lines[where],
        checks.field[where].tolist(),
        checks.reason[where].tolist(),
        {k: v.take(index) for k, v in checks.raw.items()},
    )


def _rows(n: int) -> str:
    return f"{n:,} bad row" + ("" if n == 1 else "s")


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
