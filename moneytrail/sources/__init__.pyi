"""Type stub of the lazy facade: what ``__init__.py`` exports, for mypy and editors."""

from .base import ListSource as ListSource
from .base import ParsedList as ParsedList
from .base import SourceFile as SourceFile
from .detect import SOURCES as SOURCES
from .detect import detect_source as detect_source
from .detect import parse_list as parse_list
from .detect import parse_lists as parse_lists
