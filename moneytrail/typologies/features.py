"""Graph features per transaction and per account over several time windows (gfp-v1).

After IBM's Graph Feature Preprocessor (snapml): laundering shows in the shape of the
money's graph around a payment (fans, cycles, scatter-gather, pass-through accounts,
bursts of repeats) more than in any one payment, and at several time scales at once.
A learned ranker (``ranker.py``) reads these features.

Every feature is *scale-free*, because a model trained on one bank's data must transfer
to another's with other amounts, volumes and rhythms: amounts are log ratios to the
sending account's own mean, the receiving account's and the population median, and a
percentile within the data; degrees and activity counts are percentiles among the
data's edges; intervals are ratios to the data's median interval; motif counts (cycles,
scatter-gather legs, the size of the ring an edge closes, up to 32 accounts: a loop
through most of the network is no ring) are small counts that mean the same in any
bank. Raw amounts, raw degrees and calendar times never enter.

The bulk (pair and account window functions, per-bucket group-bys, path joins) runs as
SQL through the engine (``_features_sql.py``), so it runs on Spark too; ranks, ratios
and the strongly connected components of each bucket's graph are vectorised numpy.
``FEATURE_VERSION`` names this exact set: a model refuses features of another version.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyarrow as pa

from moneytrail.engines.base import Engine
from moneytrail.errors import InvalidInput
from moneytrail.flows.graph import FlowGraph
from moneytrail.typologies import _features_sql as fsql
from moneytrail.typologies._motifs import pct_rank, ratio_to_median, scc_sizes

FEATURE_VERSION = "gfp-v1"
DAY = 86_400
SCALES = (1 * DAY, 7 * DAY, 30 * DAY, 90 * DAY)
SCC_CAP = 32

# Plain words for explanations; "{w}" is the window ("7 days").
GLOBAL_FEATURES: dict[str, str] = {
    "amt_pct": "amount percentile in the data",
    "amt_vs_src": "amount against the sender's usual (log ratio)",
    "amt_vs_dst": "amount against the receiver's usual (log ratio)",
    "amt_vs_median": "amount against the data's median (log ratio)",
    "pair_count": "payments between this pair against the typical pair (log ratio)",
    "pair_first": "first payment between this pair",
    "pair_position": "position among this pair's payments (0 first, 1 last)",
    "pair_gap": "time since this pair's previous payment (first: the span), in typical "
    "pair intervals (log)",
    "pair_burst": "payments between this pair at the same time (log)",
    "src_age": "sender's age at the payment, as a share of the data's span",
    "dst_age": "receiver's age at the payment, as a share of the data's span",
    "src_dormancy": "sender's quiet time before the payment, in typical gaps (log)",
    "dst_dormancy": "receiver's quiet time before the payment, in typical gaps (log)",
}
# Global features that need each end's own history (one more pass over both sides).
SIDE_FEATURES = frozenset(
    {"amt_vs_src", "amt_vs_dst", "src_age", "dst_age", "src_dormancy", "dst_dormancy"}
)
WINDOW_FEATURES: dict[str, str] = {
    "src_fan_out": "percentile of accounts the sender paid within {w}",
    "src_fan_in": "percentile of accounts that paid the sender within {w}",
    "dst_fan_in": "percentile of accounts that paid the receiver within {w}",
    "dst_fan_out": "percentile of accounts the receiver paid within {w}",
    "src_velocity": "percentile of the sender's payments within {w}",
    "dst_velocity": "percentile of the receiver's incoming payments within {w}",
    "src_repeat": "sender's payments per counterparty within {w} (log)",
    "dst_repeat": "receiver's payments per counterparty within {w} (log)",
    "src_passthrough": "sender's money out against money in within {w} (1 = all passed on)",
    "dst_passthrough": "receiver's money out against money in within {w} (1 = all passed on)",
    "pair_repeats": "this pair's payments within {w} against the typical pair (log ratio)",
    "cycle2": "payments straight back from receiver to sender within {w} (log)",
    "cycle3": "three-account loops this payment starts within {w} (log)",
    "scatter": "intermediaries the sender uses to reach one account within {w}",
    "gather": "intermediaries through which the receiver is reached within {w}",
    "cycle_scc": "accounts in the loop this payment closes within {w} (0 = none or > 32)",
}


# The features a ranker learns from, each with the direction of its effect fixed by the
# typology it stands for (+1: more is more suspicious; -1: less is). Gradient boosting
# is held to these directions (monotonic constraints), so a model cannot learn a
# bank-specific inversion (in one bank's data the launderers' receivers are the quiet
# accounts, in another the busy ones) that would not transfer to the next bank.
# Features whose direction depends on the bank (amount ratios, novelty, account age,
# dormancy, loop size) are computed and explained but do not enter the model.
SIGNS: dict[str, int] = {
    "pair_count": 1,
    "pair_burst": 1,
    "pair_gap": -1,
    "src_fan_out": 1,
    "dst_fan_in": 1,
    "src_velocity": 1,
    "dst_velocity": 1,
    "src_repeat": 1,
    "dst_repeat": 1,
    "src_passthrough": 1,
    "dst_passthrough": 1,
    "pair_repeats": 1,
    "cycle2": 1,
    "cycle3": 1,
    "scatter": 1,
    "gather": 1,
}


def window_label(window: int) -> str:
    return f"{window // DAY}d" if window % DAY == 0 else f"{window}s"


def window_words(window: int) -> str:
    if window % DAY == 0:
        days = window // DAY
        return f"{days} day{'s' if days != 1 else ''}"
    return f"{window} seconds"


def feature_names(windows: Sequence[int]) -> list[str]:
    """The feature columns, in order, for these windows (seconds)."""
    names = list(GLOBAL_FEATURES)
    for w in windows:
        names += [f"{name}_{window_label(w)}" for name in WINDOW_FEATURES]
    return names


def base_name(name: str) -> str:
    """``src_fan_out_7d`` -> ``src_fan_out``; global names are their own base."""
    head, _, label = name.rpartition("_")
    return head if head and label[:-1].isdigit() and label[-1] in "ds" else name


def signed_features(windows: Sequence[int]) -> list[str]:
    """The columns of ``feature_names(windows)`` with a typology direction (``SIGNS``)."""
    return [name for name in feature_names(windows) if base_name(name) in SIGNS]


def describe(name: str, windows: Sequence[int]) -> str:
    """A feature name in plain words."""
    if name in GLOBAL_FEATURES:
        return GLOBAL_FEATURES[name]
    base, _, label = name.rpartition("_")
    window = next((w for w in windows if window_label(w) == label), None)
    text = WINDOW_FEATURES.get(base)
    if text is None or window is None:
        return name
    return text.format(w=window_words(window))


def default_windows(graph: FlowGraph) -> list[int]:
    """Day, week, month and quarter, clipped to the data's span (at least one window).

    Data spanning less than a day gets one window of its span (never below its time
    resolution)."""
    if graph.n_edges == 0:
        return [DAY]
    span = int(graph.t.max() - graph.t.min())
    kept = [w for w in SCALES if w <= max(span, DAY)]
    if span < DAY:
        return [max(span, _resolution(graph.t), 1)]
    return kept


def _resolution(t: np.ndarray) -> int:
    """The smallest positive gap between distinct times (1 day for daily data)."""
    steps = np.diff(np.sort(t) if len(t) and np.any(t[1:] < t[:-1]) else t)
    positive = steps[steps > 0]
    return int(positive.min()) if len(positive) else DAY


def transaction_features(
    graph: FlowGraph,
    engine: Engine,
    windows: Sequence[int] | None = None,
    columns: Sequence[str] | None = None,
) -> pa.Table:
    """One row per time-ordered edge: ``row`` then the float features of ``feature_names``
    (only ``columns`` of them if given: what is not asked for is not computed)."""
    chosen = list(windows) if windows is not None else default_windows(graph)
    wanted = list(columns) if columns is not None else feature_names(chosen)
    unknown = sorted(set(wanted) - set(feature_names(chosen)))
    if unknown:
        raise InvalidInput(f"not {FEATURE_VERSION} features for windows {chosen}: {unknown}")
    sides = any(base_name(name) in SIDE_FEATURES for name in wanted)
    n = graph.n_edges
    engine.register(fsql.TX, graph.arrow())
    try:
        base = fsql.base_columns(engine, n, sides)
        span = (int(graph.t.min()), int(graph.t.max())) if n else (0, 0)
        per_window = [fsql.window_columns(engine, w, n, *span) for w in chosen]
    finally:
        engine.unregister(fsql.TX)
    out = {"row": np.arange(n, dtype=np.int64)}
    out.update(_global(graph, base))
    for w, raw in zip(chosen, per_window, strict=True):
        label = window_label(w)
        loops = f"cycle_scc_{label}" in wanted
        sizes = scc_sizes(graph.src, graph.dst, graph.t, w) if loops else np.zeros(n, np.int64)
        for name, values in _windowed(raw, sizes).items():
            out[f"{name}_{label}"] = values
    return pa.table({name: pa.array(out[name]) for name in ["row", *wanted]})


def _global(graph: FlowGraph, raw: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    la = np.log1p(graph.amount)
    t = graph.t
    span = float(max(int(t.max() - t.min()), 1)) if len(t) else 1.0
    tick = float(_resolution(t))
    pair_n = raw["pair_n"]
    firsts = raw["pair_seq"] == 1
    mean_pair = len(pair_n) / max(int(firsts.sum()), 1)
    out = {
        "amt_pct": pct_rank(graph.amount),
        "amt_vs_median": la - (float(np.median(la)) if len(la) else 0.0),
        "pair_count": np.log(pair_n / mean_pair),
        "pair_first": firsts.astype(np.float64),
        "pair_position": raw["pair_seq"] / pair_n,
        "pair_gap": np.log1p(ratio_to_median(raw["pair_gap"], tick, span)),
        "pair_burst": np.log(raw["pair_same_t"]),
    }
    if "src_gap" in raw:  # the account-side columns were asked for
        out.update(
            {
                "amt_vs_src": la - raw["src_mean_la"],
                "amt_vs_dst": la - raw["dst_mean_la"],
                "src_age": raw["src_age"] / span,
                "dst_age": raw["dst_age"] / span,
                "src_dormancy": np.log1p(ratio_to_median(raw["src_gap"], tick, span)),
                "dst_dormancy": np.log1p(ratio_to_median(raw["dst_gap"], tick, span)),
            }
        )
    return out


def _passthrough(money_in: np.ndarray, money_out: np.ndarray) -> np.ndarray:
    high = np.maximum(money_in, money_out)
    low = np.minimum(money_in, money_out)
    share: np.ndarray = np.divide(low, high, out=np.zeros_like(high), where=high > 0)
    return share


def _windowed(raw: dict[str, np.ndarray], scc: np.ndarray) -> dict[str, np.ndarray]:
    pair_w = np.maximum(raw["pair_w"], 1.0)
    return {
        "src_fan_out": pct_rank(raw["s_out_deg"]),
        "src_fan_in": pct_rank(raw["s_in_deg"]),
        "dst_fan_in": pct_rank(raw["d_in_deg"]),
        "dst_fan_out": pct_rank(raw["d_out_deg"]),
        "src_velocity": pct_rank(raw["s_out_n"]),
        "dst_velocity": pct_rank(raw["d_in_n"]),
        "src_repeat": np.log(raw["s_out_n"] / np.maximum(raw["s_out_deg"], 1.0)),
        "dst_repeat": np.log(raw["d_in_n"] / np.maximum(raw["d_in_deg"], 1.0)),
        "src_passthrough": _passthrough(raw["s_in_amt"], raw["s_out_amt"]),
        "dst_passthrough": _passthrough(raw["d_in_amt"], raw["d_out_amt"]),
        "pair_repeats": np.log(pair_w / pair_w.mean()) if len(pair_w) else pair_w,
        "cycle2": np.log1p(raw["cyc2"]),
        "cycle3": np.log1p(raw["cyc3"]),
        "scatter": raw["sg_out"],
        "gather": raw["sg_in"],
        "cycle_scc": np.where(scc <= SCC_CAP, scc, 0).astype(np.float64),
    }


ACCOUNT_MOTIFS = ("cycle2", "cycle3", "scatter", "gather", "cycle_scc")


def account_features(
    graph: FlowGraph,
    engine: Engine,
    windows: Sequence[int] | None = None,
    transactions: pa.Table | None = None,
) -> pa.Table:
    """One row per account code: whole-period fans, velocity and balance (percentiles and
    ratios among accounts), and the most any of its payments shows of each motif.

    ``transactions`` reuses an already computed ``transaction_features`` table."""
    chosen = list(windows) if windows is not None else default_windows(graph)
    if transactions is None:
        transactions = transaction_features(graph, engine, chosen)
    engine.register(fsql.TX, graph.arrow())
    try:
        raw = fsql.account_columns(engine, graph.n_accounts)
    finally:
        engine.unregister(fsql.TX)
    out_n = np.nan_to_num(raw["out_n"])
    in_n = np.nan_to_num(raw["in_n"])
    columns = {
        "code": pa.array(np.arange(graph.n_accounts, dtype=np.int64)),
        "fan_out": pa.array(pct_rank(np.nan_to_num(raw["out_deg"]))),
        "fan_in": pa.array(pct_rank(np.nan_to_num(raw["in_deg"]))),
        "velocity": pa.array(pct_rank(out_n + in_n)),
        "passthrough": pa.array(
            _passthrough(np.nan_to_num(raw["in_amt"]), np.nan_to_num(raw["out_amt"]))
        ),
        "out_share": pa.array(out_n / np.maximum(out_n + in_n, 1.0)),
    }
    for w in chosen:
        for motif in ACCOUNT_MOTIFS:
            name = f"{motif}_{window_label(w)}"
            values = np.asarray(transactions.column(name), dtype=np.float64)
            best = np.zeros(graph.n_accounts)
            np.maximum.at(best, graph.src, values)
            np.maximum.at(best, graph.dst, values)
            columns[f"max_{name}"] = pa.array(best)
        label = window_label(w)
        own = np.zeros(graph.n_accounts)
        np.maximum.at(own, graph.src, np.asarray(transactions.column(f"src_passthrough_{label}")))
        np.maximum.at(own, graph.dst, np.asarray(transactions.column(f"dst_passthrough_{label}")))
        columns[f"max_passthrough_{label}"] = pa.array(own)
    return pa.table(columns)
