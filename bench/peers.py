"""Adapters that let nomenklatura's matchers screen against moneytrail's candidate index.

nomenklatura's algorithms (``logic-v2``, the default of OpenSanctions' yente, and
``ofac``, an emulation of OFAC's Sanctions List Search) compare two followthemoney
entities; they have no candidate search of their own without yente's Elasticsearch.
So each query here gets the same candidates moneytrail would score
(``Screener.candidates``), the candidates' statements become followthemoney entity
proxies, and the peer scores every (query, candidate) pair. The default threshold
is yente's ``SCORE_THRESHOLD`` (0.70), used for every algorithm.

Needs the ``nomenklatura`` package (bench extra).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from followthemoney import EntityProxy, model

from moneytrail.model import Statement

YENTE_THRESHOLD = 0.70
PEER_ALGORITHMS = ("logic-v2", "ofac")
# Statements that carry no evidence for a matcher (and slow proxy building down).
SKIPPED_PROPS = frozenset({"notes", "program", "topics", "provisions", "sourceUrl", "modifiedAt"})


@dataclass(frozen=True, slots=True)
class PeerMatch:
    entity_id: str
    score: float
    explanation: dict[str, Any]


class Peer:
    """One nomenklatura algorithm, with its default configuration and yente's threshold."""

    def __init__(self, name: str, threshold: float = YENTE_THRESHOLD) -> None:
        from nomenklatura.matching import get_algorithm

        algorithm = get_algorithm(name)
        if algorithm is None:
            raise SystemExit(f"nomenklatura has no matching algorithm {name!r}")
        self.name = name
        self.algorithm = algorithm
        self.config = algorithm.default_config()
        self.threshold = threshold

    def compare(self, query: EntityProxy, candidate: EntityProxy) -> tuple[float, dict[str, Any]]:
        result = self.algorithm.compare(query, candidate, self.config)
        return float(result.score), result._explanations

    def screen(
        self, query: EntityProxy, candidates: Iterable[EntityProxy], *, explain: bool = False
    ) -> list[PeerMatch]:
        """Every candidate scored, best first."""
        out = []
        for cand in candidates:
            score, expl = self.compare(query, cand)
            detail = (
                {k: [round(v.score, 3), v.detail, v.query, v.candidate] for k, v in expl.items()}
                if explain
                else {}
            )
            out.append(PeerMatch(str(cand.id), score, detail))
        out.sort(key=lambda m: (-m.score, m.entity_id))
        return out


def query_proxy(record: Mapping[str, Any]) -> EntityProxy:
    """A yente-style query record as a followthemoney entity, as yente builds it."""
    return model.get_proxy(
        {"id": record["id"], "schema": record["schema"], "properties": record["properties"]},
        cleaned=False,
    )


def entity_proxies(statements: Iterable[Statement]) -> dict[str, EntityProxy]:
    """One followthemoney entity per list entry, from its statements."""
    proxies: dict[str, EntityProxy] = {}
    for st in statements:
        if st.prop in SKIPPED_PROPS:
            continue
        proxy = proxies.get(st.entity_id)
        if proxy is None:
            schema = model.get(st.schema)
            if schema is None or not schema.matchable:
                continue
            proxy = proxies[st.entity_id] = model.make_entity(schema)
            proxy.id = st.entity_id
        proxy.add(st.prop, st.value, cleaned=True, quiet=True)
    return proxies
