"""What every red-flag rule receives and returns.

A rule looks at one shipment, with what screening found about its parties and with
the peer prices of the user's own input, and returns at most one Flag: a score in
0..1, a sentence a reviewer can read, and the evidence (fields of the shipment,
statement ids of list entries) it rests on. A flag is a reason to look, never a
finding of wrongdoing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol

from moneytrail.trade.history import BuyerHistory
from moneytrail.trade.prices import PeerPrices
from moneytrail.trade.shipment import Shipment


@dataclass(frozen=True, slots=True)
class PartyHit:
    """A screen-v1 match object for one party (or the vessel) of a shipment.

    ``basis`` says why it is reported: ``"score"`` (at or above the threshold) or
    ``"imo"`` (the vessel's IMO number is the listed vessel's, whatever the name).
    ``licence``: the licence terms of a Consolidated Screening List entry ({"list",
    "requirement", "policy", "federal_register"}), an extension of the hit object.
    """

    role: str
    party: dict[str, str]
    match: dict[str, Any]
    basis: str = "score"
    licence: dict[str, str | None] | None = None

    def as_record(self) -> dict[str, Any]:
        out: dict[str, Any] = {"role": self.role, "party": self.party, "match": self.match}
        if self.basis != "score":
            out["basis"] = self.basis
        if self.licence is not None:
            out["licence"] = self.licence
        return out


@dataclass(frozen=True, slots=True)
class AffiliateHit:
    """A party matching an entity the BIS Affiliates rule blocks, with the ownership
    record that blocks it (owners, shares, the edges they rest on)."""

    role: str
    party: dict[str, str]
    match: dict[str, Any]
    record: dict[str, Any]


@dataclass(frozen=True, slots=True)
class RuleContext:
    """What the rules may consult beyond the shipment itself."""

    hits: tuple[PartyHit, ...] = ()
    near_misses: tuple[PartyHit, ...] = ()
    prices: PeerPrices = field(default_factory=PeerPrices)
    threshold: float = 0.7
    affiliates: tuple[AffiliateHit, ...] = ()
    history: BuyerHistory = field(default_factory=BuyerHistory)


@dataclass(frozen=True, slots=True)
class Flag:
    rule: str
    score: float
    explanation: str
    evidence: tuple[dict[str, Any], ...]

    def as_record(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "score": round(min(1.0, max(0.0, self.score)), 4),
            "explanation": self.explanation,
            "evidence": list(self.evidence),
        }


class TradeRule(Protocol):
    """A versioned red-flag rule: its docstring is its user-facing documentation."""

    NAME: ClassVar[str]

    def check(self, shipment: Shipment, ctx: RuleContext) -> Flag | None: ...
