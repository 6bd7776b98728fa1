"""The HTTP API: yente-compatible screening, reconciliation, alerts and administration.

``mount(app)`` adds it to the app that ``moneytrail.server.create_app`` composes.
"""

from moneytrail.api.app import DESCRIPTION, mount

__all__ = ["DESCRIPTION", "mount"]
