"""Exposure: which accounts received money from designated parties, or sent money to them.

Screening says who is listed; tracing says where money went. Neither alone answers
the question a bank is asked after a designation: "which of our customers handled the
designated party's money?". Exposure joins the two:

1. **Designated accounts.** An account is designated when its holder *is* a list
   entry (the holder id is the entry id, e.g. ``ofac-12452``) or *screens* as one
   (best score >= threshold, same scorer and explanation as ``moneytrail screen``).
   The evidence is kept with the account, so every exposure line says why its source
   counts as designated.
2. **Trace.** The designated accounts are the seeds of one ``trace`` per direction
   (the same time-respecting search and amount attribution as ``moneytrail trace``):
   forward finds accounts their money reached within N hops, backward the accounts
   whose money reached them. ``hops``, ``first_date``, ``amount`` and ``path`` are the
   trace's own values for those seeds.
3. **Which designated parties.** For each exposed account, every designated account
   from which (forward) or to which (backward) a time-respecting chain of at most N
   hops exists, found by one reachability search per designated account (on an
   engine, one search for all of them: see ``origins``). The chain behind ``path``
   starts (or ends) at the first one listed.

With an ``engine`` (Spark) both searches run there as SQL; designation, paths and
amounts stay on the driver, so the output is the embedded run's, line for line.

A designated account is never reported as exposed: it is a seed, and its own
designation is the stronger finding.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from moneytrail.engines.base import Engine
from moneytrail.flows.accounts import Accounts, Holder
from moneytrail.flows.attribution import Method
from moneytrail.flows.graph import FlowGraph
from moneytrail.flows.kinds import Reach as Reach
from moneytrail.flows.origins import origins
from moneytrail.flows.trace import Direction, Frame, TraceResult, trace
from moneytrail.flows.wallets import WalletHit, address_holder, wallet_hits
from moneytrail.screening import (
    DEFAULT_THRESHOLD,
    Decisions,
    ScreenConfig,
    Screener,
    screen_batch,
)
from moneytrail.screening.index import Entry
from moneytrail.screening.wallets import WALLET_SCHEMA

NAME = "exposure-v1"


@dataclass(frozen=True)
class Designation:
    """Why a holder counts as designated: one list entry and the evidence for it."""

    entity_id: str
    caption: str
    schema: str
    datasets: tuple[str, ...]
    score: float
    basis: str  # "id": the holder is the entry; "screening": the holder's record matched it;
    # "wallet" / "account-id": the account's address (from the file / its id) is a listed wallet
    explanation: dict[str, Any]

    def as_record(self) -> dict[str, Any]:
        return {
            "entity_id": self.entity_id,
            "caption": self.caption,
            "schema": self.schema,
            "datasets": list(self.datasets),
            "score": round(self.score, 4),
            "basis": self.basis,
            "explanation": self.explanation,
        }


@dataclass(frozen=True)
class Designated:
    """A designated account: its holder and every list entry that makes it so."""

    account: str
    holder: Holder
    designations: tuple[Designation, ...]

    def as_record(self) -> dict[str, Any]:
        return {
            "account": self.account,
            "holder": self.holder.as_record(),
            "designations": [d.as_record() for d in self.designations],
        }


@dataclass(frozen=True)
class Exposure:
    """One exposed account in one direction, with the trace's figures for it."""

    direction: Direction
    account: str
    holder: Holder | None
    hops: int
    first_date: int | str
    amount: float
    path: list[str]
    designated: list[Designated]

    def as_record(self) -> dict[str, Any]:
        """One output line; ``holder`` is null for an account missing from the accounts file."""
        return {
            "direction": str(self.direction),
            "account": self.account,
            "holder": self.holder.as_record() if self.holder else None,
            "hops": self.hops,
            "first_date": self.first_date,
            "amount": round(self.amount, 2),
            "path": self.path,
            "designated": [d.as_record() for d in self.designated],
        }


@dataclass(frozen=True)
class ExposureResult:
    """Designated accounts, exposures (by direction, fewest hops, then largest amount)."""

    designated: dict[str, Designated]
    exposures: list[Exposure]
    traces: dict[Direction, TraceResult]
    hops: int
    threshold: float
    method: Method

    def records(self) -> Iterator[dict[str, Any]]:
        for item in self.exposures:
            yield item.as_record()


