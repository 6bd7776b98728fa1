"""Red-flag rules for shipments, as data: an explicit, ordered tuple, no registration
by import. Each rule has a versioned NAME, a typed config and a docstring that is its
documentation (source, what it does, what it does not prove). The rules concern goods,
routes, documents and listed parties, never a person's nationality, religion or ethnicity.
"""

from moneytrail.trade.rules.affiliates import BisAffiliates, BisAffiliatesConfig
from moneytrail.trade.rules.base import AffiliateHit, Flag, PartyHit, RuleContext, TradeRule
from moneytrail.trade.rules.buyer import (
    LineOfBusiness,
    LineOfBusinessConfig,
    NewlyIncorporated,
    NewlyIncorporatedConfig,
    ThirdPartyPayer,
    ThirdPartyPayerConfig,
)
from moneytrail.trade.rules.goods import ChplGoods, ChplGoodsConfig, chpl_tiers
from moneytrail.trade.rules.listed import (
    ListedVessel,
    ListedVesselConfig,
    NearMissConfig,
    NearMissParty,
)
from moneytrail.trade.rules.parties import (
    BankConsignee,
    BankConsigneeConfig,
    ForwarderConsignee,
    ForwarderConsigneeConfig,
)
from moneytrail.trade.rules.price import UnitPriceOutlier, UnitPriceOutlierConfig
from moneytrail.trade.rules.zones import FreeTradeZone, FreeTradeZoneConfig

RULES: tuple[type[TradeRule], ...] = (
    ForwarderConsignee,
    BankConsignee,
    ChplGoods,
    UnitPriceOutlier,
    NearMissParty,
    ListedVessel,
    BisAffiliates,
    FreeTradeZone,
    LineOfBusiness,
    ThirdPartyPayer,
    NewlyIncorporated,
)


def default_rules() -> tuple[TradeRule, ...]:
    """One instance of every rule with its default config, in RULES order."""
    return tuple(rule() for rule in RULES)


__all__ = [
    "RULES",
    "AffiliateHit",
    "BankConsignee",
    "BankConsigneeConfig",
    "BisAffiliates",
    "BisAffiliatesConfig",
    "ChplGoods",
    "ChplGoodsConfig",
    "Flag",
    "ForwarderConsignee",
    "ForwarderConsigneeConfig",
    "FreeTradeZone",
    "FreeTradeZoneConfig",
    "LineOfBusiness",
    "LineOfBusinessConfig",
    "ListedVessel",
    "ListedVesselConfig",
    "NearMissConfig",
    "NearMissParty",
    "NewlyIncorporated",
    "NewlyIncorporatedConfig",
    "PartyHit",
    "RuleContext",
    "ThirdPartyPayer",
    "ThirdPartyPayerConfig",
    "TradeRule",
    "UnitPriceOutlier",
    "UnitPriceOutlierConfig",
    "chpl_tiers",
    "default_rules",
]
