"""Output files: atomic for regular files, written in place for devices and pipes."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

from moneytrail.cli.output import open_output


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
