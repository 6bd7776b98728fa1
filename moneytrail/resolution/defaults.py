"""Record linkage's name and default thresholds, apart from the linker so that commands can
show them as option defaults without loading Splink."""

from moneytrail.screening.defaults import DEFAULT_THRESHOLD as SCREEN_THRESHOLD

NAME = "resolve-v1"
DEFAULT_THRESHOLD = 0.9  # a pair links at or above this match probability
LIST_THRESHOLD = SCREEN_THRESHOLD  # screen-v1's own alert threshold: one meaning of "match"
