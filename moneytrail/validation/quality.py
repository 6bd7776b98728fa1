"""The customer file's data quality, and what each gap costs the screening.

Screening can only use what the file holds: a person without a birth date cannot be told
apart from a listed namesake, nor corroborated when the name is common; a value the
schema cannot read (a birth date "31/02/1980", a nationality "Lebanese") is silently
lost. The report counts the gaps; the pack (sweep.py) measures what each costs in recall
by screening the variations with and without the field.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from followthemoney import model

from moneytrail.errors import InvalidInput
from moneytrail.names import detect_script
from moneytrail.screening.inputs import raw_records
from moneytrail.screening.query import COUNTRY_PROPS, Query

CHECKED_PROPS = ("birthDate", *COUNTRY_PROPS)
MAX_LISTED = 50  # problems listed one by one in the report; the counts cover all


@dataclass(frozen=True, slots=True)
class Problem:
    """One record or value the file holds that screening cannot use as written."""

    line: int
    record_id: str
    field: str
    value: str
    reason: str


@dataclass(slots=True)
class QualityReport:
    records: int = 0
    by_schema: Counter[str] = field(default_factory=Counter)
    persons: int = 0
    missing_birth_date: int = 0
    missing_nationality: int = 0  # persons without nationality or citizenship
    organisations: int = 0
    missing_country: int = 0  # non-persons without a country or jurisdiction
    scripts: Counter[str] = field(default_factory=Counter)
    duplicate_ids: list[Problem] = field(default_factory=list)
    duplicate_records: list[Problem] = field(default_factory=list)
    malformed: list[Problem] = field(default_factory=list)
    rejected: list[Problem] = field(default_factory=list)

    def share(self, part: int, whole: int) -> float:
        return part / whole if whole else 0.0


def assess(
    source: str, mapping: dict[str, str], schema: str = "Person"
) -> tuple[QualityReport, list[Query]]:
    """The report and the records screening can use (the first of each id).

    Read as ``moneytrail screen`` reads (``raw_records`` and ``Query.from_record``), but a
    record screening would refuse is reported instead of ending the run: a data-quality
    report that stops at the first bad record reports nothing.
    """
    name = "<stdin>" if source == "-" else source
    report = QualityReport()
    queries: list[Query] = []
    seen_ids: set[str] = set()
    seen_records: dict[str, str] = {}
    for line, record in raw_records(source, mapping, schema):
        report.records += 1
        try:
            query = Query.from_record(record, file=name, line=line)
        except InvalidInput as exc:
            report.rejected.append(Problem(line, _id(record), exc.field or "", "", exc.reason))
            continue
        if query.id in seen_ids:
            report.duplicate_ids.append(Problem(line, query.id, "id", query.id, "id seen before"))
            continue
        seen_ids.add(query.id)
        first = seen_records.setdefault(query.fingerprint, query.id)
        if first != query.id:
            why = f"says the same as {first}"
            report.duplicate_records.append(Problem(line, query.id, "", "", why))
        report.malformed.extend(_malformed(record, query, line))
        _count(report, query)
        queries.append(query)
    return report, queries


def _id(record: Any) -> str:
    return str(record.get("id", "")) if isinstance(record, dict) else ""


def _count(report: QualityReport, query: Query) -> None:
    report.by_schema[query.schema] += 1
    for n in query.names[:1]:
        report.scripts[detect_script(n)] += 1
    if query.schema == "Person":
        report.persons += 1
        report.missing_birth_date += not query.birth_dates
        report.missing_nationality += not query.countries
    else:
        report.organisations += 1
        report.missing_country += not query.countries


def _malformed(record: dict[str, Any], query: Query, line: int) -> list[Problem]:
    """Birth dates and countries given but unreadable: followthemoney's cleaning drops them."""
    schema = model.get(query.schema)
    assert schema is not None
    out = []
    for prop_name in CHECKED_PROPS:
        prop = schema.get(prop_name)
        raw = record.get("properties", {}).get(prop_name)
        if prop is None or raw is None:
            continue
        for value in raw if isinstance(raw, list) else [raw]:
            if value is not None and prop.type.clean(str(value)) is None:
                why = f"not a {prop.type.name} followthemoney can read: screening ignores it"
                out.append(Problem(line, query.id, prop_name, str(value), why))
    return out