def designate(
    accounts: Accounts,
    screener: Screener,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    decisions: Decisions | None = None,
    workers: int | None = None,
    graph_accounts: Iterable[str] = (),
) -> dict[str, Designated]:
    """Designated accounts by account id: holders that are, or screen as, list entries,
    and accounts (of the file or only of ``graph_accounts``) that are listed addresses.

    Each distinct holder record is screened once, however many accounts it holds;
    decided false positives (``decisions``) do not designate.
    """
    entries = {entry.id: entry for entry in screener.index.entries}
    hits = wallet_hits(accounts, graph_accounts, screener.index.wallets)
    by_print: dict[str, Holder] = {}
    for holder in accounts.holders.values():
        if holder.id not in entries and holder.schema != WALLET_SCHEMA:
            by_print.setdefault(holder.query.fingerprint + (holder.id or ""), holder)
    queries = [h.query for h in by_print.values()]
    config = ScreenConfig(threshold=threshold)
    found: dict[str, tuple[Designation, ...]] = {}
    for key, result in zip(
        by_print, screen_batch(queries, screener, config, decisions, workers=workers), strict=True
    ):
        found[key] = tuple(_screened(m) for m in result["matches"] if m["match"])
    out: dict[str, Designated] = {}
    for account, holder in accounts.holders.items():
        if holder.id in entries:
            why: tuple[Designation, ...] = (_listed(entries[holder.id]),)
        else:
            why = found.get(holder.query.fingerprint + (holder.id or ""), ())
        why = _merged(why, hits.pop(account, []))
        if why:
            out[account] = Designated(account, holder, why)
    for account, listed in hits.items():  # accounts only the transactions name
        out[account] = Designated(account, address_holder(account), _merged((), listed))
    return out


def _merged(why: tuple[Designation, ...], hits: list[WalletHit]) -> tuple[Designation, ...]:
    """The holder's designations, then its listed wallets' entries not already named."""
    named = {d.entity_id for d in why}
    extra = [_wallet(h) for h in hits if h.wallet.entry.id not in named]
    return (*why, *extra)


def _wallet(hit: WalletHit) -> Designation:
    entry = hit.wallet.entry
    explanation = hit.wallet.explanation(hit.given, hit.currency)
    explanation["rule"] = (
        "the account id is a listed address"
        if hit.basis == "account-id"
        else "the account's publicKey is a listed address"
    )
    return Designation(
        entry.id, entry.caption, entry.schema, tuple(entry.datasets), 1.0, hit.basis, explanation
    )


def _listed(entry: Entry) -> Designation:
    explanation = {
        "algorithm": NAME,
        "rule": "the holder id is the list entry id",
        "list_versions": dict(entry.list_versions),
        "entry_digest": entry.digest,
    }
    return Designation(
        entry.id, entry.caption, entry.schema, tuple(entry.datasets), 1.0, "id", explanation
    )


def _screened(match: dict[str, Any]) -> Designation:
    return Designation(
        match["id"],
        match["caption"],
        match["schema"],
        tuple(match["datasets"]),
        float(match["score"]),
        "screening",
        match["explanation"],
    )


def exposure(
    graph: FlowGraph,
    accounts: Accounts,
    screener: Screener,
    *,
    reach: Reach = Reach.FORWARD,
    hops: int = 6,
    threshold: float = DEFAULT_THRESHOLD,
    method: Method = Method.PROPORTIONAL,
    min_amount: float = 0.0,
    decisions: Decisions | None = None,
    workers: int | None = None,
    engine: Engine | None = None,
) -> ExposureResult:
    """Designate, trace from the designated accounts, and join the two per account.

    ``min_amount`` is a materiality floor: an account reached by a chain but attributed
    less than this is left out (0 keeps every reached account, as ``trace`` does).
    With an ``engine`` the searches run there (``trace``'s and ``origins``' SQL); the
    caller owns the engine and closes it.
    """
    designated = designate(
        accounts, screener, threshold=threshold, decisions=decisions, workers=workers,
        graph_accounts=(str(a) for a in graph.accounts.to_pylist()),
    )  # fmt: skip
    seeds = sorted(designated)
    known = graph.codes(seeds)
    traces: dict[Direction, TraceResult] = {}
    exposures: list[Exposure] = []
    for direction in reach.directions():
        if not (known >= 0).any():
            continue  # no designated account pays or is paid: nobody is exposed
        result = trace(graph, seeds, direction=direction, hops=hops, method=method, engine=engine)
        traces[direction] = result
        joined = _join(result, accounts, designated, hops, engine)
        exposures.extend(e for e in joined if round(e.amount, 2) >= min_amount)
    return ExposureResult(designated, exposures, traces, hops, threshold, method)


