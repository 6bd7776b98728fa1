"""Type stub of the lazy facade: what ``__init__.py`` exports, for mypy and editors."""

from .graph import FlowGraph as FlowGraph
from .graph import build_graph as build_graph
from .ingest import Transactions as Transactions
from .ingest import load_transactions as load_transactions
from .ingest import parse_map as parse_map
from .ingest import read_rates as read_rates
from .ingest import read_transactions as read_transactions
from .kinds import Direction as Direction
from .kinds import Method as Method
from .kinds import TimeKind as TimeKind
from .trace import TraceResult as TraceResult
from .trace import trace as trace
