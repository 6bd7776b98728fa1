"""Screen every party (and the vessel) of every shipment, then run the red-flag rules.

Parties are screened by the same batch runner as ``moneytrail screen`` (screen-v1,
every core, input order), so a party's match object is exactly what screening a
record of that name gives. A vessel is screened by name and IMO number together; since
a renamed vessel keeps its IMO number but loses the name score, a vessel whose IMO
number is on a list is also reported when the score stays below the threshold.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from moneytrail.errors import InvalidInput
from moneytrail.screening import Decisions, Query, ScreenConfig, Screener, screen_batch
from moneytrail.screening.batch import result_record
from moneytrail.sources.base import Progress, no_progress
from moneytrail.trade.affiliates import Affiliates
from moneytrail.trade.history import BuyerHistory
from moneytrail.trade.lists import Licence
from moneytrail.trade.prices import PeerPrices
from moneytrail.trade.rules import AffiliateHit, PartyHit, RuleContext, TradeRule, default_rules
from moneytrail.trade.shipment import Party, Shipment, Vessel

log = logging.getLogger(__name__)
VESSEL_ROLE = "vessel"
# Enough room for the listed vessel among name-alike vessels when only the IMO agrees.
_IMO_LIMIT = 50


@dataclass(frozen=True, slots=True)
class Subject:
    """One screened record of a shipment: a party or its vessel."""

    role: str
    party: dict[str, str]
    query: Query


# The same supplier, forwarder or vessel recurs on many lines: its query is built once
# (validating a record against the schema costs more than all the rules of a line).
QueryCache = dict[tuple[str, ...], Query]


def party_query(
    shipment: Shipment, k: int, party: Party, file: str | None, cache: QueryCache | None = None
) -> Query:
    """The screening record of a party; a name with nothing screenable is bad input."""
    key = ("party", party.name, party.country or "")
    if cache is not None and key in cache:
        return cache[key]
    props = {"name": [party.name]}
    if party.country:
        props["country"] = [party.country]
    record = {"id": f"{shipment.id}#{k}", "schema": "LegalEntity", "properties": props}
    try:
        query = Query.from_record(record)
    except InvalidInput as exc:
        raise InvalidInput(
            exc.reason, file=file, line=shipment.line, field=f"parties[{k}].name"
        ) from exc
    if cache is not None:
        cache[key] = query
    return query


def subjects(
    shipment: Shipment, file: str | None = None, cache: QueryCache | None = None
) -> list[Subject]:
    """Every party, then the vessel, in the order they will be reported."""
    out = [
        Subject(p.role, p.as_record(), party_query(shipment, k, p, file, cache))
        for k, p in enumerate(shipment.parties)
    ]
    vessel = shipment.vessel
    if vessel is not None:
        out.append(_vessel_subject(shipment, vessel, file, cache))
    return out


def _vessel_subject(
    shipment: Shipment, vessel: Vessel, file: str | None, cache: QueryCache | None
) -> Subject:
    """The vessel, screened by name and IMO number together."""
    party = {k: v for k, v in (("name", vessel.name), ("imo", vessel.imo)) if v}
    key = ("vessel", vessel.name or "", vessel.imo or "")
    if cache is not None and key in cache:
        return Subject(VESSEL_ROLE, party, cache[key])
    props: dict[str, list[str]] = {"name": [vessel.name or f"IMO {vessel.imo}"]}
    if vessel.imo:
        props["imoNumber"] = [vessel.imo]
    record = {"id": f"{shipment.id}#vessel", "schema": "Vessel", "properties": props}
    try:
        query = Query.from_record(record)
    except InvalidInput as exc:
        raise InvalidInput(exc.reason, file=file, line=shipment.line, field="vessel.name") from exc
    if cache is not None:
        cache[key] = query
    return Subject(VESSEL_ROLE, party, query)


def prepare(shipments: Sequence[Shipment], file: str | None = None) -> list[list[Subject]]:
    """The screening records of every shipment: call it before building an index, so a
    party name with nothing screenable in it is reported before any slow work."""
    cache: QueryCache = {}
    return [subjects(s, file, cache) for s in shipments]


def screen_shipments(
    shipments: Sequence[Shipment],
    screener: Screener,
    config: ScreenConfig,
    rules: Sequence[TradeRule] | None = None,
    *,
    workers: int | None = None,
    progress: Progress = no_progress,
    file: str | None = None,
    prepared: list[list[Subject]] | None = None,
    licences: Mapping[str, Licence] | None = None,
    affiliates: Affiliates | None = None,
) -> Iterator[dict[str, Any]]:
    """One output record per shipment, in input order: ``{"id", "hits", "flags"}``.

    ``prepared`` is ``prepare(shipments)``, when the caller validated first.
    ``licences``: listed entity id -> CSL licence terms, added to its hits.
    ``affiliates``: entities the BIS Affiliates rule blocks (``--ownership``).
    """
    rules = default_rules() if rules is None else rules
    prices = PeerPrices.from_shipments(shipments)
    history = BuyerHistory.from_shipments(shipments)
    terms = licences or {}
    per_shipment = prepared if prepared is not None else prepare(shipments, file)
    # The same supplier, forwarder or vessel recurs across shipments: each distinct
    # record (same schema and cleaned properties) is screened once.
    unique: dict[str, Query] = {}
    for subs in per_shipment:
        for sub in subs:
            unique.setdefault(sub.query.fingerprint, sub.query)
    batch = screen_batch(
        list(unique.values()), screener, config, workers=workers, progress=progress
    )
    results = {fp: record["matches"] for fp, record in zip(unique, batch, strict=True)}
    log.info("screened %d distinct parties and vessels", len(unique))
    owned = _affiliated(unique, affiliates, config)
    for shipment, subs in zip(shipments, per_shipment, strict=True):
        hits, near = _hits(subs, results, terms, screener, config)
        found = tuple(
            AffiliateHit(sub.role, sub.party, match, record)
            for sub in subs
            for match, record in owned.get(sub.query.fingerprint, ())
        )
        ctx = RuleContext(tuple(hits), tuple(near), prices, config.threshold, found, history)
        flags = [flag for rule in rules if (flag := rule.check(shipment, ctx)) is not None]
        yield {
            "id": shipment.id,
            "hits": [h.as_record() for h in hits],
            "flags": [f.as_record() for f in flags],
        }


def _affiliated(
    unique: Mapping[str, Query], affiliates: Affiliates | None, config: ScreenConfig
) -> dict[str, list[tuple[dict[str, Any], dict[str, Any]]]]:
    """Distinct parties (by fingerprint) that match an entity the Affiliates rule blocks."""
    if affiliates is None or affiliates.screener is None:
        return {}
    out = {}
    for fp, query in unique.items():
        if query.schema == "Vessel":
            continue
        found = affiliates.match(query, config)
        if found:
            out[fp] = found
    log.info("%d distinct parties match an affiliate of a listed party", len(out))
    return out


def _hits(
    subs: list[Subject],
    results: Mapping[str, list[dict[str, Any]]],
    terms: Mapping[str, Licence],
    screener: Screener,
    config: ScreenConfig,
) -> tuple[list[PartyHit], list[PartyHit]]:
    """A shipment's hits (with CSL licence terms) and its matches below the threshold."""
    hits: list[PartyHit] = []
    near: list[PartyHit] = []
    for sub in subs:
        matches = results[sub.query.fingerprint]
        for match in matches:
            licence = terms.get(match["id"])
            record = licence.as_record() if licence is not None else None
            hit = PartyHit(sub.role, sub.party, match, licence=record)
            (hits if match["match"] else near).append(hit)
        if sub.role == VESSEL_ROLE:
            hits.extend(_by_imo(sub, screener, config, {m["id"] for m in matches if m["match"]}))
    return hits, near


def _by_imo(
    sub: Subject, screener: Screener, config: ScreenConfig, reported: set[str]
) -> list[PartyHit]:
    """Listed vessels with the same IMO number that the name score left below the threshold.

    Only a vessel whose number is in the index is screened again (with no cutoff), so
    the common case, an unlisted vessel, costs one dictionary look-up.
    """
    listed = [i for i in sub.query.identifiers if screener.index.by_identifier.get(i)]
    if not listed:
        return []
    wide = ScreenConfig(limit=_IMO_LIMIT, cutoff=0.0, threshold=config.threshold)
    record = result_record(sub.query, screener, wide, Decisions.empty())
    out = []
    for match in record["matches"]:
        same = match["explanation"]["features"].get("identifier")
        if same and match["id"] not in reported:
            log.debug("vessel %s listed by IMO as %s", sub.party, match["id"])
            out.append(PartyHit(sub.role, sub.party, match, basis="imo"))
    return out


__all__ = ["party_query", "prepare", "screen_shipments", "subjects"]
