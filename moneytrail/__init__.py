"""moneytrail: sanctions screening and counter-terrorist-financing investigations."""

from moneytrail.errors import (
    AccessDenied,
    Busy,
    ConfigError,
    Conflict,
    EngineUnavailable,
    InvalidInput,
    MoneytrailError,
    NotFound,
    SourceError,
    UnsafeInput,
)
from moneytrail.model import EntityBuilder, Provenance, Statement
from moneytrail.settings import Settings

__version__ = "0.1.0"

__all__ = [
    "AccessDenied",
    "Busy",
    "ConfigError",
    "Conflict",
    "EngineUnavailable",
    "EntityBuilder",
    "InvalidInput",
    "MoneytrailError",
    "NotFound",
    "Provenance",
    "Settings",
    "SourceError",
    "Statement",
    "UnsafeInput",
    "__version__",
]
