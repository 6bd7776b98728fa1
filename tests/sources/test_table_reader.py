"""The one tabular reader: columns (``table_reader``), rows (``table_rows``), maps, rejects.

Every table users bring is read here, so each format and each refusal is tested on a
slice of the demo data the package ships: the same ledger as CSV, Parquet, JSONL and
gzip must read to the same values on the same lines, and a bad file must be refused
with the same words (file, line, field) whichever view reads it.
"""

from __future__ import annotations

import csv
import gzip
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from moneytrail.errors import InvalidInput
from moneytrail.sources import table_rows
from moneytrail.sources.column_map import parse_map
from moneytrail.sources.rejects import write_rejects
from moneytrail.sources.table_reader import read_raw, table_format
from moneytrail.sources.table_rows import TableRows, json_lines

DEMO = Path(__file__).resolve().parents[2] / "moneytrail" / "data" / "demo"
TX_MAP = "id=tx_id,source=from_account,target=to_account,amount=amount,date=value_date"
KEYS = ("id", "source", "target", "amount", "date")


@pytest.fixture
def ledger_text() -> str:
    """The demo ledger's header and first 20 payments."""
    lines = (DEMO / "transactions.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    return "".join(lines[:21])


@pytest.fixture
def ledger(tmp_path: Path, ledger_text: str) -> Path:
    path = tmp_path / "tx.csv"
    path.write_text(ledger_text, encoding="utf-8")
    return path


def expected_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(text.splitlines()))


def columns() -> dict[str, str]:
    return parse_map(TX_MAP, keys=KEYS)


def test_csv_columns_and_rows_agree(ledger: Path, ledger_text: str) -> None:
    want = expected_rows(ledger_text)
    raw, lines = read_raw(ledger, columns(), set())
    assert lines.tolist() == list(range(2, 22))
    assert raw["id"].to_pylist() == [r["tx_id"] for r in want]
    assert raw["amount"].to_pylist()[:2] == ["65.13", "105.93"]
    rows = list(TableRows(ledger))
    assert [line for line, _ in rows] == list(range(2, 22))
    assert [row for _, row in rows] == want
    assert TableRows(ledger).columns == list(want[0])


