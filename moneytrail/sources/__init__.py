"""One parser per list format; ``detect_source`` picks the right one by sniffing
(``builtin.BUILTIN_SOURCES`` is the ordered list) and ``parse_list`` reads it."""

from moneytrail.sources.base import ListSource, ParsedList, SourceFile
from moneytrail.sources.detect import SOURCES, detect_source, parse_list, parse_lists

__all__ = [
    "SOURCES",
    "ListSource",
    "ParsedList",
    "SourceFile",
    "detect_source",
    "parse_list",
    "parse_lists",
]
