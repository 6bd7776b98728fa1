"""Output files: atomic for regular files, written in place for devices and pipes."""

from __future__ import annotations

import json
import math
import os
import re
import stat
import threading
from pathlib import Path

import pytest

from moneytrail.cli.output import NonFiniteOutput, json_line, open_output
from moneytrail.errors import InvalidInput


def test_a_regular_file_is_replaced_whole(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    target.write_text("old\n")
    with open_output(str(target)) as out:
        out.write("new\n")
        assert target.read_text() == "old\n"  # nothing visible until the end
    assert target.read_text() == "new\n"


def test_a_named_pipe_stays_a_pipe(tmp_path: Path) -> None:
    """Renaming a temporary file over a pipe or /dev/null would replace the device."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[str] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text()))
    reader.start()
    with open_output(str(fifo)) as out:
        out.write('{"id": 1}\n')
    reader.join(timeout=10)
    assert received == ['{"id": 1}\n']
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_json_lines_never_hold_nan_or_infinity() -> None:
    """Python's json writes NaN/Infinity as bare words no other JSON reader accepts."""
    assert json.loads(json_line({"amount": 1.5, "name": "Ré"})) == {"amount": 1.5, "name": "Ré"}
    for value, where in (
        ({"amount": math.inf}, "amount"),
        ({"path": [{"amount": 1.0}, {"amount": math.nan}]}, "path[1].amount"),
        ([1.0, -math.inf], "[1]"),
    ):
        with pytest.raises(NonFiniteOutput, match=rf"at {re.escape(where)};"):
            json_line(value)


def test_a_failed_write_leaves_the_previous_file(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    target.write_text("old\n")
    with pytest.raises(RuntimeError), open_output(str(target)) as out:
        out.write("half\n")
        raise RuntimeError("the work failed")  # the body's own error passes unchanged
    assert target.read_text() == "old\n" and os.listdir(tmp_path) == ["out.jsonl"]
    missing = tmp_path / "missing" / "out.jsonl"
    with pytest.raises(InvalidInput, match="no such folder"), open_output(str(missing)):
        pass
