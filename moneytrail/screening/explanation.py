"""Why a list entry scored as it did: a typed explanation, the same for every consumer.

The scorer and the wallet screen build an ``Explanation``; alerts, the API, the CLI and
reports read its fields instead of string keys. Its JSON form (``as_dict``) is a public
contract (the ``explanation`` of `/match` results and of `moneytrail screen` lines, and
what alerts store), so the order and rounding of its keys are fixed here, once;
``from_dict`` reads that form back (a screened batch's records, a stored alert).
Values are kept as printed: contributions to 4 decimals, token similarities to 3.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

Json = dict[str, Any]


@dataclass(frozen=True, slots=True)
class FeatureEvidence:
    """One feature's part of the score and the statement it rests on."""

    contribution: float
    query: str | None
    list: str | None
    statement: str | None
    detail: str

    def as_dict(self) -> Json:
        return {
            "contribution": self.contribution,
            "query": self.query,
            "list": self.list,
            "statement": self.statement,
            "detail": self.detail,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FeatureEvidence:
        return cls(
            float(data["contribution"]),
            data.get("query"),
            data.get("list"),
            data.get("statement"),
            str(data.get("detail", "")),
        )


@dataclass(frozen=True, slots=True)
class NameComparisonEvidence:
    """How the two names compared: the aligned word pairs and what was left over."""

    score: float
    method: str  # "tokens" | "joined"
    pairs: tuple[tuple[str, str, float], ...]
    unmatched_query: tuple[str, ...]
    unmatched_list: tuple[str, ...]

    def as_dict(self) -> Json:
        return {
            "score": self.score,
            "method": self.method,
            "pairs": [[q, c, s] for q, c, s in self.pairs],
            "unmatched_query": list(self.unmatched_query),
            "unmatched_list": list(self.unmatched_list),
        }


@dataclass(frozen=True, slots=True)
class NameEvidence:
    """The name pair that counted.

    A scored name carries the list name's property, strength, statement, contribution
    and comparison; a query without a name (identifier-only, wallet) carries only the
    holder's caption and a ``detail`` saying why there is no name to compare.
    """

    query: str | None
    list: str
    list_prop: str | None = None
    strength: float | None = None
    statement: str | None = None
    contribution: float | None = None
    comparison: NameComparisonEvidence | None = None
    detail: str | None = None

    def as_dict(self) -> Json:
        out: Json = {"query": self.query, "list": self.list}
        if self.comparison is not None:
            out["list_prop"] = self.list_prop
            out["strength"] = self.strength
            out["statement"] = self.statement
            out["contribution"] = self.contribution
            out.update(self.comparison.as_dict())
            return out
        if self.contribution is not None:
            out["contribution"] = self.contribution
        out["detail"] = self.detail
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> NameEvidence:
        contribution = data.get("contribution")
        strength = data.get("strength")
        comparison = None
        if "method" in data:
            comparison = NameComparisonEvidence(
                float(data["score"]),
                str(data["method"]),
                tuple((str(q), str(c), float(s)) for q, c, s in data.get("pairs", [])),
                tuple(data.get("unmatched_query", [])),
                tuple(data.get("unmatched_list", [])),
            )
        return cls(
            query=data.get("query"),
            list=str(data.get("list", "")),
            list_prop=data.get("list_prop"),
            strength=None if strength is None else float(strength),
            statement=data.get("statement"),
            contribution=None if contribution is None else float(contribution),
            comparison=comparison,
            detail=data.get("detail"),
        )


@dataclass(frozen=True, slots=True)
class WalletEvidence:
    """A listed wallet an address hit: the rule that made them equal and its statements."""

    id: str
    public_key: str
    rule: str
    currencies: tuple[str, ...]
    currency_agrees: bool | None
    holder: str | None
    statements: tuple[str, ...]

    def as_dict(self) -> Json:
        return {
            "id": self.id,
            "publicKey": self.public_key,
            "rule": self.rule,
            "currencies": list(self.currencies),
            "currency_agrees": self.currency_agrees,
            "holder": self.holder,
            "statements": list(self.statements),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> WalletEvidence:
        return cls(
            str(data["id"]),
            str(data["publicKey"]),
            str(data["rule"]),
            tuple(data.get("currencies", [])),
            data.get("currency_agrees"),
            data.get("holder"),
            tuple(data.get("statements", [])),
        )


@dataclass(frozen=True, slots=True)
class Explanation:
    """The whole account of one match: algorithm, name, features, list versions."""

    algorithm: str
    name: NameEvidence
    features: dict[str, FeatureEvidence] = field(default_factory=dict)
    common_name_ceiling: bool = False
    list_versions: dict[str, str] = field(default_factory=dict)
    entry_digest: str = ""
    wallet: WalletEvidence | None = None

    def contributions(self) -> dict[str, float]:
        """Each feature's contribution by key, the name's first (0.0 when no name counted)."""
        out = {"name": self.name.contribution or 0.0}
        out.update((key, f.contribution) for key, f in self.features.items())
        return out

    def statements(self) -> list[str]:
        """The statement ids the explanation cites, name first."""
        cited = [self.name.statement, *(f.statement for f in self.features.values())]
        return [s for s in cited if s]

    def as_dict(self) -> Json:
        """The JSON form every output prints (key order and rounding are the contract)."""
        out: Json = {
            "algorithm": self.algorithm,
            "name": self.name.as_dict(),
            "features": {key: f.as_dict() for key, f in self.features.items()},
        }
        if self.wallet is not None:
            out["wallet"] = self.wallet.as_dict()
        out["common_name_ceiling"] = self.common_name_ceiling
        out["list_versions"] = dict(self.list_versions)
        out["entry_digest"] = self.entry_digest
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Explanation:
        """Read the JSON form back (a batch record, a stored alert)."""
        wallet = data.get("wallet")
        return cls(
            algorithm=str(data["algorithm"]),
            name=NameEvidence.from_dict(data["name"]),
            features={k: FeatureEvidence.from_dict(v) for k, v in data["features"].items()},
            common_name_ceiling=bool(data.get("common_name_ceiling", False)),
            list_versions={str(k): str(v) for k, v in data.get("list_versions", {}).items()},
            entry_digest=str(data.get("entry_digest", "")),
            wallet=None if wallet is None else WalletEvidence.from_dict(wallet),
        )
