"""Type stub of the lazy facade: what ``__init__.py`` exports, for mypy and editors."""

from .build import build_case as build_case
from .export import Exported as Exported
from .export import export as export
from .formats import ReportFormat as ReportFormat
from .model import GOAML_PROFILE as GOAML_PROFILE
from .model import CaseReport as CaseReport
from .model import Claim as Claim
