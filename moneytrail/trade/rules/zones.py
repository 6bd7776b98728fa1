"""Rules about where the receiving parties are: free-trade zones."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import ClassVar

from moneytrail.trade.rules.base import Flag, RuleContext
from moneytrail.trade.shipment import Shipment

# Words and names that place a party in a free-trade zone, matched as whole words in its
# address and name (case, accents and punctuation folded: "FZ-LLC" is "fz llc"). Generic
# terms in English, Spanish, French; legal forms reserved to free-zone companies in the
# UAE (FZE, FZCO, FZC, FZ-LLC); and the zones the FATF and FinCEN/BIS material names most
# (Jebel Ali, Colón). A published list does not exist: this one is kept as data, to grow.
FREE_ZONE_TERMS: tuple[str, ...] = (
    "free zone", "free trade zone", "freezone", "free port", "freeport", "zona franca",
    "zona libre", "zone franche", "fze", "fzco", "fzc", "fz llc", "jebel ali", "jafza",
    "dmcc", "saif zone", "hamriyah free zone", "rakez", "kezad",
)  # fmt: skip


@lru_cache(maxsize=1 << 16)  # addresses recur on many shipments: fold each once
def _words(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    return " " + " ".join(re.findall(r"[a-z0-9]+", plain)) + " "


@dataclass(frozen=True, slots=True)
class FreeTradeZoneConfig:
    terms: tuple[str, ...] = FREE_ZONE_TERMS
    roles: tuple[str, ...] = (
        "consignee",
        "ultimate_consignee",
        "end_user",
        "intermediate_consignee",
    )
    score: float = 0.3


class FreeTradeZone:
    """A consignee, ultimate consignee, end user or intermediate consignee in a free-trade
    zone.

    Source: FATF/Egmont Group, "Trade-based money laundering: risk indicators" (2021),
    on trade entities and shipments routed through free-trade zones, where oversight of
    goods and companies is lighter; FATF, "Money laundering vulnerabilities of free trade
    zones" (2010); FinCEN/BIS joint alert FIN-2022-Alert003 (June 2022) and joint notice
    FIN-2023-GLOBALEXPORT (November 2023), on re-export through intermediary hubs.

    What it does: looks for whole words of ``FREE_ZONE_TERMS`` ("free zone", "free trade
    zone", "FZE", "FZCO", "FZ-LLC", "Jebel Ali", "zona franca", ...) in the address and
    the name of the receiving parties. What it does not prove: free zones host much
    lawful trade and many regional distributors; the term list is not exhaustive and a
    zone company with a plain address is missed. Low score: it weighs with other flags.
    """

    NAME: ClassVar[str] = "free_trade_zone-v1"

    def __init__(self, config: FreeTradeZoneConfig | None = None) -> None:
        self.config = config or FreeTradeZoneConfig()
        self._terms = tuple((t, _words(t)) for t in self.config.terms)

    def check(self, shipment: Shipment, ctx: RuleContext) -> Flag | None:
        found = []
        for party in shipment.parties_in(*self.config.roles):
            for fld, text in (("address", party.address), ("name", party.name)):
                folded = _words(text or "")
                terms = [t for t, w in self._terms if w in folded]
                if terms:
                    found.append((party.role, party.name, fld, text, terms))
        if not found:
            return None
        described = "; ".join(
            f"the {role.replace('_', ' ')} {name!r} ({fld}: {', '.join(terms)})"
            for role, name, fld, _, terms in found
        )
        return Flag(
            rule=self.NAME,
            score=self.config.score,
            explanation=(
                f"{described} is in a free-trade zone, where goods can be re-exported with "
                "little oversight (FATF/Egmont TBML risk indicators, 2021)."
            ),
            evidence=tuple(
                {"field": "parties", "role": role, "name": name, fld: text, "terms": terms}
                for role, name, fld, text, terms in found
            ),
        )
