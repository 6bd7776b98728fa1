"""Compressed input under caps: bombs refused fast, in bounded memory, naming file and cap."""

from __future__ import annotations

import gzip
import json
import random
import subprocess
import sys
import time
import zipfile
import zlib
from pathlib import Path

import pytest

from moneytrail.errors import ConfigError, InvalidInput, UnsafeInput
from moneytrail.settings import Settings
from moneytrail.sources.compressed import (
    MIB,
    InputLimits,
    limits_from,
    open_zip_member,
    read_bytes,
    read_lines,
)
from moneytrail.sources.ftm import FtmJsonl
from tests.conftest import ROOT, run_cli

PERSON = {"id": "p1", "schema": "Person", "properties": {"name": ["Ali Tajideen"]}}


def gzip_bomb(path: Path, block: bytes, copies: int) -> Path:
    """``copies`` gzip members of ``block`` concatenated: a valid gzip file, made fast."""
    member = gzip.compress(block, compresslevel=9)
    with path.open("wb") as fh:
        for _ in range(copies):
            fh.write(member)
    return path


def newline_bomb(tmp_path: Path) -> Path:
    """About 1 MB on disk, 1 GiB of newlines inside."""
    return gzip_bomb(tmp_path / "bomb.jsonl.gz", b"\n" * MIB, 1024)


