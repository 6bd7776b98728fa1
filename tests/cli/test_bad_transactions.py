"""Bad transaction files given to ``trace``, ``detect`` and ``exposure``: one line, exit 2.

Each case is the bundled demo file (330 payments) made bad in one way a red team found
(issue 19, items 5 and 11): another encoding, binary bytes, nothing at all, a ragged
row, a locale number, a non-finite amount, a placeholder or impossible date, a missing
output folder, a full disk. Every command must refuse it with one line naming the file
(and the line, where there is one), exit 2, and leave a previous output file as it was.
The commands run in-process through typer's CliRunner and the real entry point
(``moneytrail.cli.main.run``), so the error-to-exit-code mapping is the shipped one.
"""

from __future__ import annotations

import errno
import gzip
import io
import shutil
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

import pytest
from typer.testing import CliRunner

from moneytrail.cli import output
from moneytrail.cli.main import run
from tests.conftest import FIXTURES, ROOT

DEMO = ROOT / "moneytrail" / "data" / "demo"
MAP = "id=tx_id,source=from_account,target=to_account,amount=amount,date=value_date"
LIST = FIXTURES / "ofac_sdn_2021-07_slice"
SEED = "GM01-7001"  # TAJCO's account in the demo (moneytrail/data/demo/FLOWS.md)
LAST = 332  # the line of a row appended to the demo file (header + 330 rows + 1)
PREVIOUS = "a previous result\n"


@dataclass(frozen=True)
class Outcome:
    code: int
    stdout: str
    stderr: str


def invoke(*args: str, env: dict[str, str | None] | None = None) -> Outcome:
    """The console-script entry point, in-process, with captured streams."""
    base: dict[str, str | None] = {
        "COLUMNS": "2000",  # error lines must be one line on their own; not 80-col wrapping
        "MONEYTRAIL_PROGRESS": "0",
        "MONEYTRAIL_MIN_DATE": None,
        "MONEYTRAIL_MAX_DATE": None,
    }
    with CliRunner().isolation(env={**base, **(env or {})}) as (out, err, _):
        with mock.patch.object(sys, "argv", ["moneytrail", *args]):
            try:
                run()
                code = 0
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 1
        return Outcome(code, out.getvalue().decode(), err.getvalue().decode())


def demo_text() -> str:
    return (DEMO / "transactions.csv").read_text(encoding="utf-8")


def with_row(tmp: Path, row: str, name: str = "tx.csv") -> Path:
    path = tmp / name
    path.write_text(demo_text() + row + "\n", encoding="utf-8")
    return path


def row(date: str = "2024-03-02", amount: str = "10.00") -> str:
    return f"TX99999,{date},GM03-1006,GM01-1031,{amount},USD,appended"


# -- the categories: each builds a bad file and says what the one line must name ---------


@dataclass(frozen=True)
class Case:
    build: Callable[[Path], Path]
    words: str  # a fragment the message must contain
    line: int | None = LAST
    field: str | None = None


def _bytes(name: str, data: bytes) -> Callable[[Path], Path]:
    def build(tmp: Path) -> Path:
        path = tmp / name
        path.write_bytes(data)
        return path

    return build


def _row(text: str) -> Callable[[Path], Path]:
    return lambda tmp: with_row(tmp, text)


LATIN1 = (demo_text() + row().replace("appended", "caf\xe9") + "\n").encode("latin-1")
CASES: dict[str, Case] = {
    "utf16": Case(_bytes("tx.csv", demo_text().encode("utf-16")), "UTF-16", None),
    "utf16-no-bom": Case(_bytes("tx.csv", demo_text().encode("utf-16-le")), "UTF-16", None),
    "latin1": Case(_bytes("tx.csv", LATIN1), "not UTF-8"),
    "binary": Case(_bytes("tx.csv", bytes(range(256)) * 64), "binary file", None),
    "empty": Case(_bytes("tx.csv", b""), "empty file", None),
    "blank-lines": Case(_bytes("tx.csv", b"\n\n  \n"), "empty file", None),
    "header-only": Case(_bytes("tx.csv", demo_text().splitlines()[0].encode()), "no rows", None),
    "ragged-short": Case(_row("TX99999,2024-03-02,GM03-1006"), "3 fields where the header has 7"),
    "ragged-long": Case(_row(row() + ",extra"), "8 fields where the header has 7"),
    "thousands": Case(_row(row(amount='"1,000"')), "thousands separator", field="amount"),
    "decimal-comma": Case(_row(row(amount='"12,50"')), "decimal comma", field="amount"),
    "european": Case(_row(row(amount='"1.000,50"')), "thousands separator", field="amount"),
    "overflow": Case(_row(row(amount="1e309")), "too large", field="amount"),
    "nan": Case(_row(row(amount="NaN")), "not a finite number", field="amount"),
    "infinity": Case(_row(row(amount="inf")), "not a finite number", field="amount"),
    "negative": Case(_row(row(amount="-5")), "negative amount", field="amount"),
    "year-0": Case(_row(row(date="0000-01-01")), "before 1900-01-01", field="date"),
    "year-1": Case(_row(row(date="0001-01-01")), "before 1900-01-01", field="date"),
    "before-1677": Case(_row(row(date="1650-06-01")), "before 1900-01-01", field="date"),
    "year-9999": Case(_row(row(date="9999-12-31")), "after 2100-12-31", field="date"),
    "february-30": Case(_row(row(date="2024-02-30")), "no such date", field="date"),
    "leap-second": Case(_row(row(date="2024-03-02 23:59:60")), "no such date", field="date"),
    "not-gzip": Case(_bytes("tx.csv.gz", b"this is not gzip" * 8), "gzip", None),
    "not-parquet": Case(_bytes("tx.parquet", b"PAR1 nonsense"), "Parquet", None),
    "jsonl-latin1": Case(
        _bytes("tx.jsonl", '{"tx_id": "caf\xe9"}\n'.encode("latin-1")), "not UTF-8", 1
    ),
}


