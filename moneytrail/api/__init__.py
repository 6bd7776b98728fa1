"""The HTTP API: ``create_app(settings)`` serves screening, reconciliation and alerts."""

from moneytrail.api.app import Services, create_app
from moneytrail.api.config import ApiConfig

__all__ = ["ApiConfig", "Services", "create_app"]
