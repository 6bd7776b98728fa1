"""The screening algorithm's name and default thresholds, kept apart from the scorer so
that commands can show them as option defaults without loading it."""

ALGORITHM = "screen-v1"
DEFAULT_THRESHOLD = 0.70  # a match flag at or above this score (docs/screening.md)
DEFAULT_CUTOFF = 0.50  # results below this score are not returned at all