def command(name: str, tmp: Path, transactions: Path, out: Path) -> list[str]:
    """The command line of ``name`` on ``transactions``, writing ``out``."""
    common = ["--transactions", str(transactions), "--map", MAP, "--output", str(out)]
    if name == "trace":
        seeds = tmp / "seeds.txt"
        seeds.write_text(SEED + "\n")
        return ["trace", *common, "--from", str(seeds)]
    if name == "detect":
        return ["detect", *common]
    return ["exposure", *common, "--accounts", str(DEMO / "accounts.csv"),
            "--accounts-map", "id=holder_id", "--list", str(LIST)]  # fmt: skip


COMMANDS = ("trace", "detect", "exposure")


def assert_one_line_refusal(result: Outcome, *names: str) -> str:
    assert result.code == 2, (result.code, result.stderr)
    lines = [x for x in result.stderr.splitlines() if x.strip()]
    assert len(lines) == 1, result.stderr
    (line,) = lines
    assert line.startswith("error: ") and "Traceback" not in result.stderr
    for name in names:
        assert name in line, line
    return line


def previous_output(tmp: Path) -> Path:
    out = tmp / "out" / "result.jsonl"
    out.parent.mkdir()
    out.write_text(PREVIOUS)
    return out


def assert_untouched(out: Path) -> None:
    assert out.read_text() == PREVIOUS
    assert [p.name for p in out.parent.iterdir()] == [out.name]  # no temporary file left


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
@pytest.mark.parametrize("name", COMMANDS)
def test_a_bad_file_is_one_line_and_exit_2(tmp_path: Path, name: str, case: str) -> None:
    spec = CASES[case]
    bad = spec.build(tmp_path)
    out = previous_output(tmp_path)
    line = assert_one_line_refusal(invoke(*command(name, tmp_path, bad, out)), str(bad))
    assert spec.words in line
    if spec.line is not None:
        assert f", line {spec.line}" in line
    if spec.field is not None:
        assert f", field {spec.field}:" in line
    assert_untouched(out)


@pytest.mark.parametrize("name", COMMANDS)
def test_a_missing_output_folder_fails_before_the_work(tmp_path: Path, name: str) -> None:
    out = tmp_path / "no" / "such" / "result.jsonl"
    result = invoke(*command(name, tmp_path, DEMO / "transactions.csv", out))
    line = assert_one_line_refusal(result, str(out.parent), "no such folder")
    assert "accounts reached" not in result.stderr and "alerts from" not in result.stderr
    assert "error" in line and not out.parent.exists()


