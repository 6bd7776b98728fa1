"""One typed settings object, read from MONEYTRAIL_* variables once and passed in.

Library code never reads the environment itself, so tests and services can build
settings explicitly and two stores can live in one process.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from moneytrail.errors import ConfigError

DEFAULT_STORE = Path("moneytrail.duckdb")


@dataclass(frozen=True, slots=True)
class Settings:
    """What a moneytrail process needs to know about its environment."""

    store: Path = DEFAULT_STORE
    progress: bool = True
    # MONEYTRAIL_DATABASE_URL: alerts and the audit log in PostgreSQL instead of the store
    # file (alerts/factory.py checks the scheme).
    database_url: str | None = None

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
        return cls(store=Path(str(store)), progress=progress, database_url=database_url)
