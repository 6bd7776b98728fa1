"""Bounds on the work one record or one request may ask for, checked before screening.

Screening cost grows with the size of what is screened, and some of the name
analysis is quadratic in the length of one word (see bench/screening_cost.py), so a
single record of a megabyte could hold a CPU for minutes. These limits stop such input
at the door, on the raw record, before any name is analysed: the API answers 422
naming the limit, ``moneytrail screen`` stops with one line naming the file, line and
limit. Each is set by a MONEYTRAIL_* variable; the defaults sit well above anything
in the official lists (longest listed name 324 characters, 45 words; most names on
one entry 96; longest word 47 characters).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

from moneytrail.errors import ConfigError, InvalidInput

# The properties whose values are screened as names (screening.query reads the same).
NAME_PROPS = ("name", "alias", "weakAlias", "previousName")
NAME_PART_PROPS = ("firstName", "secondName", "middleName", "fatherName", "lastName")

ENV = {
    "name_chars": "MONEYTRAIL_MAX_NAME_CHARS",
    "name_words": "MONEYTRAIL_MAX_NAME_WORDS",
    "word_chars": "MONEYTRAIL_MAX_WORD_CHARS",
    "names_per_entity": "MONEYTRAIL_MAX_NAMES",
    "queries_per_request": "MONEYTRAIL_MAX_QUERIES",
}


class LimitExceeded(InvalidInput):
    """A record or request asks for more work than a configured limit allows.

    ``limit`` is the MONEYTRAIL_* variable that sets it, so the message tells an
    operator what to raise and a caller what to cut.
    """

    def __init__(
        self,
        message: str,
        *,
        limit: str,
        file: str | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        self.limit = limit
        super().__init__(f"{message} (limit {limit})", file=file, line=line, field=field)


@dataclass(frozen=True, slots=True)
class WorkLimits:
    """Most characters and words in one name, characters in one word, names on one
    entity, queries in one request. 0 turns a limit off.

    The word limit matters most: parts of the name analysis cost the square of a
    word's length (bench/screening_cost.py), so a name of one 500-letter "word" costs
    as much as one of 30,000 characters in ordinary words.
    """

    name_chars: int = 500
    name_words: int = 50
    word_chars: int = 64
    names_per_entity: int = 100
    queries_per_request: int = 100

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> WorkLimits:
        env = os.environ if env is None else env
        limits = cls()
        for item in fields(cls):
            raw = env.get(ENV[item.name])
            if raw is None or not raw.strip():
                continue
            try:
                value = int(raw)
            except ValueError:
                raise ConfigError(f"{ENV[item.name]} must be a whole number, not {raw!r}") from None
            if value < 0:
                raise ConfigError(f"{ENV[item.name]} must not be negative")
            limits = replace(limits, **{item.name: value})
        return limits

    def check_queries(self, count: int, field: str = "queries") -> None:
        """A request of ``count`` queries is within ``queries_per_request``."""
        if self.queries_per_request and count > self.queries_per_request:
            raise LimitExceeded(
                f"{count} queries in one request, at most {self.queries_per_request}",
                limit=ENV["queries_per_request"],
                field=field,
            )

    def check_record(
        self, record: Any, *, prefix: str = "", file: str | None = None, line: int | None = None
    ) -> None:
        """Every name of one raw record (a yente example or a JSONL line) is within limits.

        Anything that is not a record of the expected shape passes: the query parser
        reports it with a better message.
        """
        props = record.get("properties") if isinstance(record, Mapping) else None
        if not isinstance(props, Mapping):
            return
        count = 0
        for prop in (*NAME_PROPS, *NAME_PART_PROPS):
            raw = props.get(prop)
            values = raw if isinstance(raw, list) else [raw]
            for value in values:
                if not isinstance(value, str):
                    continue
                count += prop in NAME_PROPS
                self.check_name(value, field=f"{prefix}properties.{prop}", file=file, line=line)
        if self.names_per_entity and count > self.names_per_entity:
            raise LimitExceeded(
                f"{count} names on one record, at most {self.names_per_entity}",
                limit=ENV["names_per_entity"],
                field=f"{prefix}properties",
                file=file,
                line=line,
            )

    def check_name(
        self, name: str, *, field: str, file: str | None = None, line: int | None = None
    ) -> None:
        """One name is within ``name_chars`` and ``name_words``."""
        if self.name_chars and len(name) > self.name_chars:
            raise LimitExceeded(
                f"a name of {len(name):,} characters, at most {self.name_chars}",
                limit=ENV["name_chars"],
                field=field,
                file=file,
                line=line,
            )
        words = name.split()
        if self.name_words and len(words) > self.name_words:
            raise LimitExceeded(
                f"a name of {len(words)} words, at most {self.name_words}",
                limit=ENV["name_words"],
                field=field,
                file=file,
                line=line,
            )
        longest = max(map(len, words), default=0)
        if self.word_chars and longest > self.word_chars:
            raise LimitExceeded(
                f"a word of {longest} characters, at most {self.word_chars}",
                limit=ENV["word_chars"],
                field=field,
                file=file,
                line=line,
            )
