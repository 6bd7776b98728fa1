"""Type stub of the lazy facade: what ``__init__.py`` exports, for mypy and editors."""

from .batch import screen_batch as screen_batch
from .batch import screen_lines as screen_lines
from .defaults import ALGORITHM as ALGORITHM
from .defaults import DEFAULT_CUTOFF as DEFAULT_CUTOFF
from .defaults import DEFAULT_THRESHOLD as DEFAULT_THRESHOLD
from .explanation import Explanation as Explanation
from .feature_list import FEATURES as FEATURES
from .feature_list import Feature as Feature
from .query import Query as Query
from .scorer import Match as Match
from .screener import ScreenConfig as ScreenConfig
from .screener import Screener as Screener
from .service import screener_from_sources as screener_from_sources
from .service import screener_from_store as screener_from_store
from .suppress import Decisions as Decisions
