"""fan_out-v2: one account pays many accounts on unusual relationships, at any pace."""

from __future__ import annotations

from typing import ClassVar

from moneytrail.typologies._fan import FanConfig, fan_alerts
from moneytrail.typologies.base import Alert, Scan


class FanOut:
    """Fan-out (distribution): one account pays at least ``min_count`` different
    accounts, each on a relationship that is unusual in the data, within one window
    (a week to a year). Typical of a placement account spreading money over mules.

    A payroll or a supplier run pays many accounts too, but the same ones at the data's
    usual rhythm; a marketplace pays new sellers every week, and paying new people is
    then its habit (see ``habit_ratio``), so neither alerts. Score: 1 - 2^-(payees /
    min_count): 0.5 at the minimum, 0.75 at twice it.
    """

    NAME: ClassVar[str] = "fan_out-v2"
    Config: ClassVar[type[FanConfig]] = FanConfig

    def __init__(self, config: FanConfig | None = None) -> None:
        self.config = config or FanConfig()

    def detect(self, scan: Scan) -> list[Alert]:
        return fan_alerts(scan, self.config, self.NAME, incoming=False)
