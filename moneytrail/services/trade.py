"""Trade screening results become alerts in the one review queue (``services/findings.py``).

A shipment is reviewed like any other finding: a party on a list is an alert about
that listed entity (subject: its list entity id, one alert per shipment and entity,
naming every role it plays), and a shipment's red flags are one alert about the
shipment (subject ``shipment:<id>``) with a reason per flag. Both carry the shipment
(parties by role, goods, route) and cite the list statements the match or flag rests
on, so the case report and the workbench can show what the analyst decides on. An
unchanged result raised again has the same digest and is not a new alert.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from moneytrail.alerts.kinds import Kind
from moneytrail.alerts.models import Alert
from moneytrail.alerts.repository import Repository
from moneytrail.screening import DEFAULT_CUTOFF, DEFAULT_THRESHOLD, ScreenConfig, Screener
from moneytrail.services.findings import Finding, raise_findings
from moneytrail.store import Store
from moneytrail.trade.lists import lists_from_store
from moneytrail.trade.read import read_shipments
from moneytrail.trade.screen import screen_shipments
from moneytrail.trade.shipment import GoodsLine, Shipment

log = logging.getLogger(__name__)
HIT_ALGORITHM = "trade-hit-v1"
FLAG_ALGORITHM = "trade-flags-v1"


def shipment_details(shipment: Shipment | None, shipment_id: str) -> dict[str, Any]:
    """What a reviewer needs to see of the shipment: parties by role, goods, route."""
    if shipment is None:
        return {"id": shipment_id}
    out: dict[str, Any] = {
        "id": shipment.id,
        "date": shipment.date,
        "parties": [p.as_record() for p in shipment.parties],
        "goods": [{k: v for k, v in _goods(g).items() if v is not None} for g in shipment.goods],
        "route": {
            "loading": shipment.route.loading,
            "discharge": shipment.route.discharge,
            "transshipment": list(shipment.route.transshipment),
        },
    }
    if shipment.vessel is not None:
        out["vessel"] = {"name": shipment.vessel.name, "imo": shipment.vessel.imo}
    if shipment.documents:
        out["documents"] = dict(shipment.documents)
    return out


def _goods(line: GoodsLine) -> dict[str, Any]:
    return {
        "hs": line.hs,
        "description": line.description,
        "quantity": line.quantity,
        "unit": line.unit,
        "value": line.value,
        "currency": line.currency,
    }


def match_statements(match: Mapping[str, Any]) -> tuple[str, ...]:
    """The list statements a screen-v1 match cites: the name, then each feature."""
    explanation = match.get("explanation", {})
    found = [explanation.get("name", {}).get("statement")]
    found += [f.get("statement") for f in explanation.get("features", {}).values()]
    return tuple(dict.fromkeys(str(s) for s in found if s))


def flag_statements(flag: Mapping[str, Any]) -> tuple[str, ...]:
    """The list statements a flag's evidence cites (a near-miss or listed vessel entry)."""
    found = [s for e in flag.get("evidence", ()) for s in e.get("statements", ()) or ()]
    return tuple(dict.fromkeys(str(s) for s in found if s))


def hit_findings(record: Mapping[str, Any], shipment: dict[str, Any]) -> list[Finding]:
    """One finding per listed entity a shipment's parties (or vessel) match."""
    grouped: dict[str, list[Mapping[str, Any]]] = {}
    for hit in record.get("hits", ()):
        grouped.setdefault(str(hit["match"]["id"]), []).append(hit)
    out = []
    for entity_id, hits in grouped.items():
        match = hits[0]["match"]
        reasons = tuple(_hit_reason(record["id"], h) for h in hits)
        statements = tuple(dict.fromkeys(s for h in hits for s in match_statements(h["match"])))
        out.append(
            Finding(
                kind=Kind.TRADE,
                subject=entity_id,
                caption=f"{match['caption']} ({', '.join(h['role'] for h in hits)} of "
                f"shipment {record['id']})",
                schema=str(match.get("schema", "LegalEntity")),
                algorithm=HIT_ALGORITHM,
                score=max(float(h["match"]["score"]) for h in hits),
                reasons=reasons,
                statements=statements,
                datasets=tuple(match.get("datasets", ())),
                details={
                    "shipment": shipment,
                    "roles": [h["role"] for h in hits],
                    "hits": [dict(h) for h in hits],
                    "flags": list(record.get("flags", ())),
                },
            )
        )
    return out


