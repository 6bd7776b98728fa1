"""How moneytrail's log records reach a person or a log collector.

Library modules only call ``logging.getLogger(__name__)``; this module decides where the
records go, once, in the process that runs the library: the CLI shows warnings on
stderr (info with ``--verbose``), the server writes one JSON object a line, which log
collectors read without parsing free text.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import TextIO

ROOT = "moneytrail"


class JsonLines(logging.Formatter):
    """One JSON object a record: time, level, logger, message and the exception, if any."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def _install(handler: logging.Handler, level: int) -> None:
    logger = logging.getLogger(ROOT)
    for old in [h for h in logger.handlers if getattr(h, "_moneytrail", False)]:
        logger.removeHandler(old)
    handler._moneytrail = True  # type: ignore[attr-defined]
    logger.addHandler(handler)
    logger.setLevel(level)


def for_cli(verbose: bool, stream: TextIO | None = None) -> None:
    """Warnings (info when ``verbose``) as ``warning: text`` lines on stderr."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    _install(handler, logging.INFO if verbose else logging.WARNING)


def for_server(stream: TextIO | None = None, level: int = logging.INFO) -> None:
    """JSON lines on stderr, for the server and its workers."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonLines())
    _install(handler, level)
