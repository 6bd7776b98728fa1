"""The shared rule behind fan-in and fan-out: many counterparties, similar amounts, one window."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from moneytrail.typologies.base import Scan, WindowConfig, bucket, clamp, offsets


@dataclass(frozen=True)
class FanConfig(WindowConfig):
    """``min_count`` distinct counterparties within ``window_days``, each amount within
    ``tolerance`` of the window's median, making up at least ``min_share`` of the
    account's payments in that direction in the window."""

    window_days: float = 7.0
    min_count: int = 8
    tolerance: float = 0.1
    min_share: float = 0.5


def fan_rows(scan: Scan, config: FanConfig, center: str, other: str) -> list[dict[str, Any]]:
    """Best window per central account; ``center``/``other`` are 'dst'/'src' or the reverse."""
    w, k, tol = config.window, config.min_count, config.tolerance
    return scan.rows(
        f"""WITH b AS (SELECT row, {center} AS c, {other} AS x, amt, off, {bucket(w)} AS bucket
                      FROM tx, {offsets(w)}),
        g AS (SELECT c, off, bucket, median(amt) AS med, count(*) AS n FROM b
              GROUP BY c, off, bucket HAVING count(DISTINCT x) >= {k}),
        s AS (SELECT b.c, b.off, b.bucket, array_sort(array_agg(b.row)) AS rows,
                     array_agg(DISTINCT b.x) AS others, count(DISTINCT b.x) AS k_sim,
                     any_value(g.n) AS n, any_value(g.med) AS med
              FROM b JOIN g USING (c, off, bucket)
              WHERE abs(b.amt - g.med) <= {tol} * g.med GROUP BY b.c, b.off, b.bucket)
        SELECT * FROM s WHERE k_sim >= {k} AND k_sim >= {config.min_share} * n
        QUALIFY row_number() OVER (PARTITION BY c ORDER BY k_sim DESC, bucket, off) = 1
        ORDER BY c"""
    )


def fan_score(row: dict[str, Any], config: FanConfig) -> float:
    share = row["k_sim"] / row["n"]
    return clamp(0.5 * share + 0.5 * min(1.0, row["k_sim"] / (2 * config.min_count)))
