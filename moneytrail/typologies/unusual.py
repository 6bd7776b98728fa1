"""Unusual relationships: the payments every v2 typology is built from.

Laundering hides in volume: most payments in a bank's data belong to relationships
that repeat at the data's own rhythm (salaries, rent, suppliers paid every week).
The v2 typologies therefore look only at payments whose *relationship* is rare in
the data they are given, measured against that data and not against fixed numbers:

- **bursts**: a pair of accounts that pays again and again where repeated
  relationships are rare (fewer than ``max_repeat_share`` of all payments belong to
  a pair that pays more than once), or faster than ``rhythm_ratio`` times the usual
  rhythm of repeated pairs (their payment-weighted median interval): daily payments
  where everyone else pays weekly.
- **novel**: a pair that pays exactly once, where one-off relationships are a
  minority (at most ``max_novel_share`` of all payments), unless paying new people
  is the payer's habit: a payer whose one-off payees number at least ``habit_ratio``
  times the typical count of payers who pay several new people (and at least
  ``habit_floor``), and are at least half of its payments (a marketplace paying
  sellers, a payroll paying new staff), is left out.

Where repeated relationships are the norm and one-offs the exception (most bank
data), the novel payments carry the signal; where everything is one-off, only
bursts do. The pair statistics are computed by the engine in SQL that DuckDB and
Spark read alike (the heavy O(transactions) part); thresholds come from small
histograms; the unusual payments come back as numpy arrays for the structural
searches, which work on this much smaller set.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from moneytrail.engines.base import Engine

BURST, NOVEL = 1, 2


@dataclass(frozen=True)
class EdgeConfig:
    """Which relationships count as unusual (shared by every v2 typology)."""

    max_repeat_share: float = field(
        default=0.10,
        metadata={"doc": "repeats are unusual where fewer than this share of payments repeat"},
    )
    rhythm_ratio: float = field(
        default=0.25, metadata={"doc": "a pair paying faster than this x the usual rhythm bursts"}
    )
    max_novel_share: float = field(
        default=0.25, metadata={"doc": "one-off pairs are unusual only below this payment share"}
    )
    habit_ratio: float = field(
        default=0.5, metadata={"doc": "payers with this x the typical one-off count: a habit"}
    )
    habit_floor: int = field(
        default=10, metadata={"doc": "fewer one-off payees than this is never a habit"}
    )

    def edge_key(self) -> tuple[float, float, float, float, int]:
        return (
            self.max_repeat_share,
            self.rhythm_ratio,
            self.max_novel_share,
            self.habit_ratio,
            self.habit_floor,
        )


@dataclass(frozen=True)
class UnusualEdges:
    """Unusual payments in time order, with what made each unusual and the thresholds."""

    row: np.ndarray
    src: np.ndarray
    dst: np.ndarray
    t: np.ndarray
    amt: np.ndarray
    kind: np.ndarray
    pair_count: np.ndarray
    rhythm: float
    habit: float
    novel_on: bool
    repeats_rare: bool

    def __len__(self) -> int:
        return len(self.row)

    def subset(self, mask: np.ndarray) -> UnusualEdges:
        return UnusualEdges(
            self.row[mask],
            self.src[mask],
            self.dst[mask],
            self.t[mask],
            self.amt[mask],
            self.kind[mask],
            self.pair_count[mask],
            self.rhythm,
            self.habit,
            self.novel_on,
            self.repeats_rare,
        )

    def rows(self, edges: np.ndarray) -> list[int]:
        """The time-order positions of ``edges`` (indices into this set), sorted."""
        return sorted(int(r) for r in self.row[edges])

    def describe(self, kind: int) -> str:
        """Plain words for why payments of this kind were looked at."""
        if kind == BURST:
            if self.repeats_rare:
                return "a pair paying repeatedly where repeated payments are rare"
            days = self.rhythm / 86_400
            return f"a pair paying far faster than the usual rhythm ({days:.1f} days)"
        return "one-off payments between accounts that otherwise do not deal with each other"


def _weighted_median(values: np.ndarray, weights: np.ndarray) -> float:
    if not len(values):
        return 0.0
    order = np.argsort(values, kind="stable")
    cum = np.cumsum(weights[order])
    return float(values[order][np.searchsorted(cum, cum[-1] / 2)])


def find_unusual(engine: Engine, config: EdgeConfig, table: str = "tx") -> UnusualEdges:
    """Pair statistics on the engine, thresholds from histograms, unusual edges back."""
    pairs = "_mt_pairs"
    engine.execute(
        f"""CREATE OR REPLACE TEMP TABLE {pairs} AS
        SELECT src, dst, count(*) AS c, min(t) AS t0, max(t) AS t1 FROM {table}
        GROUP BY src, dst"""
    )
    try:
        return _flag(engine, config, table, pairs)
    finally:
        engine.execute(f"DROP TABLE IF EXISTS {pairs}")


def _flag(engine: Engine, config: EdgeConfig, table: str, pairs: str) -> UnusualEdges:
    totals = engine.query(
        f"""SELECT sum(c) AS n, sum(CASE WHEN c >= 2 THEN c ELSE 0 END) AS n_rep,
                   sum(CASE WHEN c = 1 THEN 1 ELSE 0 END) AS n_one FROM {pairs}"""
    ).to_pylist()[0]
    n = float(totals["n"] or 0)
    if n == 0:
        return _empty()
    repeats_rare = float(totals["n_rep"] or 0) <= config.max_repeat_share * n
    novel_on = float(totals["n_one"] or 0) <= config.max_novel_share * n
    hist = engine.query(
        f"""SELECT CAST(floor((t1 - t0) / (c - 1) / 3600) AS BIGINT) AS gap_h, sum(c) AS w
        FROM {pairs} WHERE c >= 2 GROUP BY CAST(floor((t1 - t0) / (c - 1) / 3600) AS BIGINT)"""
    )
    gaps = np.asarray(hist.column("gap_h").to_pylist(), dtype=np.float64) * 3600
    weights = np.asarray(hist.column("w").to_pylist(), dtype=np.float64)
    rhythm = _weighted_median(gaps, weights)
    habit = _habit(engine, config, pairs)
    burst = (
        "c >= 2"
        if repeats_rare
        else f"c >= 2 AND (t1 - t0) / (c - 1) <= {config.rhythm_ratio * rhythm}"
    )
    novel = "c = 1 AND (h.n1 IS NULL OR h.n1 < h.n / 2)" if novel_on else "1 = 0"
    result = engine.query(
        f"""WITH h AS (SELECT src, sum(c) AS n, sum(CASE WHEN c = 1 THEN 1 ELSE 0 END) AS n1
                       FROM {pairs} GROUP BY src HAVING sum(CASE WHEN c = 1 THEN 1 ELSE 0 END)
                       >= {habit}),
        p AS (SELECT p.src, p.dst, p.c,
                     CASE WHEN {burst} THEN {BURST} WHEN {novel} THEN {NOVEL} ELSE 0 END AS kind
              FROM {pairs} p LEFT JOIN h ON h.src = p.src)
        SELECT x.row, x.src, x.dst, x.t, x.amt, p.kind, p.c FROM {table} x
        JOIN p ON p.src = x.src AND p.dst = x.dst WHERE p.kind > 0 ORDER BY x.row"""
    )
    col = {name: result.column(name).to_numpy(zero_copy_only=False) for name in result.schema.names}
    return UnusualEdges(
        row=col["row"].astype(np.int64),
        src=col["src"].astype(np.int64),
        dst=col["dst"].astype(np.int64),
        t=col["t"].astype(np.int64),
        amt=col["amt"].astype(np.float64),
        kind=col["kind"].astype(np.int8),
        pair_count=col["c"].astype(np.int64),
        rhythm=rhythm,
        habit=habit,
        novel_on=novel_on,
        repeats_rare=repeats_rare,
    )


def _habit(engine: Engine, config: EdgeConfig, pairs: str) -> float:
    """The one-off payee count from which paying new people is a payer's habit."""
    hist = engine.query(
        f"""SELECT n1, count(*) AS k FROM (SELECT src, count(*) AS n1 FROM {pairs}
        WHERE c = 1 GROUP BY src) s WHERE n1 >= 3 GROUP BY n1"""
    )
    values = np.asarray(hist.column("n1").to_pylist(), dtype=np.float64)
    weights = np.asarray(hist.column("k").to_pylist(), dtype=np.float64)
    typical = _weighted_median(values, weights)
    return max(float(config.habit_floor), config.habit_ratio * typical)


def _empty() -> UnusualEdges:
    i = np.zeros(0, dtype=np.int64)
    return UnusualEdges(i, i, i, i, np.zeros(0), np.zeros(0, np.int8), i, 0.0, 0.0, False, False)
