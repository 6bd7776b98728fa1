"""A labelled synthetic transaction generator: realistic background, planted typologies.

Background (vectorised, ~10 M rows in seconds): people with heavy-tailed activity in
six banks; monthly salaries from employers of Zipf-distributed size (paid on the 25th,
Friday if that is a weekend); monthly rent and bills; shop purchases with a weekly
rhythm (busier Thursday to Saturday) at Zipf-popular merchants; person-to-person
transfers; merchants paying suppliers; business-to-business payments on working days.
Amounts are log-normal, so they vary the way real ones do.

Planted: every typology of ``moneytrail.typologies`` at known accounts and
transactions (fresh mule accounts; each pattern lasts at most half its detector's
window). ``labels`` records, per planted instance, the typology, its accounts and its
transaction ids, so a bench can measure recall and precision.

    python bench/flows_generator.py --transactions 100000 --output /tmp/tx.csv
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

DAY = 86_400
START = np.datetime64("2023-01-02T00:00:00", "s").astype(np.int64)  # a Monday
BANKS = ("ALFA", "BRVO", "CHRL", "DLTA", "ECHO", "FXTR")
RETAIL = np.array([1.0, 1.0, 1.0, 1.2, 1.5, 1.6, 0.7])
OFFICE = np.array([1.2, 1.2, 1.2, 1.2, 1.1, 0.05, 0.02])
TYPOLOGIES = (
    "fan_in", "fan_out", "cycle", "scatter_gather", "gather_scatter", "bipartite", "stack",
    "pass_through", "structuring",
)  # fmt: skip


@dataclass
class Builder:
    """Columns under construction: coded accounts, amounts, times."""

    rng: np.random.Generator
    src: list[np.ndarray] = field(default_factory=list)
    dst: list[np.ndarray] = field(default_factory=list)
    amt: list[np.ndarray] = field(default_factory=list)
    t: list[np.ndarray] = field(default_factory=list)
    count: int = 0

    def add(self, s: np.ndarray, d: np.ndarray, a: np.ndarray, t: np.ndarray) -> np.ndarray:
        n = len(s)
        self.src.append(np.asarray(s, np.int64))
        self.dst.append(np.asarray(d, np.int64))
        self.amt.append(np.round(np.asarray(a, np.float64), 2))
        self.t.append(np.asarray(t, np.int64))
        self.count += n
        return np.arange(self.count - n, self.count)


def _days(rng: np.random.Generator, n: int, rhythm: np.ndarray) -> np.ndarray:
    weights = np.tile(rhythm, 53)[:365]
    return rng.choice(365, size=n, p=weights / weights.sum())


def _clock(rng: np.random.Generator, days: np.ndarray) -> np.ndarray:
    hours = np.clip(rng.normal(13.5, 3.0, len(days)), 6, 22)
    return START + days * DAY + (hours * 3600).astype(np.int64)


def _zipf(rng: np.random.Generator, n: int, a: float = 1.1) -> np.ndarray:
    weights = 1.0 / np.arange(1, n + 1) ** a
    return rng.permutation(weights / weights.sum())


def _pareto(rng: np.random.Generator, n: int) -> np.ndarray:
    weights = rng.pareto(1.6, n) + 1.0
    return weights / weights.sum()


def background(b: Builder, n: int) -> int:
    """Plant the ordinary economy; returns the number of accounts used."""
    rng = b.rng
    persons = max(500, n // 80)
    merchants, employers, businesses = (
        max(20, persons // 50),
        max(10, persons // 40),
        max(20, persons // 30),
    )
    p0, m0, e0, b0 = 0, persons, persons + merchants, persons + merchants + employers
    total = b0 + businesses
    activity = _pareto(rng, persons)
    salaried = min(persons, max(1, int(0.08 * n / 12)))
    employer = e0 + rng.choice(employers, salaried, p=_zipf(rng, employers))
    salary = rng.lognormal(np.log(2800), 0.45, salaried)
    months = np.repeat(np.arange(12), salaried)
    pay_day = np.minimum((months * 30.4 + 24).astype(np.int64), 364)
    pay_day -= np.clip((pay_day % 7) - 4, 0, None)  # weekend -> Friday
    who = np.tile(np.arange(salaried), 12)
    b.add(
        employer[who],
        p0 + who,
        salary[who] * rng.uniform(0.995, 1.005, len(who)),
        _clock(rng, pay_day),
    )
    renters = min(persons, max(1, int(0.07 * n / 12)))
    landlord = b0 + rng.choice(businesses, renters, p=_zipf(rng, businesses))
    rent = rng.lognormal(np.log(900), 0.35, renters)
    who = np.tile(np.arange(renters), 12)
    day = np.minimum(np.repeat(np.arange(12), renters) * 30.4 + rng.integers(0, 4, len(who)), 364)
    b.add(p0 + who, landlord[who], rent[who], _clock(rng, day.astype(np.int64)))
    k = int(0.6 * n)
    shop = m0 + rng.choice(merchants, k, p=_zipf(rng, merchants))
    b.add(rng.choice(persons, k, p=activity), shop,
          rng.lognormal(np.log(35), 1.0, k), _clock(rng, _days(rng, k, RETAIL)))  # fmt: skip
    k = int(0.12 * n)
    b.add(rng.choice(persons, k, p=activity), rng.choice(persons, k, p=activity),
          rng.lognormal(np.log(60), 1.1, k), _clock(rng, _days(rng, k, RETAIL)))  # fmt: skip
    k = int(0.05 * n)
    b.add(m0 + rng.choice(merchants, k, p=_zipf(rng, merchants)), b0 + rng.choice(businesses, k),
          rng.lognormal(np.log(6000), 0.9, k), _clock(rng, _days(rng, k, OFFICE)))  # fmt: skip
    k = max(0, n - b.count)
    firms = np.concatenate([e0 + np.arange(employers), b0 + np.arange(businesses)])
    weights = _pareto(rng, len(firms))
    b.add(firms[rng.choice(len(firms), k, p=weights)], firms[rng.choice(len(firms), k, p=weights)],
          rng.lognormal(np.log(4000), 1.3, k), _clock(rng, _days(rng, k, OFFICE)))  # fmt: skip
    return total


@dataclass
class Planter:
    """Plants patterns on fresh accounts and records their labels."""

    b: Builder
    next_account: int
    labels: list[dict[str, object]] = field(default_factory=list)

    def fresh(self, k: int) -> list[int]:
        out = list(range(self.next_account, self.next_account + k))
        self.next_account += k
        return out

    def when(self, span_days: float) -> float:
        return float(START + self.b.rng.uniform(5, 360 - span_days) * DAY)

    def emit(self, typology: str, edges: list[tuple[int, int, float, float]]) -> None:
        s, d, a, t = (np.array(col) for col in zip(*edges, strict=True))
        rows = self.b.add(s, d, a, t)
        accounts = sorted({int(x) for x in s} | {int(x) for x in d})
        self.labels.append({"typology": typology, "accounts": accounts, "rows": rows.tolist()})

    def jitter(self, lo: float = 0.97, hi: float = 1.03) -> float:
        return float(self.b.rng.uniform(lo, hi))

    def fan(self, typology: str) -> None:
        rng, k = self.b.rng, int(self.b.rng.integers(8, 15))
        hub, others = self.fresh(1)[0], self.fresh(k)
        base, t0 = float(rng.uniform(2000, 9000)), self.when(3)
        edges = []
        for o in others:
            pair = (o, hub) if typology == "fan_in" else (hub, o)
            edges.append((*pair, base * self.jitter(), t0 + rng.uniform(0, 3 * DAY)))
        self.emit(typology, edges)

    def cycle(self) -> None:
        rng, k = self.b.rng, int(self.b.rng.integers(3, 7))
        ring = self.fresh(k)
        amount, t = float(rng.uniform(3000, 9000)), self.when(12)
        edges = []
        for i in range(k):
            edges.append((ring[i], ring[(i + 1) % k], amount, t))
            amount *= self.jitter(0.96, 0.995)
            t += rng.uniform(0.1, 1.9) * DAY
        self.emit("cycle", edges)

    def scatter_gather(self) -> None:
        rng, k = self.b.rng, int(self.b.rng.integers(4, 9))
        a, mids, z = self.fresh(1)[0], self.fresh(k), self.fresh(1)[0]
        t0, edges = self.when(5), []
        for m in mids:
            x, t = float(rng.uniform(1500, 9000)), t0 + rng.uniform(0, 2 * DAY)
            edges += [
                (a, m, x, t),
                (m, z, x * self.jitter(0.97, 0.999), t + rng.uniform(0.1, 2) * DAY),
            ]
        self.emit("scatter_gather", edges)

    def gather_scatter(self) -> None:
        rng = self.b.rng
        hub, srcs, dsts = (
            self.fresh(1)[0],
            self.fresh(int(rng.integers(6, 11))),
            self.fresh(int(rng.integers(6, 11))),
        )
        t0, edges = self.when(6), []
        amounts = rng.uniform(1000, 5000, len(srcs))
        edges += [
            (s, hub, float(x), t0 + rng.uniform(0, 3 * DAY))
            for s, x in zip(srcs, amounts, strict=True)
        ]
        split = rng.dirichlet(np.ones(len(dsts)) * 3) * amounts.sum() * self.jitter(0.95, 0.99)
        edges += [
            (hub, d, float(x), t0 + rng.uniform(3, 6) * DAY)
            for d, x in zip(dsts, split, strict=True)
        ]
        self.emit("gather_scatter", edges)

    def bipartite(self) -> None:
        rng = self.b.rng
        srcs, dsts = self.fresh(int(rng.integers(3, 6))), self.fresh(int(rng.integers(3, 6)))
        base, t0 = float(rng.uniform(1000, 8000)), self.when(3)
        edges = [
            (s, d, base * self.jitter(), t0 + rng.uniform(0, 3 * DAY)) for s in srcs for d in dsts
        ]
        self.emit("bipartite", edges)

    def stack(self) -> None:
        rng = self.b.rng
        layers = [self.fresh(int(rng.integers(2, 5))) for _ in range(3)]
        base, t0 = float(rng.uniform(1000, 6000)), self.when(6)
        edges = []
        for a in layers[0]:
            edges += [(a, m, base * self.jitter(), t0 + rng.uniform(0, 2 * DAY)) for m in layers[1]]
        for m in layers[1]:
            got = sum(x for s, d, x, _ in edges if d == m) * self.jitter(0.96, 0.99)
            share = got / len(layers[2])
            edges += [
                (m, c, share * self.jitter(0.98, 1.02), t0 + rng.uniform(3, 5) * DAY)
                for c in layers[2]
            ]
        self.emit("stack", edges)

    def pass_through(self) -> None:
        rng = self.b.rng
        mule, k = self.fresh(1)[0], int(rng.integers(3, 7))
        t, edges = self.when(25), []
        for _ in range(k):
            src, dst = self.fresh(2)
            x = float(rng.uniform(1500, 9000))
            edges += [
                (src, mule, x, t),
                (mule, dst, x * self.jitter(0.97, 0.995), t + rng.uniform(0.05, 1) * DAY),
            ]
            t += rng.uniform(1, 4) * DAY
        self.emit("pass_through", edges)

    def structuring(self) -> None:
        rng = self.b.rng
        target, smurfs = self.fresh(1)[0], self.fresh(int(rng.integers(1, 4)))
        t0, k = self.when(12), int(rng.integers(4, 9))
        edges = [(smurfs[i % len(smurfs)], target, float(rng.uniform(9000, 9950)),
                  t0 + rng.uniform(0, 12 * DAY)) for i in range(k)]  # fmt: skip
        self.emit("structuring", edges)


def generate(n: int, seed: int = 7) -> tuple[pa.Table, list[dict[str, object]]]:
    """``n`` transactions (about 0.5 % planted) and the labels of every planted instance."""
    b = Builder(np.random.default_rng(seed))
    per = max(20, n // 40_000)
    planted_rows = per * 60
    accounts = background(b, max(1000, n - planted_rows))
    planter = Planter(b, accounts)
    for _ in range(per):
        planter.fan("fan_in")
        planter.fan("fan_out")
        planter.cycle()
        planter.scatter_gather()
        planter.gather_scatter()
        planter.bipartite()
        planter.stack()
        planter.pass_through()
        planter.structuring()
    return _table(b, planter)


def _names(codes: np.ndarray) -> pa.Array:
    banks = pa.array(np.array(BANKS)[codes % len(BANKS)])
    digits = pc.utf8_lpad(pc.cast(pa.array(codes), pa.string()), 9, "0")
    return pc.binary_join_element_wise(banks, digits, "")


def _table(b: Builder, planter: Planter) -> tuple[pa.Table, list[dict[str, object]]]:
    t = np.concatenate(b.t)
    order = np.argsort(t, kind="stable")
    position = np.empty_like(order)
    position[order] = np.arange(len(order))
    ids = pc.binary_join_element_wise(
        "T", pc.utf8_lpad(pc.cast(pa.array(np.arange(len(t))), pa.string()), 10, "0"), ""
    )
    stamps = pa.array(t[order].astype("datetime64[s]"))
    table = pa.table(
        {
            "tran_id": ids,
            "orig_acct": _names(np.concatenate(b.src)[order]),
            "bene_acct": _names(np.concatenate(b.dst)[order]),
            "base_amt": pa.array(np.concatenate(b.amt)[order]),
            "tran_timestamp": pc.strftime(stamps, format="%Y-%m-%dT%H:%M:%S"),
        }
    )
    labels = []
    for label in planter.labels:
        rows = np.asarray(label["rows"], dtype=np.int64)
        labels.append(
            {
                "typology": label["typology"],
                "accounts": _names(np.asarray(label["accounts"], dtype=np.int64)).to_pylist(),
                "transactions": ids.take(pa.array(position[rows])).to_pylist(),
            }
        )
    return table, labels


def write(table: pa.Table, labels: list[dict[str, object]], output: Path) -> Path:
    """CSV (or Parquet by suffix) plus ``<output>.labels.jsonl``."""
    if output.suffix == ".parquet":
        import pyarrow.parquet as pq

        pq.write_table(table, output)
    else:
        pacsv.write_csv(table, output)
    label_path = output.with_name(output.name + ".labels.jsonl")
    label_path.write_text("".join(json.dumps(x) + "\n" for x in labels))
    return label_path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transactions", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--output", type=Path, required=True)
    args = parser.parse_args()
    table, labels = generate(args.transactions, args.seed)
    print(
        f"{table.num_rows:,} transactions, {len(labels)} planted instances ->",
        write(table, labels, args.output),
    )


if __name__ == "__main__":
    main()
