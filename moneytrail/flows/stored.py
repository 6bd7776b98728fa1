"""Transactions and account holders kept in the store, and the flow picture of an entity.

The workbench and the case report must show the same money as the alerts cite, long
after the CSV files that fed the analysis have moved: so transactions are loaded
into the store (``flows.ingest.load_transactions``, upserted by id) next to a table
of account holders, and every view traces from there. An entity's accounts are the
accounts it holds (holder id) or that screening designated as it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyarrow as pa

from moneytrail.flows import Direction, build_graph, trace
from moneytrail.flows.accounts import Accounts
from moneytrail.flows.graph import FlowGraph
from moneytrail.flows.ingest import DAY, TimeKind, Transactions, load_transactions
from moneytrail.store import Store

TX_TABLE = "flow_transactions"
ACCOUNTS_TABLE = "flow_accounts"
ACCOUNTS_DDL = (
    f"CREATE TABLE IF NOT EXISTS {ACCOUNTS_TABLE} (account VARCHAR PRIMARY KEY, "
    "holder_id VARCHAR, name VARCHAR, schema VARCHAR, designated_as VARCHAR)"
)


@dataclass(frozen=True, slots=True)
class Tx:
    """One payment as a report shows it: ids, date, ends with their holders, amount."""

    id: str
    date: str
    source: str
    target: str
    amount: float
    source_name: str = ""
    target_name: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "date": self.date,
            "source": self.source,
            "target": self.target,
            "amount": round(self.amount, 2),
            "source_name": self.source_name,
            "target_name": self.target_name,
        }


def load_flows(
    store: Store, txs: Transactions, accounts: Accounts, designated: dict[str, str]
) -> int:
    """Transactions and holders into the store; ``designated``: account -> list entry id."""
    count = load_transactions(store.engine, txs, TX_TABLE)
    rows = [
        (a, h.id, h.name, h.schema, designated.get(a)) for a, h in sorted(accounts.holders.items())
    ]
    with store.engine.transaction():
        store.engine.execute(ACCOUNTS_DDL)
        store.engine.execute(f"DELETE FROM {ACCOUNTS_TABLE}")
        for row in rows:
            store.engine.execute(f"INSERT INTO {ACCOUNTS_TABLE} VALUES (?, ?, ?, ?, ?)", row)
    return count


def has_flows(store: Store) -> bool:
    found = store.engine.rows(
        "SELECT count(*) FROM information_schema.tables WHERE table_name IN (?, ?) "
        "AND table_catalog IN (current_database(), 'temp')",
        [TX_TABLE, ACCOUNTS_TABLE],
    )
    return int(found[0][0]) == 2


def holders(store: Store) -> dict[str, tuple[str | None, str, str | None]]:
    """Account -> (holder id, holder name, designated as)."""
    if not has_flows(store):
        return {}
    rows = store.engine.rows(
        f"SELECT account, holder_id, name, designated_as FROM {ACCOUNTS_TABLE}"
    )
    return {str(r[0]): (r[1], str(r[2]), r[3]) for r in rows}


def accounts_of(store: Store, entity_id: str) -> list[str]:
    """Accounts an entity holds or was screened as holding; an account id stands for itself."""
    if not has_flows(store):
        return []
    rows = store.engine.rows(
        f"SELECT account FROM {ACCOUNTS_TABLE} WHERE holder_id = ? OR designated_as = ? "
        "OR account = ? ORDER BY account",
        [entity_id, entity_id, entity_id],
    )
    return [str(r[0]) for r in rows]


def _date(seconds: int) -> str:
    return str(np.datetime64(int(seconds), "s"))[:10]


def transactions(store: Store, ids: list[str] | None = None) -> list[Tx]:
    """Payments by id (all of them when ``ids`` is None), in time order, with holder names."""
    if not has_flows(store):
        return []
    names = holders(store)
    where, params = ("", []) if ids is None else ("WHERE list_contains(?, id)", [ids])
    rows = store.engine.rows(
        f"SELECT id, t, source, target, amount FROM {TX_TABLE} {where} ORDER BY t, id", params
    )
    return [
        Tx(
            str(r[0]), _date(r[1]), str(r[2]), str(r[3]), float(r[4]),
            names.get(str(r[2]), (None, str(r[2]), None))[1],
            names.get(str(r[3]), (None, str(r[3]), None))[1],
        )
        for r in rows
    ]  # fmt: skip


def flow_graph(store: Store) -> FlowGraph | None:
    """The stored transactions in the form ``flows.trace`` takes; None if none are loaded."""
    if not has_flows(store):
        return None
    table = store.engine.query(f"SELECT id, source, target, amount, t FROM {TX_TABLE} ORDER BY id")
    if table.num_rows == 0:
        return None
    table = table.append_column("line", pa.array(np.arange(table.num_rows) + 2, pa.int64()))
    kind = TimeKind.DATE if all(t % DAY == 0 for t in table.column("t").to_pylist()) else None
    return build_graph(Transactions(table, kind or TimeKind.DATETIME))


@dataclass
class FlowView:
    """Money traced from and to an entity's accounts: the timeline and the Sankey links."""

    entity: str
    seeds: list[str]
    hops: int
    timeline: list[dict[str, Any]] = field(default_factory=list)
    links: list[dict[str, Any]] = field(default_factory=list)
    dropped_cycles: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "entity": self.entity,
            "seeds": self.seeds,
            "hops": self.hops,
            "timeline": self.timeline,
            "links": self.links,
            "dropped_cycles": self.dropped_cycles,
        }


