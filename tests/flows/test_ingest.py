"""Ingest: formats, validation with line and field, rejects file, currencies, re-load."""

from __future__ import annotations

import csv
import gzip
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from moneytrail.engines import DuckDBEngine
from moneytrail.errors import InvalidInput
from moneytrail.flows import TimeKind, load_transactions, parse_map, read_rates, read_transactions

HEADER = "tid,from,to,amt,when,ccy\n"
MAP = parse_map("id=tid,source=from,target=to,amount=amt,date=when,currency=ccy")


def write(tmp_path: Path, body: str, name: str = "tx.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + body)
    return path


def test_reads_csv_with_a_map(tmp_path: Path) -> None:
    path = write(tmp_path, "1,A,B,10.5,2024-01-02,EUR\n2,B,C,3,2024-01-03T10:00:00Z,EUR\n")
    txs = read_transactions(path, MAP)
    assert txs.table.column("id").to_pylist() == ["1", "2"]
    assert txs.table.column("amount").to_pylist() == [10.5, 3.0]
    assert txs.time_kind is TimeKind.DATETIME


@pytest.mark.parametrize(
    ("row", "field", "reason"),
    [
        ("1,A,B,10,2024-13-01,EUR", "date", "bad date"),
        ("1,A,B,-5,2024-01-01,EUR", "amount", "negative amount"),
        ("1,A,B,,2024-01-01,EUR", "amount", "missing amount"),
        ("1,A,B,ten,2024-01-01,EUR", "amount", "not a number"),
        ("1,,B,10,2024-01-01,EUR", "source", "missing source"),
        ("1,A, ,10,2024-01-01,EUR", "target", "missing target"),
    ],
)
def test_bad_row_is_a_clear_error(tmp_path: Path, row: str, field: str, reason: str) -> None:
    path = write(tmp_path, f"0,A,B,1,2024-01-01,EUR\n{row}\n")
    with pytest.raises(InvalidInput) as err:
        read_transactions(path, MAP)
    assert err.value.line == 3 and err.value.field == field
    assert reason in str(err.value) and "tx.csv" in str(err.value)


def test_rejects_file_names_line_and_field(tmp_path: Path) -> None:
    path = write(tmp_path, "1,A,B,10,2024-01-01,EUR\n2,A,B,-1,2024-01-01,EUR\n1,A,C,5,x,EUR\n")
    rejects = tmp_path / "rejects.csv"
    txs = read_transactions(path, MAP, rejects=rejects)
    assert len(txs) == 1 and txs.rejected == 2
    rows = list(csv.DictReader(rejects.read_text().splitlines()))
    assert [(r["line"], r["field"]) for r in rows] == [("3", "amount"), ("4", "date")]
    assert rows[1]["raw_date"] == "x"


def test_duplicate_id_is_rejected(tmp_path: Path) -> None:
    path = write(tmp_path, "1,A,B,10,2024-01-01,EUR\n1,A,C,5,2024-01-02,EUR\n")
    with pytest.raises(InvalidInput, match="duplicate"):
        read_transactions(path, MAP)


def test_currency_conversion_and_missing_rate(tmp_path: Path) -> None:
    path = write(tmp_path, "1,A,B,10,2024-01-01,usd\n2,A,C,5,2024-01-02,EUR\n")
    rates_file = tmp_path / "rates.csv"
    rates_file.write_text("currency,rate\nUSD,0.9\nEUR,1\n")
    txs = read_transactions(path, MAP, rates=read_rates(rates_file))
    assert txs.table.column("amount").to_pylist() == [9.0, 5.0]
    with pytest.raises(InvalidInput, match="no rate for currency 'USD'") as err:
        read_transactions(path, MAP, rates={"EUR": 1.0})
    assert err.value.line == 2
    with pytest.raises(InvalidInput, match="no rates table"):
        read_transactions(path, MAP)


def test_integer_days_parquet_and_gzipped_jsonl(tmp_path: Path) -> None:
    table = pa.table({"tid": ["a", "b"], "from": ["X", "Y"], "to": ["Y", "Z"],
                      "amt": [1.5, 2.0], "when": [3, 4]})  # fmt: skip
    pq.write_table(table, tmp_path / "tx.parquet")
    no_ccy = {k: v for k, v in MAP.items() if k != "currency"}
    txs = read_transactions(tmp_path / "tx.parquet", no_ccy)
    assert txs.time_kind is TimeKind.DAY and txs.table.column("t").to_pylist() == [
        3 * 86400,
        4 * 86400,
    ]
    lines = [{"tid": 1, "from": "X", "to": "Y", "amt": 2, "when": "2024-01-01"},
             {"tid": "b", "from": "Y", "to": "Z", "amt": "3.5", "when": "2024-01-02"}]  # fmt: skip
    with gzip.open(tmp_path / "tx.jsonl.gz", "wt") as fh:
        fh.write("".join(json.dumps(x) + "\n" for x in lines))
    txs = read_transactions(tmp_path / "tx.jsonl.gz", no_ccy)
    assert txs.table.column("amount").to_pylist() == [2.0, 3.5]
    assert txs.time_kind is TimeKind.DATE


def test_missing_column_and_unknown_map_key(tmp_path: Path) -> None:
    path = write(tmp_path, "1,A,B,10,2024-01-01,EUR\n")
    with pytest.raises(InvalidInput, match="no column 'nope'"):
        read_transactions(path, {**MAP, "amount": "nope"})
    with pytest.raises(InvalidInput, match="unknown --map key"):
        parse_map("weight=amt")


def test_reload_is_idempotent(tmp_path: Path) -> None:
    path = write(tmp_path, "1,A,B,10,2024-01-01,EUR\n2,B,C,5,2024-01-02,EUR\n")
    engine = DuckDBEngine(tmp_path / "store.duckdb")
    txs = read_transactions(path, MAP)
    load_transactions(engine, txs)
    first = engine.query("SELECT * FROM flow_transactions ORDER BY id").to_pylist()
    load_transactions(engine, read_transactions(path, MAP))
    assert engine.query("SELECT * FROM flow_transactions ORDER BY id").to_pylist() == first
    engine.close()
