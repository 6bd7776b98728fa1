"""fan_in-v2: many accounts pay one account on unusual relationships, at any pace."""

from __future__ import annotations

from typing import ClassVar

from moneytrail.typologies._fan import FanConfig, fan_alerts
from moneytrail.typologies.base import Alert, Scan


class FanIn:
    """Fan-in (collection): at least ``min_count`` different accounts pay one account,
    each on a relationship that is unusual in the data (a one-off payment where
    relationships usually repeat, or a burst far faster than the usual rhythm), within
    one window. Windows run from a week to a year, so a collection that gathers one
    payment a fortnight for months is found as well as a burst in a week.

    Typical of smurfs feeding a collection account. A shop or an employer also receives
    from many payers, but from customers who pay it again and again at the data's usual
    rhythm, so their payments are not unusual. Score: 1 - 2^-(payers / min_count):
    0.5 at the minimum, 0.75 at twice it.
    """

    NAME: ClassVar[str] = "fan_in-v2"
    Config: ClassVar[type[FanConfig]] = FanConfig

    def __init__(self, config: FanConfig | None = None) -> None:
        self.config = config or FanConfig()

    def detect(self, scan: Scan) -> list[Alert]:
        return fan_alerts(scan, self.config, self.NAME, incoming=True)
