"""Relay windows: an account that, within one window, receives from several accounts and
pays several others about as much as it received, after receiving it."""

from __future__ import annotations

from typing import Any

from moneytrail.typologies.base import Scan, offsets


def relay_rows(
    scan: Scan, window: int, tolerance: float, min_in: int, min_out: int
) -> list[dict[str, Any]]:
    """Per (account, window): sorted sources and targets, totals (``all_in``: everything
    the account ever received) and transaction rows."""
    return scan.rows(
        f"""WITH b AS (SELECT row, src, dst, t, amt, off, (t + off) // {window} AS bucket
                      FROM tx, {offsets(window)}),
        i AS (SELECT dst AS m, off, bucket, count(DISTINCT src) AS n_in, sum(amt) AS s_in,
                     avg(t) AS t_in FROM b GROUP BY ALL HAVING count(DISTINCT src) >= {min_in}),
        o AS (SELECT src AS m, off, bucket, count(DISTINCT dst) AS n_out, sum(amt) AS s_out,
                     avg(t) AS t_out FROM b GROUP BY ALL HAVING count(DISTINCT dst) >= {min_out}),
        r AS (SELECT * FROM i JOIN o USING (m, off, bucket)
              WHERE abs(s_out - s_in) <= {tolerance} * s_in AND t_out >= t_in),
        ins AS (SELECT r.m, r.off, r.bucket, list_sort(list(DISTINCT b.src)) AS sources,
                       list(b.row) AS rows_in
                FROM r JOIN b ON b.dst = r.m AND b.off = r.off AND b.bucket = r.bucket
                GROUP BY ALL),
        outs AS (SELECT r.m, r.off, r.bucket, list_sort(list(DISTINCT b.dst)) AS targets,
                        list(b.row) AS rows_out
                 FROM r JOIN b ON b.src = r.m AND b.off = r.off AND b.bucket = r.bucket
                 GROUP BY ALL),
        total AS (SELECT dst AS m, sum(amt) AS all_in FROM tx
                  WHERE dst IN (SELECT m FROM r) GROUP BY dst)
        SELECT r.m, r.off, r.bucket, r.s_in, r.s_out, all_in, sources, targets, rows_in, rows_out
        FROM r JOIN ins USING (m, off, bucket) JOIN outs USING (m, off, bucket)
        JOIN total USING (m)
        ORDER BY r.m, r.off, r.bucket"""
    )