def test_parquet_reads_as_text_in_batches(
    tmp_path: Path, ledger_text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    want = expected_rows(ledger_text)
    table = pa.table({k: [r[k] for r in want] for k in want[0]})
    table = table.set_column(4, "amount", pa.array([float(r["amount"]) for r in want]))
    path = tmp_path / "tx.parquet"
    pq.write_table(table, path)
    raw, lines = read_raw(path, columns(), set())
    assert lines.tolist() == list(range(1, 21))
    assert raw["amount"].to_pylist()[:2] == ["65.13", "105.93"]  # typed column, read as text
    monkeypatch.setattr(table_rows, "BATCH", 3)  # several batches: numbering runs on
    rows = list(TableRows(path))
    assert [line for line, _ in rows] == list(range(1, 21))
    assert rows[19][1]["tx_id"] == want[19]["tx_id"] and rows[0][1]["amount"] == 65.13
    packed = tmp_path / "tx.parquet.gz"
    packed.write_bytes(gzip.compress(path.read_bytes()))
    assert list(TableRows(packed)) == rows
    assert read_raw(packed, columns(), set())[0]["id"] == raw["id"]


def test_jsonl_as_columns_rows_and_records(tmp_path: Path, ledger_text: str) -> None:
    want = expected_rows(ledger_text)
    path = tmp_path / "tx.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in want), encoding="utf-8")
    raw, lines = read_raw(path, columns(), set())
    assert lines.tolist() == list(range(1, 21)) and raw["target"][0].as_py() == "GM03-1030"
    assert [row for _, row in TableRows(path)] == want
    shipments = tmp_path / "shipments.jsonl"
    text = (DEMO / "shipments.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    shipments.write_text(text[0] + "\n" + text[1], encoding="utf-8")  # a blank line between
    records = list(json_lines(shipments))
    assert [line for line, _ in records] == [1, 3]
    assert records[0][1]["id"] == "demo-tj-01" and records[1][1]["parties"]


def test_gzip_reads_as_the_plain_file(tmp_path: Path, ledger: Path, ledger_text: str) -> None:
    packed = tmp_path / "tx.csv.gz"
    packed.write_bytes(gzip.compress(ledger_text.encode()))
    assert table_format(packed) == "csv"
    raw, lines = read_raw(packed, columns(), set())
    plain, plain_lines = read_raw(ledger, columns(), set())
    assert lines.tolist() == plain_lines.tolist()
    assert {k: v.to_pylist() for k, v in raw.items()} == {
        k: v.to_pylist() for k, v in plain.items()
    }
    assert list(TableRows(packed)) == list(TableRows(ledger))


def test_a_mapped_column_the_file_lacks(ledger: Path) -> None:
    mapping = parse_map(TX_MAP.replace("amount=amount", "amount=amt"), keys=KEYS)
    with pytest.raises(InvalidInput) as err:
        read_raw(ledger, mapping, set())
    assert (err.value.file, err.value.line, err.value.field) == (str(ledger), 1, "amount")
    assert "no column 'amt' for 'amount'" in err.value.reason
    assert "columns: tx_id, value_date, from_account" in err.value.reason
    rows = TableRows(ledger)
    with pytest.raises(InvalidInput) as err:
        rows.require({"name": "full_name"})
    assert (err.value.file, err.value.line, err.value.field) == (str(ledger), 1, "full_name")


def test_map_notation() -> None:
    assert parse_map(" id = tx_id , amount=amt ,") == {"id": "tx_id", "amount": "amt"}
    assert parse_map(None) == {}
    with pytest.raises(InvalidInput, match="--labels-map expects KEY=COLUMN pairs, not 'id'"):
        parse_map("id", option="--labels-map")
    with pytest.raises(InvalidInput) as err:
        parse_map("weight=amt", keys=KEYS)
    assert err.value.field == "--map"
    assert err.value.reason == "unknown --map key 'weight'; keys: id, source, target, amount, date"


def test_a_ragged_row_names_its_line(ledger: Path, ledger_text: str) -> None:
    lines = ledger_text.splitlines(keepends=True)
    lines[8] = lines[8].replace("purchase", "purchase, refund")  # an unquoted comma
    ledger.write_text("".join(lines), encoding="utf-8")
    for read in (lambda: read_raw(ledger, columns(), set()), lambda: list(TableRows(ledger))):
        with pytest.raises(InvalidInput) as err:
            read()
        assert (err.value.file, err.value.line) == (str(ledger), 9)
        assert "a row of 8 fields where the header has 7" in err.value.reason


def test_row_lines_are_where_a_row_starts(ledger: Path, ledger_text: str) -> None:
    lines = ledger_text.splitlines(keepends=True)
    lines[2] = lines[2].replace("purchase", '"purchase\nsecond line"')
    ledger.write_text("".join(lines[:2]) + "\n" + "".join(lines[2:5]), encoding="utf-8")
    found = [(line, row["reference"]) for line, row in TableRows(ledger)]
    assert found == [
        (2, "purchase"),
        (4, "purchase\nsecond line"),
        (6, "purchase"),
        (7, "family support"),
    ]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
def test_utf16_is_refused(tmp_path: Path, ledger_text: str, encoding: str) -> None:
    path = tmp_path / "tx.csv"
    path.write_bytes(ledger_text.encode(encoding))
    for read in (lambda: read_raw(path, columns(), set()), lambda: TableRows(path)):
        with pytest.raises(InvalidInput) as err:
            read()
        assert err.value.file == str(path)
        assert "the file is UTF-16, not UTF-8: save it as UTF-8" in err.value.reason


def test_latin1_is_refused_with_its_line(tmp_path: Path, ledger_text: str) -> None:
    text = ledger_text.replace("TX00005", "TX\xe900005")
    path = tmp_path / "tx.csv"
    path.write_bytes(text.encode("latin-1"))
    for read in (lambda: read_raw(path, columns(), set()), lambda: list(TableRows(path))):
        with pytest.raises(InvalidInput) as err:
            read()
        assert (err.value.file, err.value.line) == (str(path), 6)
        assert "not UTF-8 (byte 0xe9; Latin-1 or Windows-1252?)" in err.value.reason


def test_errors_name_what_the_user_gave(tmp_path: Path) -> None:
    spooled = tmp_path / "moneytrail-stdin-1.csv"
    spooled.write_bytes(b"id,name\n1,A\n2,B,C\n")
    with pytest.raises(InvalidInput) as err:
        list(TableRows(spooled, name="<stdin>"))
    assert (err.value.file, err.value.line) == ("<stdin>", 3)


def test_rejects_file(tmp_path: Path, ledger: Path, ledger_text: str) -> None:
    from moneytrail.flows import read_transactions

    lines = ledger_text.splitlines(keepends=True)
    lines[3] = lines[3].replace("2024-03-01", "2024-02-30")
    lines[9] = lines[9].replace(",360.15,", ",12.5x,")
    ledger.write_text("".join(lines), encoding="utf-8")
    rejects = tmp_path / "rejects.csv"
    txs = read_transactions(ledger, parse_map(TX_MAP, keys=KEYS), rejects=rejects)
    assert len(txs) == 18 and txs.rejected == 2
    with rejects.open(encoding="utf-8") as fh:
        found = list(csv.DictReader(fh))
    assert [(r["line"], r["field"]) for r in found] == [("4", "date"), ("10", "amount")]
    assert found[0]["raw_date"] == "2024-02-30" and found[1]["raw_amount"] == "12.5x"
    assert found[0]["raw_id"] == "TX00003" and found[0]["reason"]
    assert not list(tmp_path.glob(".rejects.csv.*"))  # no temporary file left behind


def test_rejects_writer_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "rejects.csv"
    target.write_text("an earlier report\n")
    written = write_rejects(target, [7], ["name"], ["no name"], {"name": [None]})
    assert written == 1
    assert target.read_text().splitlines() == [
        '"line","field","reason","raw_name"',
        '7,"name","no name",',
    ]
    with pytest.raises(InvalidInput, match="cannot write rejects"):
        write_rejects(tmp_path / "no" / "such.csv", [1], ["f"], ["r"], {})

    import pyarrow.csv as pacsv

    def full_disk(table: pa.Table, where: str) -> None:
        Path(where).write_text("half a rep")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pacsv, "write_csv", full_disk)
    with pytest.raises(InvalidInput, match="No space left on device"):
        write_rejects(target, [8], ["name"], ["no name"], {"name": [None]})
    assert target.read_text().startswith('"line"')  # the last complete report stays
    assert [p.name for p in tmp_path.iterdir()] == ["rejects.csv"]
