"""The engine-side half of the graph features: SQL that DuckDB and Spark read alike.

Everything that grows with the number of transactions is a set-based SQL step here
(window functions partitioned by pair or account, group-bys per account and time
bucket, joins of distinct pairs per bucket), so the same features run on Spark for
data that does not fit one machine. The SQL returns raw counts, sums and gaps; the
scale-free normalisation (ranks, ratios to population medians) is cheap numpy work
in ``features.py``.

Windows are tumbling buckets at two offsets (0 and half a window); each edge reads
the bucketing in which it sits in the middle half, so its bucket covers at least a
quarter window either side of it. Intermediary accounts of 2-paths (cycles of three,
scatter-gather) are limited to non-hubs (``in_deg * out_deg <= HUB_CAP`` in the
bucket): a hub is not the mule of a ring, and this keeps the path join linear.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from moneytrail.engines.base import Engine

HUB_CAP = 64
TX = "_gfp_tx"


def scatter(table: pa.Table, n: int) -> dict[str, np.ndarray]:
    """Engine rows (any order) -> float arrays indexed by ``row`` (NaN where null)."""
    rows = np.asarray(table.column("row"), dtype=np.int64)
    out: dict[str, np.ndarray] = {}
    for name in table.column_names:
        if name == "row":
            continue
        column = table.column(name).cast(pa.float64()).to_numpy(zero_copy_only=False)
        values = np.full(n, np.nan)
        values[rows] = np.asarray(column, dtype=np.float64)
        out[name] = values
    return out


BASE_SQL = f"""
SELECT p.row, p.pair_n, p.pair_seq, p.pair_gap, p.pair_same_t,
       a.src_gap, a.dst_gap, a.src_age, a.dst_age, a.src_mean_la, a.dst_mean_la
FROM (
  SELECT row,
         COUNT(*) OVER (PARTITION BY src, dst) AS pair_n,
         ROW_NUMBER() OVER (PARTITION BY src, dst ORDER BY row) AS pair_seq,
         t - LAG(t) OVER (PARTITION BY src, dst ORDER BY row) AS pair_gap,
         COUNT(*) OVER (PARTITION BY src, dst, t) AS pair_same_t
  FROM {TX}) p
JOIN (
  SELECT row,
         MAX(CASE WHEN side = 0 THEN gap END) AS src_gap,
         MAX(CASE WHEN side = 1 THEN gap END) AS dst_gap,
         MAX(CASE WHEN side = 0 THEN age END) AS src_age,
         MAX(CASE WHEN side = 1 THEN age END) AS dst_age,
         MAX(CASE WHEN side = 0 THEN mean_la END) AS src_mean_la,
         MAX(CASE WHEN side = 1 THEN mean_la END) AS dst_mean_la
  FROM (
    SELECT row, side,
           t - LAG(t) OVER (PARTITION BY acct ORDER BY t, row, side) AS gap,
           t - MIN(t) OVER (PARTITION BY acct) AS age,
           AVG(la) OVER (PARTITION BY acct, side) AS mean_la
    FROM (SELECT row, src AS acct, 0 AS side, t, ln(amt + 1) AS la FROM {TX}
          UNION ALL
          SELECT row, dst AS acct, 1 AS side, t, ln(amt + 1) AS la FROM {TX}) s
  ) g
  GROUP BY row) a ON a.row = p.row
