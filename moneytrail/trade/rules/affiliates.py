"""The BIS Affiliates rule, applied by shipment date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from moneytrail.graph.ownership import BIS_AFFILIATES_IN_FORCE
from moneytrail.trade.rules.base import AffiliateHit, Flag, RuleContext
from moneytrail.trade.shipment import Shipment


@dataclass(frozen=True, slots=True)
class BisAffiliatesConfig:
    """When the rule applies ([start, end] ISO dates, end None: open) and the score.

    The default periods are the graph rule's (``BIS_AFFILIATES_IN_FORCE``): in force
    from 2025-09-29, suspended from 2025-11-10 to 2026-11-09, in force again from
    2026-11-10 unless the suspension is extended.
    """

    in_force: tuple[tuple[str, str | None], ...] = BIS_AFFILIATES_IN_FORCE
    score: float = 0.9


class BisAffiliates:
    """A party is an entity owned 50% or more, together, by Entity List or Military End
    User parties, on a shipment date when the BIS Affiliates rule is in force.

    Source: BIS interim final rule "Expansion of End-User Controls to Cover Affiliates
    of Certain Listed Entities" (29 September 2025), which extends the licence
    requirements of the Entity List and the Military End User list to entities owned
    50% or more, directly or indirectly, individually or in aggregate, by listed
    parties; suspended by BIS for one year from 10 November 2025
    (docs/ownership-rules.md).

    What it does: needs ``--ownership`` (an FtM registry with Ownership edges). The
    ownership engine's ``bis-affiliates`` rule finds the entities the listed parties
    own (aggregated, through chains, as OFAC's 50% rule); each shipment party is
    screened against them with screen-v1, and a match is flagged when the shipment
    date (today when the shipment has none) falls in a period the rule is in force,
    with the owners and their shares as evidence. What it does not prove: the registry
    may be stale or incomplete (a missed owner is a missed affiliate, a sold stake a
    false one); a name match is not identity; the rule concerns items subject to the
    EAR, and a licence may exist. It asks the reviewer to confirm ownership and the
    licence requirement of the owners' listing.
    """

    NAME: ClassVar[str] = "bis_affiliates-v1"

    def __init__(self, config: BisAffiliatesConfig | None = None) -> None:
        self.config = config or BisAffiliatesConfig()

    def in_force(self, day: str) -> tuple[str, str | None] | None:
        """The period containing ``day``, or None when the rule is not in force then."""
        for start, end in self.config.in_force:
            if start <= day and (end is None or day <= end):
                return (start, end)
        return None

    def check(self, shipment: Shipment, ctx: RuleContext) -> Flag | None:
        if not ctx.affiliates:
            return None
        day = shipment.date or date.today().isoformat()
        period = self.in_force(day)
        if period is None:
            return None
        described = "; ".join(_describe(hit) for hit in ctx.affiliates)
        since = f"in force from {period[0]}" + (f" to {period[1]}" if period[1] else "")
        return Flag(
            rule=self.NAME,
            score=self.config.score,
            explanation=(
                f"{described}: owned 50% or more by Entity List / Military End User "
                f"parties, so the BIS Affiliates rule ({since}) applies on {day}."
            ),
            evidence=tuple(_evidence(hit, day, period) for hit in ctx.affiliates),
        )


def _owners(hit: AffiliateHit) -> str:
    return ", ".join(
        f"{o.get('name', o['id'])} {o['share']:g}%" if o.get("share") is not None else str(o["id"])
        for o in hit.record["owners"]
    )


def _describe(hit: AffiliateHit) -> str:
    role = hit.role.replace("_", " ")
    entity = hit.record.get("name", hit.record["id"])
    return (
        f"the {role} {hit.party.get('name')!r} matches {entity!r} "
        f"({hit.record['share']:g}% held by {_owners(hit)})"
    )


def _evidence(hit: AffiliateHit, day: str, period: tuple[str, str | None]) -> dict[str, Any]:
    return {
        "field": "parties",
        "role": hit.role,
        "name": hit.party.get("name"),
        "entity": hit.record["id"],
        "entity_name": hit.record.get("name"),
        "score": hit.match.get("score"),
        "share": hit.record["share"],
        "owners": [
            {k: o[k] for k in ("id", "name", "share", "via") if k in o}
            for o in hit.record["owners"]
        ],
        "date": day,
        "in_force": list(period),
    }
