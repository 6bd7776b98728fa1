"""Trade: shipments with parties by role, goods and routes; every party screened;
export-control and trade-based money laundering red flags, each a versioned rule.

Screening lives in ``moneytrail.trade.screen`` (imported on use: it loads the
screening index machinery); this facade stays light.
"""

from moneytrail.trade.read import read_shipments
from moneytrail.trade.rules import RULES, Flag, PartyHit, RuleContext, TradeRule, default_rules
from moneytrail.trade.shipment import (
    ROLES,
    GoodsLine,
    Party,
    Route,
    Shipment,
    Vessel,
    parse_shipment,
)

__all__ = [
    "ROLES",
    "RULES",
    "Flag",
    "GoodsLine",
    "Party",
    "PartyHit",
    "Route",
    "RuleContext",
    "Shipment",
    "TradeRule",
    "Vessel",
    "default_rules",
    "parse_shipment",
    "read_shipments",
]
