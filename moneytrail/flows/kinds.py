"""The choices a user makes about money flows, kept apart so the CLI can offer them
without loading the tracer."""

from __future__ import annotations

from enum import StrEnum


class Direction(StrEnum):
    FORWARD = "forward"
    BACKWARD = "backward"


class Method(StrEnum):
    PROPORTIONAL = "proportional"
    FIFO = "fifo"


class TimeKind(StrEnum):
    """How the input wrote dates; outputs write them back the same way."""

    DAY = "day"
    DATE = "date"
    DATETIME = "datetime"


class Reach(StrEnum):
    """Which way to look from the designated accounts."""

    FORWARD = "forward"
    BACKWARD = "backward"
    BOTH = "both"

    def directions(self) -> tuple[Direction, ...]:
        if self is Reach.BOTH:
            return (Direction.FORWARD, Direction.BACKWARD)
        return (Direction(self.value),)
