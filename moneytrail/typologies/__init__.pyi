"""Type stub of the lazy facade: what ``__init__.py`` exports, for mypy and editors."""

from .base import Alert as Alert
from .base import Scan as Scan
from .base import Typology as Typology
from .registry import PORTABLE as PORTABLE
from .registry import REGISTRY as REGISTRY
from .registry import record as record
from .registry import resolve as resolve
from .registry import run as run
