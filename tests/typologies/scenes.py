"""A year of ordinary bank traffic with laundering patterns planted in it, slowly.

The background is what trips naive rules: a payroll and a landlord dealing with the
same people every month, a card acquirer settling with merchants every day, a
marketplace paying a different seller every few days, households paying each other
weekly. The planted patterns are spread over weeks or months, with amounts that vary
by tens of percent, as laundering is; each is made of accounts that otherwise only
take part in ordinary traffic. Seeded, so every run builds the same graph.
"""

from __future__ import annotations

import random

from tests.flows.helpers import Row

DAYS = 365


class Scene:
    """Rows of a background and of named planted patterns (with their accounts)."""

    def __init__(self, seed: int = 7) -> None:
        self.rng = random.Random(seed)
        self.rows: list[Row] = []
        self.planted: dict[str, set[str]] = {}
        self._n = 0

    def pay(self, src: str, dst: str, amount: float, day: float) -> None:
        self._n += 1
        self.rows.append((f"t{self._n:06d}", src, dst, round(amount, 2), day))

    def noisy(self, amount: float, spread: float = 0.4) -> float:
        return amount * (1 + self.rng.uniform(-spread, spread))

    def background(self) -> set[str]:
        households = [f"H{i:03d}" for i in range(150)]
        for month in range(12):  # payroll on the 25th, rent on the 1st
            for i in range(40):
                self.pay("EMPLOYER", households[i], 3000 + 10 * i, month * 30.4 + 25)
            for i in range(40, 100):
                self.pay(households[i], "LANDLORD", 900 + 5 * i, month * 30.4 + 1)
        for day in range(DAYS):  # card settlement, every business day
            if day % 7 < 5:
                for m in range(20):
                    self.pay("ACQUIRER", f"SHOP{m:02d}", self.noisy(1500, 0.6), day)
        sellers = self.rng.sample(households, 104)
        for k, seller in enumerate(sellers):  # a marketplace pays each seller once
            self.pay("MARKET", seller, self.noisy(300), k * 3.5)
        for i in range(0, 150, 2):  # households paying each other weekly
            for week in range(52):
                self.pay(households[i], households[i + 1], self.noisy(80, 0.2), week * 7 + i % 7)
        return {*households, "EMPLOYER", "LANDLORD", "ACQUIRER", "MARKET"} | {
            f"SHOP{m:02d}" for m in range(20)
        }

    def plant(self, name: str, accounts: list[str]) -> list[str]:
        self.planted[name] = set(accounts)
        return accounts

    def fan_in(self) -> None:
        payers = self.plant("fan_in", ["HUB", *(f"FI{i}" for i in range(6))])[1:]
        for k, payer in enumerate(payers):  # one payment every ~25 days
            self.pay(payer, "HUB", self.noisy(4000), 30 + 25 * k)

    def fan_out(self) -> None:
        payees = self.plant("fan_out", ["SPREAD", *(f"FO{i}" for i in range(6))])[1:]
        for k, payee in enumerate(payees):
            self.pay("SPREAD", payee, self.noisy(3000), 60 + 17 * k)

    def cycle(self) -> None:
        ring = self.plant("cycle", [f"CY{i}" for i in range(5)])
        days = [200, 171, 190, 185, 176]  # not in time order round the ring
        for i, day in enumerate(days):
            self.pay(ring[i], ring[(i + 1) % 5], self.noisy(5000), day)

    def scatter_gather(self) -> None:
        names = self.plant("scatter_gather", ["SGA", "SM0", "SM1", "SM2", "SM3", "SGB"])
        for k, mid in enumerate(names[1:5]):
            self.pay("SGA", mid, self.noisy(2500), 100 + 4 * k)
            self.pay(mid, "SGB", self.noisy(2300), 125 + 3 * k)

    def gather_scatter(self) -> None:
        names = self.plant("gather_scatter", ["GSHUB", "GI0", "GI1", "GI2", "GO0", "GO1", "GO2"])
        for k, payer in enumerate(names[1:4]):
            self.pay(payer, "GSHUB", self.noisy(3500), 240 + 6 * k)
        for k, payee in enumerate(names[4:]):
            self.pay("GSHUB", payee, self.noisy(3000), 270 + 5 * k)

    def bipartite(self) -> None:
        names = self.plant("bipartite", ["BIPA", "BP0", "BP1", "BP2"])
        for day in range(20):  # three times a day: faster than even the card acquirer
            for payee in names[1:]:
                for hour in (0.1, 0.4, 0.7):
                    self.pay("BIPA", payee, self.noisy(1000), 300 + day + hour)

    def stack(self) -> None:
        names = self.plant("stack", ["SA0", "SA1", "SK0", "SK1", "SC0", "SC1"])
        for a in names[:2]:
            for m in names[2:4]:
                self.pay(a, m, self.noisy(2000), 150 + self.rng.uniform(0, 10))
        for m in names[2:4]:
            for c in names[4:]:
                self.pay(m, c, self.noisy(1900), 170 + self.rng.uniform(0, 10))

    def pass_through(self) -> None:
        names = self.plant("pass_through", ["MULE", "PI0", "PI1", "PI2", "PO0", "PO1", "PO2"])
        for k in range(3):
            amount = self.noisy(6000)
            self.pay(names[1 + k], "MULE", amount, 40 + 30 * k)
            self.pay("MULE", names[4 + k], amount * 0.97, 41.5 + 30 * k)

    def rapid_movement(self) -> None:
        self.plant("rapid_movement", ["FRONT", "FUNDER", "FR0", "FR1"])
        self.pay("FUNDER", "FRONT", 48_500, 210)
        self.pay("FRONT", "FR0", 30_000, 212)
        self.pay("FRONT", "FR1", 16_000, 213)


def scene(seed: int = 7) -> Scene:
    """The background with every pattern planted."""
    s = Scene(seed)
    s.background()
    for plant in (
        s.fan_in, s.fan_out, s.cycle, s.scatter_gather, s.gather_scatter, s.bipartite,
        s.stack, s.pass_through, s.rapid_movement,
    ):  # fmt: skip
        plant()
    s.rows.sort(key=lambda r: r[4])
    return s