class FullDisk(io.RawIOBase):
    """A device that takes nothing: every write fails as a full disk does."""

    def writable(self) -> bool:
        return True

    def write(self, b: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize("name", COMMANDS)
def test_a_full_disk_keeps_the_previous_output(
    tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(fd: int) -> io.BufferedWriter:
        import os

        os.close(fd)
        return io.BufferedWriter(FullDisk())

    monkeypatch.setattr(output, "_binary", full)
    out = previous_output(tmp_path)
    result = invoke(*command(name, tmp_path, DEMO / "transactions.csv", out))
    assert_one_line_refusal(result, str(out), "No space left on device")
    assert_untouched(out)


@pytest.mark.parametrize("name", COMMANDS)
def test_a_rejects_file_in_a_missing_folder(tmp_path: Path, name: str) -> None:
    bad = with_row(tmp_path, row(date="0001-01-01"))
    out = previous_output(tmp_path)
    rejects = tmp_path / "missing" / "rejects.csv"
    args = [*command(name, tmp_path, bad, out), "--rejects", str(rejects)]
    assert_one_line_refusal(invoke(*args), str(rejects), "cannot write rejects")
    assert_untouched(out)


# -- the '42 accounts reached' regression: a placeholder date must not change a trace ----


def trace_lines(tmp: Path, transactions: Path, *extra: str) -> tuple[Outcome, str]:
    out = tmp / f"trace-{transactions.stem}.jsonl"
    result = invoke(*command("trace", tmp, transactions, out), *extra)
    return result, out.read_text() if out.exists() else ""


@pytest.fixture
def clean_trace(tmp_path: Path) -> str:
    result, text = trace_lines(tmp_path, DEMO / "transactions.csv")
    assert result.code == 0, result.stderr
    assert "41 accounts reached" in result.stderr and len(text.splitlines()) == 41
    return text


@pytest.mark.parametrize("date", ["0001-01-01", "0000-01-01", "1899-12-31", "9999-12-31"])
def test_a_placeholder_date_is_refused_or_rejected_never_silent(
    tmp_path: Path, clean_trace: str, date: str
) -> None:
    bad = with_row(tmp_path, row(date=date), "placeholder.csv")
    refused, text = trace_lines(tmp_path, bad)
    assert_one_line_refusal(refused, f"{bad}, line {LAST}, field date")
    assert text == ""
    rejects = tmp_path / "rejects.csv"
    kept, text = trace_lines(tmp_path, bad, "--rejects", str(rejects))
    assert kept.code == 0, kept.stderr
    assert text == clean_trace  # the same 41 accounts, amounts and paths as without the row
    assert "1 rows rejected" in kept.stderr
    written = rejects.read_text().splitlines()
    assert len(written) == 2 and written[1].startswith(f'{LAST},"date",')


def test_min_date_widens_the_range_within_what_tracing_can_order(tmp_path: Path) -> None:
    early = with_row(tmp_path, row(date="1850-06-01"), "early.csv")
    assert invoke(*command("trace", tmp_path, early, tmp_path / "a.jsonl")).code == 2
    variants: list[tuple[list[str], dict[str, str | None]]] = [
        (["--min-date", "1850-01-01"], {}),
        ([], {"MONEYTRAIL_MIN_DATE": "1850-01-01"}),
    ]
    for extra, env in variants:
        args = [*command("trace", tmp_path, early, tmp_path / "b.jsonl"), *extra]
        result = invoke(*args, env=env)
        assert result.code == 0, result.stderr
    older = with_row(tmp_path, row(date="1700-06-01"), "older.csv")
    args = [*command("trace", tmp_path, older, tmp_path / "c.jsonl"), "--min-date", "1700-01-01"]
    line = assert_one_line_refusal(invoke(*args), f"{older}, field date", "more than 272 years")
    assert f"line {LAST}" in line  # the earliest row is named


@pytest.mark.parametrize(
    ("value", "words"), [("0001-01-01", "between 1678-01-01"), ("1st May", "YYYY-MM-DD")]
)
def test_a_bad_min_date_setting_is_one_line(tmp_path: Path, value: str, words: str) -> None:
    args = command("trace", tmp_path, DEMO / "transactions.csv", tmp_path / "o.jsonl")
    assert_one_line_refusal(invoke(*args, "--min-date", value), "--min-date", words)
    assert_one_line_refusal(
        invoke(*args, env={"MONEYTRAIL_MIN_DATE": value}), "MONEYTRAIL_MIN_DATE", words
    )


def test_every_row_rejected_writes_no_output(tmp_path: Path) -> None:
    bad = tmp_path / "tx.csv"
    bad.write_text(demo_text().splitlines()[0] + "\n" + row(date="0001-01-01") + "\n")
    out = previous_output(tmp_path)
    args = [*command("trace", tmp_path, bad, out), "--rejects", str(tmp_path / "r.csv")]
    assert_one_line_refusal(invoke(*args), str(bad), "every row was rejected")
    assert_untouched(out)


def test_a_gzip_file_is_read_like_the_plain_one(tmp_path: Path, clean_trace: str) -> None:
    packed = tmp_path / "tx.csv.gz"
    with gzip.open(packed, "wt", encoding="utf-8") as fh:
        fh.write(demo_text())
    result, text = trace_lines(tmp_path, packed)
    assert result.code == 0 and text == clean_trace


def strict_json(lines: Sequence[str]) -> None:
    import json

    def refuse(word: str) -> object:
        raise AssertionError(f"{word} in JSON output")

    for line in lines:
        json.loads(line, parse_constant=refuse)


@pytest.mark.parametrize("name", ["trace", "detect"])
def test_outputs_are_strict_json(tmp_path: Path, name: str) -> None:
    out = tmp_path / f"{name}.jsonl"
    shutil.copy(DEMO / "transactions.csv", tmp_path / "tx.csv")
    result = invoke(*command(name, tmp_path, tmp_path / "tx.csv", out))
    assert result.code == 0, result.stderr
    lines = out.read_text().splitlines()
    assert lines
    strict_json(lines)
