"""Library log records reach people as lines on stderr and collectors as JSON lines."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest

from moneytrail import logs


@pytest.fixture(autouse=True)
def _restore() -> Iterator[None]:
    logger = logging.getLogger(logs.ROOT)
    handlers, level, propagate = list(logger.handlers), logger.level, logger.propagate
    yield
    logger.handlers[:] = handlers
    logger.setLevel(level)
    logger.propagate = propagate


def test_cli_shows_warnings_and_hides_info_unless_verbose() -> None:
    out = io.StringIO()
    logs.for_cli(verbose=False, stream=out)
    log = logging.getLogger("moneytrail.sources.example")
    log.info("parsed 12 entries")
    log.warning("declared 8197 records, found 7")
    assert out.getvalue() == "WARNING: declared 8197 records, found 7\n"
    logs.for_cli(verbose=True, stream=out)
    log.info("parsed 12 entries")
    assert out.getvalue().endswith("INFO: parsed 12 entries\n")
    assert len(logging.getLogger(logs.ROOT).handlers) == 1  # installing twice replaces


def test_server_writes_one_json_object_a_line_with_the_exception() -> None:
    out = io.StringIO()
    logs.for_server(stream=out)
    log = logging.getLogger("moneytrail.api.app")
    log.info("list %s now at version %s", "us_ofac_sdn", "2024-05-06")
    try:
        raise RuntimeError("disk full")
    except RuntimeError:
        log.exception("write failed")
    first, second = (json.loads(line) for line in out.getvalue().splitlines() if line[:1] == "{")
    assert first["level"] == "info" and first["logger"] == "moneytrail.api.app"
    assert first["message"] == "list us_ofac_sdn now at version 2024-05-06"
    assert second["level"] == "error" and "RuntimeError: disk full" in second["exception"]
