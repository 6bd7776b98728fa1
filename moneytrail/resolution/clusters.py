"""Links -> clusters -> canonical ids, and the id mapping the API redirects with.

Clustering is greedy agglomeration, strongest evidence first: analyst "same"
judgements, then links by decreasing probability. Two groups are never merged when an
analyst judged a record of one "different" from a record of the other, so a
"different" judgement splits a cluster even when a chain of other links would have
joined the pair (plain connected components cannot do that). Ties break on ids, so
the same links give the same clusters on every run.

A cluster of one keeps its entity id. A larger cluster is named ``mt-`` + a hash of its
sorted member ids: the same members give the same id on every run and every machine.
When membership changes the id changes too, and the old id is kept as a redirect to the
cluster that now holds its first member, so a bookmarked link still lands (HTTP 308).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from moneytrail.errors import NotFound
from moneytrail.resolution.judgements import Judgement
from moneytrail.store import Store

PREFIX = "mt-"
DDL = (
    """CREATE TABLE IF NOT EXISTS resolution_clusters (
        entity_id VARCHAR PRIMARY KEY, canonical_id VARCHAR NOT NULL, resolved_at VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS resolution_redirects (
        old_id VARCHAR PRIMARY KEY, canonical_id VARCHAR NOT NULL, retired_at VARCHAR)""",
)


@dataclass(frozen=True, slots=True)
class Link:
    """Evidence that two records are one entity: ``source`` is "model" (record linkage),
    "screening" (a list entry found by the screening engine) or "judgement"."""

    left: str
    right: str
    source: str
    probability: float
    explanation: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "left": self.left,
            "right": self.right,
            "source": self.source,
            "probability": round(self.probability, 6),
            "explanation": self.explanation,
        }


@dataclass(frozen=True, slots=True)
class Cluster:
    canonical_id: str
    members: tuple[str, ...]
    links: tuple[Link, ...]
    overruled: tuple[Link, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.canonical_id,
            "members": list(self.members),
            "links": [link.as_dict() for link in self.links],
            "overruled": [link.as_dict() for link in self.overruled],
        }


def canonical_name(members: Iterable[str]) -> str:
    ordered = sorted(members)
    if len(ordered) == 1:
        return ordered[0]
    digest = hashlib.sha256("\n".join(ordered).encode()).hexdigest()[:16]
    return PREFIX + digest


def _judged_links(judgements: Mapping[tuple[str, str], Judgement]) -> list[Link]:
    return [
        Link(
            j.left,
            j.right,
            "judgement",
            1.0,
            {"judgement": j.as_dict(), "text": f"analyst judged them the same: {j.reason}"},
        )
        for j in judgements.values()
        if j.judgement == "same"
    ]


class _Groups:
    """Union-find whose groups remember whom their members were judged different from."""

    def __init__(self, ids: Iterable[str], apart: Iterable[tuple[str, str]]) -> None:
        self.parent: dict[str, str] = {i: i for i in ids}
        self.members: dict[str, set[str]] = {i: {i} for i in self.parent}
        self.apart: dict[str, set[str]] = {i: set() for i in self.parent}
        for a, b in apart:
            for x, y in ((a, b), (b, a)):
                self.add(x)
                self.apart[x].add(y)

    def add(self, i: str) -> None:
        if i not in self.parent:
            self.parent[i], self.members[i], self.apart[i] = i, {i}, set()

    def find(self, i: str) -> str:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: str, b: str) -> bool:
        """Merge the groups of a and b; False if a judgement keeps them apart."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        if self.apart[ra] & self.members[rb]:
            return False
        if len(self.members[ra]) < len(self.members[rb]):
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.members[ra] |= self.members.pop(rb)
        self.apart[ra] |= self.apart.pop(rb)
        return True


def build_clusters(
    entity_ids: Iterable[str],
    links: Iterable[Link],
    judgements: Mapping[tuple[str, str], Judgement],
) -> list[Cluster]:
    """Every record in exactly one cluster (most are clusters of one)."""
    apart = {pair for pair, j in judgements.items() if j.judgement == "different"}
    groups = _Groups(entity_ids, apart)
    ordered = sorted(
        [*_judged_links(judgements), *(k for k in links if (k.left, k.right) not in apart)],
        key=lambda k: (k.source != "judgement", -k.probability, k.left, k.right),
    )
    accepted: list[Link] = []
    overruled = [k for k in links if (k.left, k.right) in apart]
    for link in ordered:
        groups.add(link.left)
        groups.add(link.right)
        (accepted if groups.union(link.left, link.right) else overruled).append(link)
    by_root: dict[str, list[Link]] = {}
    for link in accepted:
        by_root.setdefault(groups.find(link.left), []).append(link)
    lost: dict[str, list[Link]] = {}
    for link in overruled:
        lost.setdefault(groups.find(link.left), []).append(link)
    clusters = [
        Cluster(
            canonical_name(members),
            tuple(sorted(members)),
            tuple(by_root.get(root, ())),
            tuple(lost.get(root, ())),
        )
        for root, members in groups.members.items()
    ]
    return sorted(clusters, key=lambda c: c.canonical_id)


def id_mapping(clusters: Iterable[Cluster]) -> dict[str, str]:
    """member id -> canonical id, for the members of clusters of two or more."""
    return {m: c.canonical_id for c in clusters if len(c.members) > 1 for m in c.members}


def save_clusters(store: Store, clusters: list[Cluster]) -> dict[str, str]:
    """Replace the stored mapping; retired canonical ids redirect to their successor.

    Returns the redirects written by this run (old id -> new canonical id).
    """
    now = datetime.now(UTC).isoformat(timespec="seconds")
    mapping = id_mapping(clusters)
    eng = store.engine
    with eng.transaction():
        for ddl in DDL:
            eng.execute(ddl)
        old = eng.query("SELECT entity_id, canonical_id FROM resolution_clusters").to_pylist()
        live = set(mapping.values())
        retired: dict[str, str] = {}
        for row in sorted(old, key=lambda r: (r["canonical_id"], r["entity_id"])):
            gone = row["canonical_id"]
            if gone not in live and gone not in retired:
                retired[gone] = mapping.get(row["entity_id"], row["entity_id"])
        eng.execute("DELETE FROM resolution_clusters")
        for member, canonical in sorted(mapping.items()):
            eng.execute(
                "INSERT INTO resolution_clusters VALUES (?, ?, ?)", [member, canonical, now]
            )
        for gone, successor in retired.items():
            eng.execute("DELETE FROM resolution_redirects WHERE old_id = ?", [gone])
            eng.execute("INSERT INTO resolution_redirects VALUES (?, ?, ?)", [gone, successor, now])
        eng.execute(
            """UPDATE resolution_redirects SET canonical_id = coalesce(
                (SELECT c.canonical_id FROM resolution_clusters c
                 WHERE c.entity_id = resolution_redirects.canonical_id),
                canonical_id)"""
        )
    return retired


def _resolved(store: Store) -> bool:
    """Whether a resolution has run on this store (it creates both tables)."""
    rows = store.engine.query(
        """SELECT count(*) AS n FROM information_schema.tables
        WHERE table_name IN ('resolution_clusters', 'resolution_redirects')
        AND table_catalog IN (current_database(), 'temp')"""
    ).to_pylist()
    return bool(rows[0]["n"] == 2)


def _lookup(store: Store, sql: str, key: str) -> str | None:
    rows = store.engine.query(sql, [key]).to_pylist()
    return str(rows[0]["canonical_id"]) if rows else None


def _exists(store: Store, entity_id: str) -> bool:
    sql = "SELECT 1 FROM statements WHERE entity_id = ? LIMIT 1"
    return bool(store.engine.query(sql, [entity_id]).num_rows)


def canonical_id(store: Store, entity_id: str) -> str:
    """The id the graph and the API should show for ``entity_id``.

    A member of a resolved cluster maps to the cluster's id; a retired cluster id to the
    cluster that succeeded it; a cluster id or an unresolved entity to itself.
    NotFound if the store knows nothing by that id.
    """
    if _resolved(store):
        for sql in (
            "SELECT canonical_id FROM resolution_clusters WHERE entity_id = ?",
            "SELECT canonical_id FROM resolution_redirects WHERE old_id = ?",
            "SELECT canonical_id FROM resolution_clusters WHERE canonical_id = ? LIMIT 1",
        ):
            found = _lookup(store, sql, entity_id)
            if found is not None:
                return found
    if _exists(store, entity_id):
        return entity_id
    raise NotFound(f"no entity or resolved cluster {entity_id!r} in the store")


def cluster_members(store: Store, cluster_id: str) -> list[str]:
    """The records of a cluster (one record for an entity that was not merged)."""
    canonical = canonical_id(store, cluster_id)
    if not _resolved(store):
        return [canonical]
    rows = store.engine.query(
        "SELECT entity_id FROM resolution_clusters WHERE canonical_id = ? ORDER BY entity_id",
        [canonical],
    ).to_pylist()
    return [str(r["entity_id"]) for r in rows] or [canonical]
