"""How much of the seeds' money each reached account received: two documented methods.

Both replay, in time order, every transaction touching the seeds or a reached
account, keeping per account a balance and its tainted part (money that came from
a seed). Seeds send only tainted money. Money an account holds from outside the
replayed transactions (an opening balance) is untainted: when an account sends more
than the replay says it holds, the excess is clean. Taint moves only along
transactions that extend a chain of at most N hops (the trace's hop limit); taint
sent along any other transaction leaves the traced flows. An account's attributed
amount is the total tainted money it received.

- ``proportional`` ("haircut"): every payment out carries the account's tainted share
  of its balance at that moment. Neutral; spreads taint thinly over many payments.
- ``fifo`` (first in, first out): payments out spend the oldest money first, lot by
  lot. Follows the order money arrived; concentrates taint in the earliest payments.

Backward tracing replays the mirror image: "tainted" then means "ends at the seed".
This replay is sequential by nature (a balance depends on every earlier payment), so
it runs only over the transactions touching the traced accounts.
"""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING

import numpy as np

from moneytrail.flows.kinds import Method as Method

if TYPE_CHECKING:
    from moneytrail.flows.trace import Frame

_DUST = 1e-9


def attribute(
    frame: Frame,
    seeds: np.ndarray,
    before_last_hop: np.ndarray,
    reached: np.ndarray,
    method: Method,
) -> np.ndarray:
    """Tainted money received per account (indexed by account code)."""
    n = len(reached)
    is_seed = np.zeros(n, dtype=bool)
    is_seed[seeds] = True
    src, dst = frame.src, frame.dst
    relevant = np.flatnonzero(is_seed[src] | reached[src] | reached[dst])
    s, d = src[relevant], dst[relevant]
    traced = (is_seed[s] | (before_last_hop[s] <= frame.t[relevant])) & ~is_seed[d]
    replay = _proportional if method is Method.PROPORTIONAL else _fifo
    return replay(
        s.tolist(), d.tolist(), frame.amount[relevant].tolist(), traced.tolist(), is_seed, n
    )


def _proportional(
    src: list[int],
    dst: list[int],
    amount: list[float],
    traced: list[bool],
    is_seed: np.ndarray,
    n: int,
) -> np.ndarray:
    balance: dict[int, float] = {}
    taint: dict[int, float] = {}
    got = np.zeros(n, dtype=np.float64)
    seed = set(np.flatnonzero(is_seed).tolist())
    for u, v, y, ok in zip(src, dst, amount, traced, strict=True):
        if u in seed:
            out = y
        else:
            held = balance.get(u, 0.0)
            mine = taint.get(u, 0.0)
            if held <= 0.0 or mine <= 0.0:
                out = 0.0
            elif y >= held:
                out = mine
            else:
                out = mine * (y / held)
            balance[u] = max(held - y, 0.0)
            taint[u] = mine - out
        if v in seed:
            continue
        balance[v] = balance.get(v, 0.0) + y
        if ok and out > 0.0:
            taint[v] = taint.get(v, 0.0) + out
            got[v] += out
    return got


def _spend(lots: deque[list[float]], need: float) -> float:
    """Take ``need`` from the oldest lots; return the tainted part of what was taken."""
    tainted = 0.0
    while need > _DUST and lots:
        lot = lots[0]
        take = min(need, lot[0])
        part = lot[1] * (take / lot[0]) if lot[0] > 0 else 0.0
        tainted += part
        lot[0] -= take
        lot[1] -= part
        need -= take
        if lot[0] <= _DUST:
            lots.popleft()
    return tainted


def _fifo(
    src: list[int],
    dst: list[int],
    amount: list[float],
    traced: list[bool],
    is_seed: np.ndarray,
    n: int,
) -> np.ndarray:
    lots: dict[int, deque[list[float]]] = {}
    got = np.zeros(n, dtype=np.float64)
    seed = set(np.flatnonzero(is_seed).tolist())
    for u, v, y, ok in zip(src, dst, amount, traced, strict=True):
        out = y if u in seed else _spend(lots[u], y) if u in lots else 0.0
        if v in seed:
            continue
        carried = out if ok else 0.0
        lots.setdefault(v, deque()).append([y, carried])
        got[v] += carried
    return got