def _join(
    result: TraceResult,
    accounts: Accounts,
    designated: dict[str, Designated],
    hops: int,
    engine: Engine | None,
) -> list[Exposure]:
    """The trace's records, each with its holder and the designated accounts behind it."""
    graph = result.graph
    seed_names = [str(x) for x in graph.accounts.take(result.seeds).to_pylist()]
    frame = Frame.of(graph, result.direction)
    reached = origins(frame, result.seeds, graph.n_accounts, hops, engine)
    out: list[Exposure] = []
    for i, rec in enumerate(result.records()):
        path = result.paths[i][result.paths[i] >= 0]
        end = path[0] if result.direction is Direction.FORWARD else path[-1]
        origin = int(graph.src[end] if result.direction is Direction.FORWARD else graph.dst[end])
        code = int(result.accounts[i])
        names = [seed_names[j] for j in reached.get(code, [])]
        origin_name = str(graph.accounts[origin].as_py())
        names.sort(key=lambda n: (n != origin_name, n))
        out.append(
            Exposure(
                result.direction,
                rec["account"],
                accounts.get(rec["account"]),
                rec["hops"],
                rec["first_date"],
                float(rec["amount"]),
                rec["path"],
                [designated[n] for n in names],
            )
        )
    out.sort(key=lambda e: (e.hops, -e.amount, e.account))
    return out


def render_html(result: ExposureResult) -> str:
    """One self-contained page: designated accounts, then per direction a picture and a table."""
    from html import escape

    from moneytrail.flows.html import render

    parts = [f"<h2>Designated accounts ({len(result.designated)})</h2>", _TABLE]
    parts.append("<tr><th>account</th><th>holder</th><th>list entry</th><th>why</th></tr>")
    for d in result.designated.values():
        for g in d.designations:
            why = _WHY.get(g.basis) or f"screening, score {g.score:.2f}"
            parts.append(
                f"<tr><td>{escape(d.account)}</td><td>{escape(d.holder.name)}</td>"
                f"<td>{escape(g.caption)} ({escape(g.entity_id)}, {escape(', '.join(g.datasets))})"
                f"</td><td>{escape(why)}</td></tr>"
            )
    parts.append("</table>")
    for direction, traced in result.traces.items():
        rows = [e for e in result.exposures if e.direction is direction]
        verb = "received money from" if direction is Direction.FORWARD else "sent money to"
        parts.append(f"<h2>{direction}: {len(rows)} accounts {verb} designated accounts</h2>")
        page = render(traced)
        parts.append(page[page.index("<svg") : page.index("</svg>") + 6])
        parts.append(_TABLE)
        parts.append(
            "<tr><th>account</th><th>holder</th><th>hops</th><th>first date</th>"
            "<th>amount</th><th>designated</th><th>path</th></tr>"
        )
        for e in rows:
            who = e.holder.name if e.holder else "(not in the accounts file)"
            via = "; ".join(f"{d.holder.name} ({d.account})" for d in e.designated)
            parts.append(
                f"<tr><td>{escape(e.account)}</td><td>{escape(who)}</td><td>{e.hops}</td>"
                f"<td>{escape(str(e.first_date))}</td><td class=num>{e.amount:,.2f}</td>"
                f"<td>{escape(via)}</td><td>{escape(' → '.join(e.path))}</td></tr>"
            )
        parts.append("</table>")
    return _PAGE.format(
        hops=result.hops, threshold=result.threshold, method=result.method, body="\n".join(parts)
    )


_WHY = {"id": "holder id is the entry", "wallet": "listed wallet address",
        "account-id": "account id is a listed address"}  # fmt: skip
_TABLE = "<table>"
_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>moneytrail exposure</title>
<style>
body {{ font: 13px system-ui, sans-serif; margin: 16px; }}
table {{ border-collapse: collapse; margin: 8px 0 24px; }}
td, th {{ border: 1px solid #ccd; padding: 3px 8px; text-align: left; vertical-align: top; }}
td.num {{ text-align: right; }}
.e {{ fill: none; stroke: #5b7db1; stroke-width: 1.4; }}
.l {{ font-size: 10px; fill: #333; text-anchor: middle; }}
.n {{ fill: #f3f6fb; stroke: #5b7db1; }} .s {{ fill: #fde2e1; stroke: #c0392b; }}
</style></head><body>
<h1>moneytrail exposure</h1>
<p>Accounts that received money from, or sent money to, accounts of designated parties
within {hops} hops, in time order (screening threshold {threshold}). Designated accounts
are red in the pictures; amounts are attributed by the {method} method.</p>
{body}
</body></html>
"""
