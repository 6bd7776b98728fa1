"""One typed settings object, read from MONEYTRAIL_* variables once and passed in.

Library code never reads the environment itself, so tests and services can build
settings explicitly and two stores can live in one process.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from moneytrail.errors import ConfigError
from moneytrail.limits import WorkLimits

DEFAULT_STORE = Path("moneytrail.duckdb")
# Transaction dates outside these are placeholders (0001-01-01, 9999-12-31) or typos;
# the widest allowed range stays inside what nanosecond timestamps hold (1677-2262).
DEFAULT_MIN_DATE = date(1900, 1, 1)
DEFAULT_MAX_DATE = date(2100, 12, 31)
_DATE_RANGE = (date(1678, 1, 1), date(2261, 12, 31))


@dataclass(frozen=True, slots=True)
class Settings:
    """What a moneytrail process needs to know about its environment."""

    store: Path = DEFAULT_STORE
    progress: bool = True
    # MONEYTRAIL_DATABASE_URL: alerts and the audit log in PostgreSQL instead of the store
    # file (alerts/factory.py checks the scheme).
    database_url: str | None = None
    # MONEYTRAIL_STALE_DAYS: `lists` marks a list older than this as stale.
    stale_days: int = 30
    # MONEYTRAIL_MAX_DECOMPRESSED_MB, MONEYTRAIL_MAX_COMPRESSION_RATIO, MONEYTRAIL_MAX_LINE_KB:
    # caps on compressed and line-oriented input (sources/compressed.py explains why).
    max_decompressed_mb: int = 1024
    max_compression_ratio: int = 200
    max_line_kb: int = 8192
    # MONEYTRAIL_MAX_NAME_CHARS, _MAX_NAME_WORDS, _MAX_NAMES, _MAX_QUERIES: bounds on the
    # work one record or request may ask for (limits.py explains why).
    limits: WorkLimits = field(default_factory=WorkLimits)
    # MONEYTRAIL_MIN_DATE, MONEYTRAIL_MAX_DATE: transaction dates outside are refused
    # (flows/checks.py explains why).
    min_date: date = DEFAULT_MIN_DATE
    max_date: date = DEFAULT_MAX_DATE
    # MONEYTRAIL_AUDIT_KEY: HMAC key signing audit checkpoints; MONEYTRAIL_AUDIT_ANCHOR: a
    # file outside the store each export/verify appends the log's head to (docs/audit.md).
    audit_key: str | None = field(default=None, repr=False)
    audit_anchor: Path | None = None
    # MONEYTRAIL_FOUR_EYES: an analyst's decision is a proposal a second person (reviewer
    # or admin) approves before it is final (alerts/review.py); 0 makes decisions final at once.
    four_eyes: bool = True
    # MONEYTRAIL_COOKIE_SECURE: 1 marks the workbench's cookies Secure, 0 never; unset, they
    # are Secure when the request came over https (or a trusted proxy said so; web/session.py).
    cookie_secure: bool | None = None
    # MONEYTRAIL_AUTO_CASES: a raised alert joins the open case about its subject, or opens
    # one (alerts/case_grouping.py, docs/cases.md); 0 leaves cases to analysts.
    auto_cases: bool = True
    # MONEYTRAIL_CASE_DUE_DAYS: "kind=days" pairs ("screening=2,trace=10,default=10") that
    # set a new case's due date from its most urgent alert kind (alerts/case_policy.py).
    case_due_days: tuple[tuple[str, int], ...] = ()

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        """Read MONEYTRAIL_* variables; explicit overrides (CLI flags) win."""
        env = os.environ if env is None else env
        store = overrides.get("store") or env.get("MONEYTRAIL_STORE") or DEFAULT_STORE
        progress_raw = env.get("MONEYTRAIL_PROGRESS", "1").strip().lower()
        if progress_raw not in {"0", "1", "true", "false", "yes", "no"}:
            raise ConfigError(f"MONEYTRAIL_PROGRESS must be 0 or 1, not {progress_raw!r}")
        progress = progress_raw in {"1", "true", "yes"}
        if "progress" in overrides and overrides["progress"] is not None:
            progress = bool(overrides["progress"])
        database_url = env.get("MONEYTRAIL_DATABASE_URL", "").strip() or None
        return cls(
            store=Path(str(store)),
            progress=progress,
            database_url=database_url,
            stale_days=_positive(env, "MONEYTRAIL_STALE_DAYS", 30),
            max_decompressed_mb=_positive(env, "MONEYTRAIL_MAX_DECOMPRESSED_MB", 1024),
            max_compression_ratio=_positive(env, "MONEYTRAIL_MAX_COMPRESSION_RATIO", 200),
            max_line_kb=_positive(env, "MONEYTRAIL_MAX_LINE_KB", 8192),
            limits=WorkLimits.from_env(env),
            min_date=_date(env, "MONEYTRAIL_MIN_DATE", DEFAULT_MIN_DATE),
            max_date=_date(env, "MONEYTRAIL_MAX_DATE", DEFAULT_MAX_DATE),
            audit_key=_audit_key(env),
            audit_anchor=_optional_path(env, "MONEYTRAIL_AUDIT_ANCHOR"),
            four_eyes=_flag(env, "MONEYTRAIL_FOUR_EYES", True),
            cookie_secure=_flag(env, "MONEYTRAIL_COOKIE_SECURE", False)
            if env.get("MONEYTRAIL_COOKIE_SECURE", "").strip()
            else None,
            auto_cases=_flag(env, "MONEYTRAIL_AUTO_CASES", True),
            case_due_days=_due_days(env, "MONEYTRAIL_CASE_DUE_DAYS"),
        )


def _flag(env: Mapping[str, str], name: str, default: bool) -> bool:
    """0/1, true/false, yes/no, on/off; ConfigError naming the variable otherwise."""
    raw = env.get(name, "").strip().lower()
    if not raw:
        return default
    if raw not in {"0", "1", "true", "false", "yes", "no", "on", "off"}:
        raise ConfigError(f"{name} must be 0 or 1, not {raw!r}")
    return raw in {"1", "true", "yes", "on"}


def _due_days(env: Mapping[str, str], name: str) -> tuple[tuple[str, int], ...]:
    """``kind=days`` pairs separated by commas; which kinds exist is checked where cases are."""
    raw = env.get(name, "").strip()
    out: list[tuple[str, int]] = []
    for part in filter(None, (p.strip() for p in raw.split(","))):
        kind, sep, days = part.partition("=")
        if not sep or not kind.strip() or not days.strip().isdigit() or int(days) < 1:
            raise ConfigError(
                f"{name} must read kind=days pairs such as 'screening=2,default=10', not {part!r}"
            )
        out.append((kind.strip().lower(), int(days)))
    return tuple(out)


def _optional_path(env: Mapping[str, str], name: str) -> Path | None:
    raw = env.get(name, "").strip()
    return Path(raw) if raw else None


def _audit_key(env: Mapping[str, str]) -> str | None:
    """The checkpoint signing key: at least 16 characters, so it cannot be guessed."""
    raw = env.get("MONEYTRAIL_AUDIT_KEY", "").strip()
    if not raw:
        return None
    if len(raw) < 16:
        raise ConfigError("MONEYTRAIL_AUDIT_KEY must have at least 16 characters")
    return raw


def _positive(env: Mapping[str, str], name: str, default: int) -> int:
    """A whole number of at least 1, or ConfigError naming the variable."""
    raw = env.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise ConfigError(f"{name} must be a whole number of at least 1, not {raw!r}")
    return int(raw)


def _date(env: Mapping[str, str], name: str, default: date) -> date:
    """A YYYY-MM-DD date within 1678-2261, or ConfigError naming the variable."""
    raw = env.get(name, "").strip()
    if not raw:
        return default
    return parse_date_bound(raw, name)


def parse_date_bound(raw: str, name: str) -> date:
    """A lower or upper bound on transaction dates; the CLI's --min-date uses it too."""
    try:
        value = date.fromisoformat(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a date YYYY-MM-DD, not {raw!r}") from None
    low, high = _DATE_RANGE
    if not low <= value <= high:
        raise ConfigError(f"{name} must lie between {low} and {high}, not {raw}")
    return value
