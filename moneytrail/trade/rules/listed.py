"""Rules read from what screening found: near misses and listed vessels."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from moneytrail.trade.rules.base import Flag, PartyHit, RuleContext
from moneytrail.trade.shipment import Shipment


def _entry(hit: PartyHit) -> dict[str, Any]:
    """Which list entry, at what score, resting on which statements."""
    match = hit.match
    explanation = match.get("explanation", {})
    statements = [explanation.get("name", {}).get("statement")]
    statements += [f.get("statement") for f in explanation.get("features", {}).values()]
    return {
        "field": "vessel" if hit.role == "vessel" else "parties",
        "role": hit.role,
        "name": hit.party.get("name"),
        "entry": match.get("id"),
        "caption": match.get("caption"),
        "score": match.get("score"),
        "datasets": match.get("datasets", []),
        "statements": [s for s in statements if s],
    }


@dataclass(frozen=True, slots=True)
class NearMissConfig:
    floor: float = 0.6  # screen-v1 score from which a match below the threshold is a near miss
    score: float = 0.4


class NearMissParty:
    """A party's name close to a listed party's, but below the hit threshold.

    Source: BIS "Know Your Customer" guidance and red flags (15 CFR Part 732,
    Supplement 3), the first red flag: the customer or its address is similar to one
    of the parties on a list of denied or restricted parties.

    What it does: reports every screen-v1 match of a party with a score from
    ``floor`` up to (not including) the screening threshold, with the list entry and
    the statements the name rests on. What it does not prove: names are shared by
    many; a near miss is most often someone else. It asks the reviewer to compare
    addresses and identifiers with the list entry.
    """

    NAME: ClassVar[str] = "near_miss_party-v1"

    def __init__(self, config: NearMissConfig | None = None) -> None:
        self.config = config or NearMissConfig()

    def check(self, shipment: Shipment, ctx: RuleContext) -> Flag | None:
        near = [
            h
            for h in ctx.near_misses
            if h.role != "vessel" and self.config.floor <= h.match["score"] < ctx.threshold
        ]
        if not near:
            return None
        described = "; ".join(
            f"the {h.role.replace('_', ' ')} {h.party['name']!r} resembles the listed "
            f"{h.match['caption']!r} ({h.match['id']}, score {h.match['score']})"
            for h in near
        )
        return Flag(
            rule=self.NAME,
            score=self.config.score,
            explanation=f"{described}, below the hit threshold {ctx.threshold} (BIS red flag).",
            evidence=tuple(_entry(h) for h in near),
        )


@dataclass(frozen=True, slots=True)
class ListedVesselConfig:
    score: float = 1.0


class ListedVessel:
    """The vessel is on a loaded list, by IMO number or by name.

    Source: OFAC designates vessels by name and IMO number (the SDN list's "Vessel
    Registration Identification IMO"); FATF/Egmont TBML risk indicators (2021) on
    shipments through parties or means of transport linked to sanctioned persons. A
    vessel that changed its name keeps its IMO number, so the number is compared as
    well as the name.

    What it does: reports the vessel's screen-v1 match when it reaches the threshold,
    or when the IMO number is the listed vessel's whatever the name. What it does not
    prove: an IMO number typed wrongly on a document points at another ship; a vessel
    listed under one programme may be lawful to use under a licence.
    """

    NAME: ClassVar[str] = "listed_vessel-v1"

    def __init__(self, config: ListedVesselConfig | None = None) -> None:
        self.config = config or ListedVesselConfig()

    def check(self, shipment: Shipment, ctx: RuleContext) -> Flag | None:
        hits = [h for h in ctx.hits if h.role == "vessel"]
        if not hits:
            return None
        described = "; ".join(
            f"the vessel {h.party.get('name')!r} (IMO {h.party.get('imo', '?')}) is the listed "
            f"{h.match['caption']!r} ({h.match['id']}) by "
            f"{'IMO number' if h.basis == 'imo' else 'name, score ' + str(h.match['score'])}"
            for h in hits
        )
        return Flag(
            rule=self.NAME,
            score=self.config.score,
            explanation=f"{described}.",
            evidence=tuple(_entry(h) for h in hits),
        )