"""


def _bucket(window: int, time: str) -> str:
    return f"CAST(floor(({time}) / {window}) AS BIGINT)"


def _tables(window: int) -> list[tuple[str, str]]:
    """(name, SELECT) of the per-window temp tables, in dependency order."""
    half = window // 2
    offsets = f"(VALUES (0), ({half})) o(off)"
    bucket = _bucket(window, "t + o.off")
    pos = f"(t - {window} * {_bucket(window, 't')})"
    centred = (
        f"CASE WHEN {pos} >= {window // 4} AND {pos} < {3 * window // 4} THEN 0 ELSE {half} END"
    )
    return [
        (
            "_gfp_ab",
            f"""SELECT acct, off, b,
                COUNT(DISTINCT CASE WHEN side = 0 THEN cp END) AS out_deg,
                COUNT(DISTINCT CASE WHEN side = 1 THEN cp END) AS in_deg,
                SUM(1 - side) AS out_n, SUM(side) AS in_n,
                SUM(CASE WHEN side = 0 THEN amt ELSE 0 END) AS out_amt,
                SUM(CASE WHEN side = 1 THEN amt ELSE 0 END) AS in_amt
            FROM (SELECT src AS acct, dst AS cp, 0 AS side, amt, o.off, {bucket} AS b
                  FROM {TX}, {offsets}
                  UNION ALL
                  SELECT dst AS acct, src AS cp, 1 AS side, amt, o.off, {bucket} AS b
                  FROM {TX}, {offsets}) x
            GROUP BY acct, off, b""",
        ),
        (
            "_gfp_p",
            f"""SELECT src, dst, off, b, COUNT(*) AS n
            FROM (SELECT src, dst, o.off, {bucket} AS b FROM {TX}, {offsets}
                  WHERE src <> dst) x
            GROUP BY src, dst, off, b""",
        ),
        (
            "_gfp_q",
            f"""SELECT p1.src AS a, p1.dst AS m, p2.dst AS c, p1.off, p1.b
            FROM _gfp_p p1
            JOIN _gfp_ab h ON h.acct = p1.dst AND h.off = p1.off AND h.b = p1.b
            JOIN _gfp_p p2 ON p2.src = p1.dst AND p2.off = p1.off AND p2.b = p1.b
            WHERE p2.dst <> p1.src AND h.in_deg * h.out_deg <= {HUB_CAP}""",
        ),
        (
            "_gfp_k",
            """SELECT a, m, c, off, b, COUNT(*) OVER (PARTITION BY a, c, off, b) AS k
            FROM _gfp_q""",
        ),
        (
            "_gfp_e",
            f"""SELECT row, src, dst, off, {_bucket(window, "t + off")} AS b
            FROM (SELECT row, src, dst, t, {centred} AS off FROM {TX}) x""",
        ),
    ]


WINDOW_SQL = """
SELECT e.row,
       s.out_deg AS s_out_deg, s.in_deg AS s_in_deg, s.out_n AS s_out_n, s.in_n AS s_in_n,
       s.out_amt AS s_out_amt, s.in_amt AS s_in_amt,
       d.out_deg AS d_out_deg, d.in_deg AS d_in_deg, d.out_n AS d_out_n, d.in_n AS d_in_n,
       d.out_amt AS d_out_amt, d.in_amt AS d_in_amt,
       COALESCE(f.n, 0) AS pair_w, COALESCE(r.n, 0) AS cyc2,
       COALESCE(c3.n, 0) AS cyc3, COALESCE(so.k, 0) AS sg_out, COALESCE(si.k, 0) AS sg_in
FROM _gfp_e e
JOIN _gfp_ab s ON s.acct = e.src AND s.off = e.off AND s.b = e.b
JOIN _gfp_ab d ON d.acct = e.dst AND d.off = e.off AND d.b = e.b
LEFT JOIN _gfp_p f ON f.src = e.src AND f.dst = e.dst AND f.off = e.off AND f.b = e.b
LEFT JOIN _gfp_p r ON r.src = e.dst AND r.dst = e.src AND r.off = e.off AND r.b = e.b
LEFT JOIN (SELECT q.a, q.m, q.off, q.b, COUNT(*) AS n FROM _gfp_q q
           JOIN _gfp_p z ON z.src = q.c AND z.dst = q.a AND z.off = q.off AND z.b = q.b
           GROUP BY q.a, q.m, q.off, q.b) c3
  ON c3.a = e.src AND c3.m = e.dst AND c3.off = e.off AND c3.b = e.b
LEFT JOIN (SELECT a, m, off, b, MAX(k) AS k FROM _gfp_k WHERE k > 1 GROUP BY a, m, off, b) so
  ON so.a = e.src AND so.m = e.dst AND so.off = e.off AND so.b = e.b
LEFT JOIN (SELECT m, c, off, b, MAX(k) AS k FROM _gfp_k WHERE k > 1 GROUP BY m, c, off, b) si
  ON si.m = e.src AND si.c = e.dst AND si.off = e.off AND si.b = e.b
"""

ACCOUNT_SQL = f"""
SELECT acct AS code,
       COUNT(DISTINCT CASE WHEN side = 0 THEN cp END) AS out_deg,
       COUNT(DISTINCT CASE WHEN side = 1 THEN cp END) AS in_deg,
       SUM(1 - side) AS out_n, SUM(side) AS in_n,
       SUM(CASE WHEN side = 0 THEN amt ELSE 0 END) AS out_amt,
       SUM(CASE WHEN side = 1 THEN amt ELSE 0 END) AS in_amt,
       MAX(t) - MIN(t) AS active
FROM (SELECT src AS acct, dst AS cp, 0 AS side, amt, t FROM {TX}
      UNION ALL
      SELECT dst AS acct, src AS cp, 1 AS side, amt, t FROM {TX}) x
GROUP BY acct
"""


def base_columns(engine: Engine, n: int) -> dict[str, np.ndarray]:
    """Pair rhythm, novelty, dormancy and account means per edge (``_gfp_tx`` registered)."""
    return scatter(engine.query(BASE_SQL), n)


def window_columns(engine: Engine, window: int, n: int) -> dict[str, np.ndarray]:
    """Degrees, balances, pair repeats, cycles and scatter-gather in one window."""
    names = [name for name, _ in _tables(window)]
    try:
        for name, select in _tables(window):
            engine.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS {select}")
        return scatter(engine.query(WINDOW_SQL), n)
    finally:
        for name in reversed(names):
            engine.execute(f"DROP TABLE IF EXISTS {name}")


def account_columns(engine: Engine, n_accounts: int) -> dict[str, np.ndarray]:
    """Whole-period degrees, counts and amounts per account code."""
    table = engine.query(ACCOUNT_SQL)
    return scatter(table.rename_columns(["row", *table.column_names[1:]]), n_accounts)
