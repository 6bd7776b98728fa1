"""One parser per list format; ``open_list`` picks the right one by sniffing."""

from moneytrail.sources.base import ListSource, ParsedList, SourceFile
from moneytrail.sources.detect import SOURCES, detect_source, parse_list

__all__ = ["SOURCES", "ListSource", "ParsedList", "SourceFile", "detect_source", "parse_list"]
