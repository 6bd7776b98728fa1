"""Rules about the buyer: its line of business, its age, and who pays for it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any, ClassVar

from rapidfuzz import fuzz

from moneytrail.trade.history import name_key
from moneytrail.trade.rules.base import Flag, RuleContext
from moneytrail.trade.rules.goods import chpl_tiers
from moneytrail.trade.shipment import Shipment


@dataclass(frozen=True, slots=True)
class LineOfBusinessConfig:
    min_history: int = 5  # earlier shipments of the buyer before its history counts
    score: float = 0.4
    chpl_score: float = 0.6  # when a new chapter's goods are on the CHPL


class LineOfBusiness:
    """Goods that do not fit the buyer's line of business, as its own history shows.

    Source: BIS "Know Your Customer" guidance and red flags (15 CFR Part 732,
    Supplement 3): "The product's capabilities do not fit the buyer's line of business,
    such as an order for sophisticated computers for a small bakery"; FATF/Egmont
    "Trade-based money laundering: risk indicators" (2021): trade activity inconsistent
    with the entity's line of business; FinCEN/BIS joint alert FIN-2022-Alert003 (June
    2022): parties that do not typically use such goods.

    What it does: the buyer (the ``buyer`` party, else the consignee) is followed through
    the user's own input in date order; a shipment is flagged when the buyer had at least
    ``min_history`` earlier shipments and this one has goods of an HS chapter (first two
    digits) it never bought before. Higher score when those goods are on the Common High
    Priority List. What it does not prove: businesses diversify; the input holds only
    the user's part of the buyer's trade; a buyer seen fewer times is never flagged.
    """

    NAME: ClassVar[str] = "line_of_business-v1"

    def __init__(self, config: LineOfBusinessConfig | None = None) -> None:
        self.config = config or LineOfBusinessConfig()

    def check(self, shipment: Shipment, ctx: RuleContext) -> Flag | None:
        seen = ctx.history.get(shipment)
        if seen is None or not seen.new_chapters or seen.earlier < self.config.min_history:
            return None
        tiers = chpl_tiers()
        new = set(seen.new_chapters)
        lines = [(i, g) for i, g in enumerate(shipment.goods) if g.hs[:2] in new]
        chpl = any(g.hs6 in tiers for _, g in lines)
        return Flag(
            rule=self.NAME,
            score=self.config.chpl_score if chpl else self.config.score,
            explanation=(
                f"the buyer {seen.buyer!r} orders goods of HS chapter"
                f"{'s' if len(new) > 1 else ''} {', '.join(sorted(new))}, which it never bought "
                f"in its {seen.earlier} earlier shipments (chapters "
                f"{', '.join(seen.known_chapters)}): goods outside its line of business "
                "(BIS red flag, 15 CFR 732 Supp. 3)."
            ),
            evidence=(
                {
                    "field": "buyer",
                    "name": seen.buyer,
                    "earlier_shipments": seen.earlier,
                    "chapters_bought": list(seen.known_chapters),
                },
                *({"field": f"goods[{i}].hs", "hs": g.hs, "chapter": g.hs[:2]} for i, g in lines),
            ),
        )


@dataclass(frozen=True, slots=True)
class NewlyIncorporatedConfig:
    roles: tuple[str, ...] = ("buyer", "consignee", "ultimate_consignee", "end_user")
    max_days: int = 180  # incorporated at most this long before the shipment date
    score: float = 0.35
    after_score: float = 0.5  # incorporated after the shipment date: documents disagree


class NewlyIncorporated:
    """A buyer, consignee, ultimate consignee or end user incorporated shortly before the
    order.

    Source: BIS "Know Your Customer" guidance and red flags (15 CFR Part 732,
    Supplement 3): "The customer has little or no business background"; FinCEN/BIS
    joint notice FIN-2023-GLOBALEXPORT (November 2023), on newly formed customers and
    counterparties with little business history; FATF/Egmont "Trade-based money
    laundering: risk indicators" (2021), on recently established trade entities.

    What it does: only when the input gives the party's ``incorporation_date`` and the
    shipment its ``date``; flags a party incorporated at most ``max_days`` days before
    the shipment, or after it. What it does not prove: every business was new once; a
    new subsidiary of an old group is not a shell. It asks for the party's background.
    """

    NAME: ClassVar[str] = "newly_incorporated-v1"

    def __init__(self, config: NewlyIncorporatedConfig | None = None) -> None:
        self.config = config or NewlyIncorporatedConfig()

    def check(self, shipment: Shipment, ctx: RuleContext) -> Flag | None:
        if shipment.date is None:
            return None
        day = date.fromisoformat(shipment.date)
        found: list[tuple[str, str, str, int]] = []
        for p in shipment.parties_in(*self.config.roles):
            if p.incorporation_date is None:
                continue
            days = (day - date.fromisoformat(p.incorporation_date)).days
            if days <= self.config.max_days:
                found.append((p.role, p.name, p.incorporation_date, days))
        if not found:
            return None
        after = any(days < 0 for *_, days in found)
        described = "; ".join(
            f"the {role.replace('_', ' ')} {name!r} was incorporated on {inc}, "
            + (f"{-days} days after" if days < 0 else f"{days} days before")
            + f" the shipment of {shipment.date}"
            for role, name, inc, days in found
        )
        return Flag(
            rule=self.NAME,
            score=self.config.after_score if after else self.config.score,
            explanation=f"{described}: little or no business background (BIS red flag).",
            evidence=tuple(
                {
                    "field": "parties",
                    "role": role,
                    "name": name,
                    "incorporation_date": inc,
                    "days_before": days,
                }
                for role, name, inc, days in found
            ),
        )


# Legal forms dropped before comparing payer and buyer names ("Ltd" vs "Limited").
LEGAL_FORMS: frozenset[str] = frozenset(
    {"ltd", "limited", "llc", "inc", "co", "corp", "company", "sarl", "sa", "gmbh", "ag",
     "bv", "plc", "fze", "fzco", "jsc", "ooo", "srl", "spa", "pte", "pvt", "the"}
)  # fmt: skip


@lru_cache(maxsize=1 << 16)
def _core(name: str) -> str:
    # Dots dropped first, so "G.m.b.H." is "gmbh" and "S.A." is "sa".
    return " ".join(w for w in name_key(name.replace(".", "")).split() if w not in LEGAL_FORMS)


@dataclass(frozen=True, slots=True)
class ThirdPartyPayerConfig:
    # Parties on the buying side whom a payment may lawfully come from.
    own_roles: tuple[str, ...] = ("buyer", "consignee", "ultimate_consignee", "end_user")
    same_name: float = 90.0  # rapidfuzz token-sort ratio from which two names are one party
    score: float = 0.45


class ThirdPartyPayer:
    """Payment from a third party: the payer is not the buyer, consignee or end user.

    Source: FinCEN/BIS joint notice FIN-2023-GLOBALEXPORT (November 2023): payments
    coming from third-party countries or businesses not listed on the end-user statement
    or other export documents; FATF/Egmont "Trade-based money laundering: risk
    indicators" (2021): payments from third parties with no apparent connection to the
    trade.

    What it does: only when the shipment names a ``payer`` party (an optional role: who
    pays the seller); flags it when its name, legal forms dropped, is not the name of any
    buyer-side party (``own_roles``, rapidfuzz token-sort ratio below ``same_name``). A
    ``bank`` party is the payer's bank, never the payer. What it does not prove: parent
    companies, factoring and trade finance lawfully pay for others; a renamed buyer looks
    like a third party. It asks who the payer is and why it pays.
    """

    NAME: ClassVar[str] = "third_party_payer-v1"

    def __init__(self, config: ThirdPartyPayerConfig | None = None) -> None:
        self.config = config or ThirdPartyPayerConfig()

    def check(self, shipment: Shipment, ctx: RuleContext) -> Flag | None:
        payers = shipment.parties_in("payer")
        own = shipment.parties_in(*self.config.own_roles)
        if not payers or not own:
            return None
        cores = [_core(p.name) for p in own]
        strangers = [
            p
            for p in payers
            if all(fuzz.token_sort_ratio(_core(p.name), c) < self.config.same_name for c in cores)
        ]
        if not strangers:
            return None
        names = ", ".join(repr(p.name) for p in strangers)
        buyers = ", ".join(f"{p.role.replace('_', ' ')} {p.name!r}" for p in own)
        evidence: list[dict[str, Any]] = [
            {"field": "parties", "role": p.role, "name": p.name, "country": p.country}
            for p in strangers
        ]
        evidence.append({"field": "parties", "buying_side": [p.as_record() for p in own]})
        return Flag(
            rule=self.NAME,
            score=self.config.score,
            explanation=(
                f"payment comes from {names}, which is none of the buying parties ({buyers}) "
                "(FinCEN/BIS joint notice, November 2023; FATF/Egmont TBML indicators)."
            ),
            evidence=tuple(evidence),
        )
