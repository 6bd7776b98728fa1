"""Bad inputs to ``screen``, ``ownership``, ``portfolio add``, ``lists load``, ``resolve`` and
``trade screen``.

The categories of issue 19, item 11 (another encoding, binary bytes, nothing at all, a
header alone, a ragged row, a missing output folder, a full disk): each command refuses
with one ``error:`` line naming the file (and line) and exit 2, through the real entry
point, leaving a previous output file as it was. Also: impossible birth dates are
reported, not dropped; ownership totals over 100% are reported, not accepted.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from moneytrail.cli import output
from tests.cli.test_bad_transactions import (
    FullDisk,
    assert_one_line_refusal,
    assert_untouched,
    invoke,
    previous_output,
)
from tests.conftest import FIXTURES

LIST = FIXTURES / "ofac_sdn_2021-07_slice"
OWNERSHIP = FIXTURES / "ownership_tajideen.jsonl"
MAP = "id=cust_id,name=full_name,birthDate=dob"
CSV = "cust_id,full_name,dob\nC1,Kassim Tajideen,1955-07-26\nC2,Jane Smith,1980-01-01\n"
JSONL = "".join(
    json.dumps({"id": i, "schema": "Person", "properties": {"name": [n]}}) + "\n"
    for i, n in (("C1", "Kassim Tajideen"), ("C2", "Jane Smith"))
)


@dataclass(frozen=True)
class Case:
    data: Callable[[str], bytes]  # from the good text of the format
    words: str
    line: int | None = None


CASES: dict[str, Case] = {
    "utf16": Case(lambda t: t.encode("utf-16"), "UTF-16"),
    "utf16-no-bom": Case(lambda t: t.encode("utf-16-le"), "UTF-16"),
    "latin1": Case(
        lambda t: (
            t + t.splitlines()[-1].replace("Smith", "P\xe9rez").replace("C2", "C3") + "\n"
        ).encode("latin-1"),
        "not UTF-8",
        4,
    ),
    "binary": Case(lambda t: bytes(range(256)) * 64, "binary file"),
    "empty": Case(lambda t: b"", "empty file"),
    "blank-lines": Case(lambda t: b"\n\n  \n", "empty file"),
}
CSV_CASES: dict[str, Case] = {
    "header-only": Case(lambda t: t.splitlines()[0].encode() + b"\n", "no records"),
    "ragged-short": Case(lambda t: (t + "C3,Foo\n").encode(), "2 fields where the header has 3", 4),
    "ragged-long": Case(lambda t: (t + "C3,Foo,1990-01-01,x\n").encode(), "4 fields", 4),
}


def write(tmp: Path, name: str, data: bytes) -> Path:
    path = tmp / name
    path.write_bytes(data)
    return path


def screen_args(bad: Path, out: Path) -> list[str]:
    mapping = ["--map", MAP] if bad.suffix == ".csv" else []
    return ["screen", str(bad), *mapping, "--list", str(LIST), "--output", str(out)]


@pytest.mark.parametrize("case", [*CASES, *CSV_CASES])
def test_screen_csv(tmp_path: Path, case: str) -> None:
    spec = {**CASES, **CSV_CASES}[case]
    bad = write(tmp_path, "customers.csv", spec.data(CSV))
    out = previous_output(tmp_path)
    line = assert_one_line_refusal(invoke(*screen_args(bad, out)), str(bad), spec.words)
    if spec.line is not None:
        assert f", line {spec.line}:" in line
    assert_untouched(out)


@pytest.mark.parametrize("case", list(CASES))
def test_screen_jsonl(tmp_path: Path, case: str) -> None:
    spec = CASES[case]
    bad = write(tmp_path, "customers.jsonl", spec.data(JSONL))
    out = previous_output(tmp_path)
    line = assert_one_line_refusal(invoke(*screen_args(bad, out)), str(bad), spec.words)
    if case == "latin1":
        assert ", line 3:" in line
    assert_untouched(out)


def test_screen_not_parquet(tmp_path: Path) -> None:
    bad = write(tmp_path, "customers.parquet", b"PAR1 nonsense")
    out = previous_output(tmp_path)
    assert_one_line_refusal(invoke(*screen_args(bad, out)), str(bad), "Parquet")
    assert_untouched(out)


@pytest.mark.parametrize("case", list(CASES))
def test_ownership(tmp_path: Path, case: str) -> None:
    text = OWNERSHIP.read_text(encoding="utf-8")
    spec = CASES[case]
    bad = write(tmp_path, "entities.jsonl", spec.data(text) if case != "latin1" else (
        text + '{"id": "x", "schema": "Person", "properties": {"name": ["Jos\xe9"]}}\n'
    ).encode("latin-1"))  # fmt: skip
    out = previous_output(tmp_path)
    args = ["ownership", "--entities", str(bad), "--output", str(out)]
    line = assert_one_line_refusal(invoke(*args), str(bad), spec.words)
    if case == "latin1":
        assert ", line 36:" in line
    assert_untouched(out)


@pytest.fixture
def store(store_copy: Path) -> Path:
    return store_copy


@pytest.mark.parametrize("case", [*CASES, *CSV_CASES])
def test_portfolio_add(store: Path, tmp_path: Path, case: str) -> None:
    spec = {**CASES, **CSV_CASES}[case]
    bad = write(tmp_path, "customers.csv", spec.data(CSV))
    args = ["--store", str(store), "portfolio", "add", str(bad), "--map", MAP]
    assert_one_line_refusal(invoke(*args), str(bad), spec.words)
    listed = invoke("--store", str(store), "portfolio", "list", "--json")
    assert listed.code == 0 and listed.stdout == ""  # nothing stored


@pytest.mark.parametrize("case", ["utf16", "binary", "empty"])
def test_lists_load(store: Path, tmp_path: Path, case: str) -> None:
    bad = write(tmp_path, "sdn.csv", CASES[case].data((LIST / "sdn.csv").read_text()))
    result = invoke("--store", str(store), "lists", "load", str(bad))
    assert_one_line_refusal(result, str(bad))


def full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    def full(fd: int) -> object:
        import io
        import os

        os.close(fd)
        return io.BufferedWriter(FullDisk())

    monkeypatch.setattr(output, "_binary", full)


def output_commands(tmp: Path, store: Path, out: Path) -> dict[str, list[str]]:
    customers = write(tmp, "customers.csv", CSV.encode())
    return {
        "screen": screen_args(customers, out),
        "ownership": ["ownership", "--entities", str(OWNERSHIP), "--output", str(out)],
        "resolve": ["--store", str(store), "resolve", "--no-lists", "--output", str(out)],
    }


@pytest.mark.parametrize("name", ["screen", "ownership", "resolve"])
def test_a_missing_output_folder(store: Path, tmp_path: Path, name: str) -> None:
    out = tmp_path / "no" / "such" / "result.jsonl"
    result = invoke(*output_commands(tmp_path, store, out)[name])
    assert_one_line_refusal(result, str(out.parent), "no such folder")


@pytest.mark.parametrize("name", ["screen", "ownership"])  # resolve: no clusters to write
def test_a_full_disk_keeps_the_previous_output(
    store: Path, tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = previous_output(tmp_path)
    args = output_commands(tmp_path, store, out)[name]
    full_disk(monkeypatch)
    assert_one_line_refusal(invoke(*args), str(out), "No space left on device")
    assert_untouched(out)


# -- accepted, but not silently ---------------------------------------------------------


@pytest.mark.parametrize("value", ["1985-02-30", "0000-00-00", "1985-13-01"])
def test_an_impossible_birth_date_is_reported(tmp_path: Path, value: str) -> None:
    data = CSV.replace("1980-01-01", value)
    customers = write(tmp_path, "customers.csv", data.encode())
    out = tmp_path / "result.jsonl"
    result = invoke(*screen_args(customers, out))
    assert result.code == 0, result.stderr
    warnings = [x for x in result.stderr.splitlines() if x.startswith("warning: ")]
    assert len(warnings) == 1, result.stderr
    assert f"{customers}, line 3, field birthDate: '{value}' is not a date" in warnings[0]
    assert "'C2'" in warnings[0]
    assert len(out.read_text().splitlines()) == 2


def test_a_valid_birth_date_gives_no_warning(tmp_path: Path) -> None:
    customers = write(tmp_path, "customers.csv", CSV.encode())
    result = invoke(*screen_args(customers, tmp_path / "r.jsonl"))
    assert result.code == 0 and "warning" not in result.stderr


def test_ownership_over_100_percent_is_reported(tmp_path: Path) -> None:
    text = OWNERSHIP.read_text(encoding="utf-8")
    edited = text.replace(
        '"asset": ["tj-co-001"], "percentage": ["40%"]',
        '"asset": ["tj-co-001"], "percentage": ["100%"]',
    )
    assert edited != text
    entities = write(tmp_path, "entities.jsonl", edited.encode())
    out = tmp_path / "o.jsonl"
    result = invoke("ownership", "--entities", str(entities), "--output", str(out))
    assert result.code == 0, result.stderr
    assert "'tj-co-001'" in result.stderr and "160% in total" in result.stderr
    records = {r["id"]: r for r in map(json.loads, out.read_text().splitlines())}
    assert records["tj-co-001"]["over_100_percent"] is True
    assert records["tj-co-001"]["stated_total"] == 160.0
    clean = invoke("ownership", "--entities", str(OWNERSHIP), "--output", str(out))
    assert "warning" not in clean.stderr and "over_100_percent" not in out.read_text()


def test_an_overfull_asset_nobody_blocks_gets_a_review_record(tmp_path: Path) -> None:
    lines = [
        {"id": "p1", "schema": "Person", "properties": {"name": ["A"]}},
        {"id": "p2", "schema": "Person", "properties": {"name": ["B"]}},
        {"id": "co", "schema": "Company", "properties": {"name": ["C"]}},
        {"id": "o1", "schema": "Ownership",
         "properties": {"owner": ["p1"], "asset": ["co"], "percentage": ["80"]}},
        {"id": "o2", "schema": "Ownership",
         "properties": {"owner": ["p2"], "asset": ["co"], "percentage": ["80"]}},
    ]  # fmt: skip
    entities = write(tmp_path, "e.jsonl", "".join(json.dumps(x) + "\n" for x in lines).encode())
    out = tmp_path / "o.jsonl"
    result = invoke("ownership", "--entities", str(entities), "--output", str(out))
    assert result.code == 0, result.stderr
    (record,) = map(json.loads, out.read_text().splitlines())
    assert record["id"] == "co" and record["review"] and not record["blocked"]
    assert record["stated_total"] == 160.0


def test_an_error_line_does_not_wrap_when_piped(tmp_path: Path) -> None:
    deep = tmp_path.joinpath(*["a-rather-long-folder-name"] * 6)
    deep.mkdir(parents=True)
    bad = write(deep, "customers.csv", b"")
    result = invoke(*screen_args(bad, tmp_path / "o.jsonl"), env={"COLUMNS": None})
    line = assert_one_line_refusal(result, str(bad), "empty file")
    assert len(line) > 200


# -- the LOW items of issue 19 (item 12) ------------------------------------------------


def test_a_sqlite_file_is_refused_as_a_store(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "store.duckdb"
    with sqlite3.connect(path) as con:
        con.execute("CREATE TABLE t (x INTEGER)")
    result = invoke("--store", str(path), "lists")
    assert_one_line_refusal(result, str(path), "not a moneytrail store: a SQLite database")


def test_a_store_from_a_newer_schema_is_refused(store: Path) -> None:
    from moneytrail.engines import DuckDBEngine

    engine = DuckDBEngine(store)
    engine.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    engine.close()
    result = invoke("--store", str(store), "lists")
    assert_one_line_refusal(result, str(store), "schema version 99, newer than")


def test_a_read_only_store_can_be_verified(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import duckdb

    assert invoke("--store", str(store), "audit", "verify").code == 0  # tables made
    connect = duckdb.connect

    def read_only_file(target: str, read_only: bool = False, **kw: object) -> object:
        if not read_only:  # as DuckDB says on a read-only file or mount
            raise duckdb.IOException(f'Cannot open file "{target}": Permission denied')
        return connect(target, read_only=True)

    monkeypatch.setattr(duckdb, "connect", read_only_file)
    result = invoke("--store", str(store), "audit", "verify")
    assert result.code == 0, result.stderr
    assert result.stdout.startswith("ok: ")


def test_an_interrupted_portfolio_add_is_screened_by_the_next(
    store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from moneytrail.services import portfolio

    first = write(tmp_path, "first.csv", CSV.encode())
    args = ["--store", str(store), "portfolio", "add"]
    real = portfolio.screen_customers

    def crash(*a: object, **kw: object) -> object:
        raise RuntimeError("killed")  # a crash in the middle of screening

    monkeypatch.setattr(portfolio, "screen_customers", crash)
    with pytest.raises(RuntimeError):
        invoke(*args, str(first), "--map", MAP)
    monkeypatch.setattr(portfolio, "screen_customers", real)
    other = write(tmp_path, "other.csv", b"cust_id,full_name,dob\nC9,Maria Rossi,1970-05-05\n")
    result = invoke(*args, str(other), "--map", MAP)
    assert result.code == 0, result.stderr
    alerts = [json.loads(x) for x in result.stdout.splitlines()]
    assert any(a["query_id"] == "C1" for a in alerts)  # Kassim Tajideen, from the first file
    assert "screened 2 left pending by an interrupted add" in result.stderr
    again = invoke(*args, str(other), "--map", MAP)
    assert again.code == 0 and "pending" not in again.stderr


SHIPMENTS = Path(__file__).resolve().parents[2] / "moneytrail" / "data" / "demo" / "shipments.jsonl"


@pytest.mark.parametrize("case", list(CASES))
def test_trade_screen(tmp_path: Path, case: str) -> None:
    lines = SHIPMENTS.read_text(encoding="utf-8").splitlines(keepends=True)
    text = "".join(lines[:2])
    spec = CASES[case]
    if case == "latin1":  # a third shipment whose consignee is written in Latin-1
        third = lines[2].replace('"name": "', '"name": "Soci\xe9t\xe9 ', 1)
        data = (text + third).encode("latin-1")
    else:
        data = spec.data(text)
    bad = write(tmp_path, "shipments.jsonl", data)
    out = previous_output(tmp_path)
    args = ["trade", "screen", str(bad), "--list", str(LIST), "--output", str(out)]
    line = assert_one_line_refusal(invoke(*args), str(bad), spec.words)
    if case == "latin1":
        assert ", line 3" in line
    assert_untouched(out)


def test_trade_screen_a_missing_output_folder(tmp_path: Path) -> None:
    out = tmp_path / "no" / "such" / "folder" / "flags.jsonl"
    args = ["trade", "screen", str(SHIPMENTS), "--list", str(LIST), "--output", str(out)]
    assert_one_line_refusal(invoke(*args), "no/such/folder")
    assert not out.parent.exists()
