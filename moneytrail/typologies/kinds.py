"""The choices a user makes about typology detection, kept apart so the CLI can offer them
without loading the models."""

from __future__ import annotations

from enum import StrEnum


class LabelKind(StrEnum):
    """What a labels file marks: accounts, or transactions."""

    ACCOUNT = "account"
    TRANSACTION = "transaction"


class FeatureSet(StrEnum):
    """What the ranker learns from: the rules' verdicts, or multi-window graph features."""

    RULES = "rules"
    GFP = "gfp"
