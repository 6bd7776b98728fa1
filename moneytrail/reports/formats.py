"""The formats a case report is written in, apart from the writers so that commands can
offer them without loading the PDF renderer."""

from __future__ import annotations

from enum import StrEnum


class ReportFormat(StrEnum):
    HTML = "html"
    PDF = "pdf"
    FTM = "ftm"
    GOAML = "goaml"