def flow_view(store: Store, entity_id: str, hops: int = 3) -> FlowView:
    """Every transaction on a time-respecting chain into or out of the entity's accounts."""
    seeds = accounts_of(store, entity_id)
    view = FlowView(entity_id, seeds, hops)
    graph = flow_graph(store)
    if graph is None or not seeds or not (graph.codes(seeds) >= 0).any():
        return view
    on_chain: dict[str, str] = {}
    for direction in (Direction.FORWARD, Direction.BACKWARD):
        result = trace(graph, seeds, direction=direction, hops=hops)
        for record in result.records():
            for tx_id in record["path"]:
                on_chain.setdefault(tx_id, direction.value)
    txs = transactions(store, sorted(on_chain))
    view.timeline = [{**t.as_dict(), "direction": on_chain[t.id]} for t in txs]
    view.links, view.dropped_cycles = sankey_links(txs)
    return view


def sankey_links(txs: list[Tx]) -> tuple[list[dict[str, Any]], int]:
    """Amounts summed per (payer, payee), largest first; links closing a cycle are dropped.

    A Sankey diagram cannot draw a cycle (money back to where it came from), so the
    smaller links that would close one are left out and counted for the page to say so.
    """
    total: dict[tuple[str, str], float] = defaultdict(float)
    count: dict[tuple[str, str], int] = defaultdict(int)
    names: dict[str, str] = {}
    for t in txs:
        total[(t.source, t.target)] += t.amount
        count[(t.source, t.target)] += 1
        names[t.source], names[t.target] = t.source_name, t.target_name
    kept: list[dict[str, Any]] = []
    succ: dict[str, set[str]] = defaultdict(set)
    dropped = 0
    for (a, b), amount in sorted(total.items(), key=lambda kv: (-kv[1], kv[0])):
        if a == b or _reaches(succ, b, a):
            dropped += 1
            continue
        succ[a].add(b)
        kept.append(
            {
                "source": a,
                "target": b,
                "source_name": names[a],
                "target_name": names[b],
                "amount": round(amount, 2),
                "count": count[(a, b)],
            }
        )
    return kept, dropped


def _reaches(succ: dict[str, set[str]], start: str, goal: str) -> bool:
    stack, seen = [start], {start}
    while stack:
        node = stack.pop()
        if node == goal:
            return True
        for nxt in succ.get(node, ()):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return False
