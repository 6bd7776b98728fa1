"""Type stub of the lazy facade: what ``__init__.py`` exports, for mypy and editors."""

from .ownership import RULES as RULES
from .ownership import FixedPoint as FixedPoint
from .ownership import OwnershipResult as OwnershipResult
from .ownership import Rule as Rule
from .ownership import explain as explain
from .ownership import fixed_point as fixed_point
from .ownership import get_rule as get_rule
from .ownership import ownership_report as ownership_report
from .ownership_input import OwnershipGraph as OwnershipGraph
from .ownership_input import designated_from_lists as designated_from_lists
from .ownership_input import read_ownership_file as read_ownership_file
from .percent import Share as Share
from .percent import parse_percentage as parse_percentage
from .percent import parse_percentages as parse_percentages