def _hit_reason(shipment_id: str, hit: Mapping[str, Any]) -> str:
    match, party = hit["match"], hit.get("party", {})
    how = "by IMO number" if hit.get("basis") == "imo" else f"score {float(match['score']):.2f}"
    text = (
        f"shipment {shipment_id}: the {hit['role'].replace('_', ' ')} "
        f"{party.get('name', '')!r} matches the listed {match['caption']!r} "
        f"({match['id']}, {', '.join(match.get('datasets', ()))}; {how})"
    )
    licence = hit.get("licence")
    if licence:
        text += f"; licence requirement: {licence.get('requirement') or 'not stated'}"
    return text


def flag_finding(record: Mapping[str, Any], shipment: dict[str, Any]) -> Finding | None:
    """The shipment's red flags as one finding, a reason per flag; None when unflagged."""
    flags = list(record.get("flags", ()))
    if not flags:
        return None
    shipment_id = str(record["id"])
    roles = sorted({str(e["role"]) for f in flags for e in f.get("evidence", ()) if "role" in e})
    return Finding(
        kind=Kind.TRADE,
        subject=f"shipment:{shipment_id}",
        caption=f"shipment {shipment_id}: {', '.join(f['rule'] for f in flags)}",
        schema="Shipment",
        algorithm=FLAG_ALGORITHM,
        score=max(float(f["score"]) for f in flags),
        reasons=tuple(
            f"{f['rule']} (score {float(f['score']):.2f}): {f['explanation']}" for f in flags
        ),
        statements=tuple(dict.fromkeys(s for f in flags for s in flag_statements(f))),
        datasets=tuple(
            sorted(
                {
                    str(d)
                    for f in flags
                    for e in f.get("evidence", ())
                    for d in e.get("datasets", ())
                }
            )
        ),
        details={"shipment": shipment, "roles": roles, "flags": flags},
    )


def trade_findings(
    results: Iterable[Mapping[str, Any]], shipments: Sequence[Shipment] = ()
) -> list[Finding]:
    """Every hit and flagged shipment of ``trade screen`` output records, as findings."""
    by_id = {s.id: s for s in shipments}
    out: list[Finding] = []
    for record in results:
        shipment = shipment_details(by_id.get(str(record["id"])), str(record["id"]))
        out += hit_findings(record, shipment)
        flagged = flag_finding(record, shipment)
        if flagged is not None:
            out.append(flagged)
    return out


def result_versions(results: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """The list versions the hits were screened against (screen-v1 records them)."""
    out: dict[str, str] = {}
    for record in results:
        for hit in record.get("hits", ()):
            out.update(hit["match"].get("explanation", {}).get("list_versions", {}))
    return out


def raise_trade_alerts(
    repo: Repository,
    store_versions: Mapping[str, str],
    results: Sequence[Mapping[str, Any]],
    actor: str = "system",
    shipments: Sequence[Shipment] = (),
) -> list[Alert]:
    """Store the findings of ``trade screen`` records as alerts (audited); the new ones.

    ``store_versions``: the current list versions (dataset -> version) of the lists
    screened against; the versions the hits themselves record are added to them.
    """
    versions = {**store_versions, **result_versions(results)}
    findings = trade_findings(results, shipments)
    made = raise_findings(repo, findings, versions, actor)
    log.info("%d trade findings, %d new alerts", len(findings), len(made))
    return made


def screen_and_raise(
    store: Store,
    repo: Repository,
    screener: Screener,
    path: Path,
    versions: Mapping[str, str],
    actor: str = "system",
) -> list[Alert]:
    """Screen a JSONL shipments file against the store's lists (one process, the CLI's
    defaults) and raise its hits and flags: the demo seeder's trade step."""
    shipments = read_shipments(path, {})
    lists = lists_from_store(store, screener)
    config = ScreenConfig(
        limit=5, cutoff=min(DEFAULT_CUTOFF, DEFAULT_THRESHOLD), threshold=DEFAULT_THRESHOLD
    )
    records = screen_shipments(shipments, screener, config, workers=1, licences=lists.licences)
    found = [r for r in records if r["hits"] or r["flags"]]
    return raise_trade_alerts(repo, versions, found, actor, shipments)


__all__ = [
    "FLAG_ALGORITHM",
    "HIT_ALGORITHM",
    "flag_finding",
    "hit_findings",
    "raise_trade_alerts",
    "screen_and_raise",
    "shipment_details",
    "trade_findings",
]
