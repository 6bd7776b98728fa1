"""Screening: candidate index, features, scorer, explanations, batch runner."""

from moneytrail.screening.batch import screen_batch, screen_lines
from moneytrail.screening.query import Query
from moneytrail.screening.scorer import ALGORITHM, DEFAULT_CUTOFF, DEFAULT_THRESHOLD, Match
from moneytrail.screening.screener import ScreenConfig, Screener
from moneytrail.screening.service import screener_from_sources, screener_from_store
from moneytrail.screening.suppress import Decisions

__all__ = [
    "ALGORITHM",
    "DEFAULT_CUTOFF",
    "DEFAULT_THRESHOLD",
    "Decisions",
    "Match",
    "Query",
    "ScreenConfig",
    "Screener",
    "screen_batch",
    "screen_lines",
    "screener_from_sources",
    "screener_from_store",
]
