"""What the HTTP service needs beyond Settings: limits and the development switch.

Kept apart from ``Settings`` because only the server reads it; ``from_env`` follows
the same MONEYTRAIL_* convention and is called once, by ``moneytrail serve``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace

from moneytrail.errors import ConfigError


@dataclass(frozen=True, slots=True)
class ApiConfig:
    """Limits of the HTTP service.

    ``rate`` and ``burst`` are a token bucket per API key: ``rate`` requests a second
    on average, ``burst`` at once; a rate of 0 turns the limit off. ``anon_rate`` and
    ``anon_burst`` are the same per client address for requests without a valid key
    (and for workbench logins), so a flood of them is refused before it costs a key
    check or an audit write. ``time_budget`` is the most seconds one screening request
    may take (0: no budget). ``login_failures`` failed workbench logins per address or
    per user name within ``login_window`` seconds lock further tries out until the
    window has passed. ``insecure_local`` skips authentication (every caller acts as
    the admin "local") and is refused by ``moneytrail serve`` on any address but
    loopback.
    """

    max_body_bytes: int = 1_000_000
    rate: float = 50.0
    burst: int = 100
    anon_rate: float = 2.0
    anon_burst: int = 20
    time_budget: float = 10.0
    login_failures: int = 5
    login_window: float = 300.0
    insecure_local: bool = False
    refresh_seconds: float = 2.0

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: object) -> ApiConfig:
        env = os.environ if env is None else env
        config = cls()
        for field, var, kind in (
            ("max_body_bytes", "MONEYTRAIL_API_MAX_BODY", int),
            ("rate", "MONEYTRAIL_API_RATE", float),
            ("burst", "MONEYTRAIL_API_BURST", int),
            ("refresh_seconds", "MONEYTRAIL_API_REFRESH", float),
            ("anon_rate", "MONEYTRAIL_API_ANON_RATE", float),
            ("anon_burst", "MONEYTRAIL_API_ANON_BURST", int),
            ("time_budget", "MONEYTRAIL_API_TIME_BUDGET", float),
            ("login_failures", "MONEYTRAIL_LOGIN_FAILURES", int),
            ("login_window", "MONEYTRAIL_LOGIN_WINDOW", float),
        ):
            raw = env.get(var)
            if raw is None:
                continue
            try:
                value = kind(raw)
            except ValueError:
                raise ConfigError(f"{var} must be a number, not {raw!r}") from None
            if value < 0:
                raise ConfigError(f"{var} must not be negative")
            config = replace(config, **{field: value})  # type: ignore[arg-type]
        given = {k: v for k, v in overrides.items() if v is not None}
        return replace(config, **given)  # type: ignore[arg-type]
