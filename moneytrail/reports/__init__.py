"""Case reports: a model with cited evidence, rendered as HTML, PDF, FtM JSONL and goAML STR."""

from moneytrail.reports.build import build_case
from moneytrail.reports.export import Exported, ReportFormat, export
from moneytrail.reports.model import GOAML_PROFILE, CaseReport, Claim

__all__ = [
    "GOAML_PROFILE",
    "CaseReport",
    "Claim",
    "Exported",
    "ReportFormat",
    "build_case",
    "export",
]
