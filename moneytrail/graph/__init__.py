"""Network analyses over entities and their links: ownership and the 50% rule."""

from moneytrail.graph.ownership import (
    RULES,
    FixedPoint,
    OwnershipResult,
    Rule,
    explain,
    fixed_point,
    get_rule,
    ownership_report,
)
from moneytrail.graph.ownership_input import (
    OwnershipGraph,
    designated_from_lists,
    read_ownership_file,
)
from moneytrail.graph.percent import Share, parse_percentage, parse_percentages

__all__ = [
    "RULES",
    "FixedPoint",
    "OwnershipGraph",
    "OwnershipResult",
    "Rule",
    "Share",
    "designated_from_lists",
    "explain",
    "fixed_point",
    "get_rule",
    "ownership_report",
    "parse_percentage",
    "parse_percentages",
    "read_ownership_file",
]