def record_bomb(tmp_path: Path) -> Path:
    """About 1 MB on disk, 1 GiB of one FtM record repeated."""
    line = (json.dumps(PERSON) + "\n").encode()
    return gzip_bomb(tmp_path / "records.jsonl.gz", line * (MIB // len(line)), 1024)


def test_newline_bomb_is_refused_fast_naming_file_and_cap(tmp_path: Path) -> None:
    bomb = newline_bomb(tmp_path)
    assert bomb.stat().st_size < 1.5 * MIB
    started = time.monotonic()
    with pytest.raises(UnsafeInput) as err:
        FtmJsonl().parse(bomb)
    assert time.monotonic() - started < 10
    assert str(bomb) in str(err.value) and "MONEYTRAIL_MAX_COMPRESSION_RATIO" in str(err.value)


def test_record_bomb_is_refused_by_detection_too(tmp_path: Path) -> None:
    bomb = record_bomb(tmp_path)
    with pytest.raises(UnsafeInput, match="decompression bomb"):
        FtmJsonl().parse(bomb)


def test_bombs_stay_in_bounded_memory(tmp_path: Path) -> None:
    """The whole load door (detect, parse) in a fresh process: peak memory and time.

    Peak memory is what Python allocated while parsing (tracemalloc), not the
    process's RSS, which a busy machine's allocator inflates unpredictably.
    """
    script = (
        "import sys, time, tracemalloc\n"
        "from pathlib import Path\n"
        "from moneytrail.errors import UnsafeInput\n"
        "from moneytrail.sources import parse_list\n"
        "tracemalloc.start()\n"
        "t = time.monotonic()\n"
        "for p in sys.argv[1:]:\n"
        "    try:\n"
        "        parse_list(Path(p))\n"
        "    except UnsafeInput:\n"
        "        pass\n"
        "    else:\n"
        "        raise SystemExit('not refused: ' + p)\n"
        "print(tracemalloc.get_traced_memory()[1] // (1 << 20),"
        " round(time.monotonic() - t, 2))\n"
    )
    bombs = [str(newline_bomb(tmp_path)), str(record_bomb(tmp_path))]
    proc = subprocess.run(
        [sys.executable, "-c", script, *bombs],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    peak_mb, seconds = proc.stdout.split()
    assert int(peak_mb) < 200, proc.stdout  # the red team saw 2.3 GB of RSS
    assert float(seconds) < 20, proc.stdout


def test_decompressed_size_cap(tmp_path: Path) -> None:
    rng = random.Random(7)
    text = "".join(f"{rng.random()},{rng.random()}\n" for _ in range(60_000)).encode()
    path = tmp_path / "tx.csv.gz"
    path.write_bytes(gzip.compress(text))
    assert read_bytes(path) == text  # well under the default caps
    small = InputLimits(max_decompressed=MIB, max_ratio=200, max_line=MIB)
    with pytest.raises(UnsafeInput, match=r"more than the 1,048,576 byte cap") as err:
        read_bytes(path, small)
    assert err.value.file == str(path)


def test_line_length_cap_gzip_and_plain(tmp_path: Path) -> None:
    limits = InputLimits(max_decompressed=64 * MIB, max_ratio=10_000, max_line=100_000)
    long_line = b"x" * 150_000
    gz = tmp_path / "long.jsonl.gz"
    gz.write_bytes(gzip.compress(b"short\n" + long_line + b"\nshort\n"))
    with pytest.raises(UnsafeInput, match="a line longer than the 100,000 byte cap"):
        list(read_lines(gz, limits))
    plain = tmp_path / "long.jsonl"
    plain.write_bytes(long_line)  # no newline at all
    with pytest.raises(UnsafeInput, match="line longer"):
        read_bytes(plain, limits)
    ok = tmp_path / "ok.jsonl"
    ok.write_bytes(b"a" * 99_999 + b"\n" + b"b" * 100_000 + b"\n")
    assert len(list(read_lines(ok, limits))) == 2


def test_broken_gzip_is_invalid_input(tmp_path: Path) -> None:
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(gzip.compress(b'{"a": 1}\n' * 1000)[:50])
    with pytest.raises(InvalidInput, match="not a readable gzip file") as err:
        read_bytes(path)
    assert err.value.file == str(path)


def test_zip_member_ratio_cap(tmp_path: Path) -> None:
    archive = tmp_path / "bomb.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("list.xml", b"<" * (64 * MIB))
    with zipfile.ZipFile(archive) as zf, pytest.raises(UnsafeInput, match="bomb"):
        member = zf.infolist()[0]
        with open_zip_member(zf, member, archive.name) as fh:
            while fh.read(1 << 16):
                pass


def test_transactions_reader_refuses_a_bomb(tmp_path: Path) -> None:
    from moneytrail.sources.table_reader import read_raw

    header = b"id,from,to,amount,date\n"
    bomb = tmp_path / "tx.csv.gz"
    with bomb.open("wb") as fh:
        fh.write(gzip.compress(header))
        member = gzip.compress(b"1,a,b,10,2024-01-01\n" * (MIB // 20))
        for _ in range(1024):
            fh.write(member)
    with pytest.raises(UnsafeInput, match=str(bomb)):
        read_raw(bomb, {"id": "id"}, set())


def test_settings_configure_the_caps() -> None:
    env = {
        "MONEYTRAIL_MAX_DECOMPRESSED_MB": "5",
        "MONEYTRAIL_MAX_LINE_KB": "64",
        "MONEYTRAIL_MAX_COMPRESSION_RATIO": "50",
    }
    limits = limits_from(Settings.from_env(env))
    assert limits == InputLimits(max_decompressed=5 * MIB, max_ratio=50, max_line=64 * 1024)
    assert limits_from(Settings.from_env({})) == InputLimits()
    with pytest.raises(ConfigError, match="MONEYTRAIL_MAX_LINE_KB"):
        Settings.from_env({"MONEYTRAIL_MAX_LINE_KB": "0"})


def test_cli_honours_the_env_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lines = [json.dumps({**PERSON, "id": f"p{i}"}) for i in range(30_000)]
    path = tmp_path / "entities.jsonl.gz"
    path.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode()))
    assert len(zlib.decompress(path.read_bytes(), 31)) > MIB
    store = str(tmp_path / "s.duckdb")
    monkeypatch.setenv("MONEYTRAIL_MAX_DECOMPRESSED_MB", "1")
    proc = run_cli("--store", store, "lists", "load", str(path), "--version", "2024-01-01")
    assert proc.returncode == 2, proc.stderr
    assert "1,048,576 byte cap" in proc.stderr and "Traceback" not in proc.stderr
