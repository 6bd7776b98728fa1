"""The customer file's data-quality report, on a small file written here."""

from __future__ import annotations

import json
from pathlib import Path

from moneytrail.validation.quality import assess

RECORDS = [
    {
        "id": "1",
        "schema": "Person",
        "properties": {"name": ["Anna Berg"], "birthDate": ["1980-02-03"], "nationality": ["se"]},
    },
    {"id": "2", "schema": "Person", "properties": {"name": ["Omar Haddad"], "nationality": ["lb"]}},
    {
        "id": "3",
        "schema": "Person",
        "properties": {"name": ["Li Wei"], "birthDate": ["31/02/1980"]},
    },
    {"id": "4", "schema": "Person", "properties": {"name": ["Иван Петров"], "birthDate": ["1975"]}},
    {"id": "5", "schema": "Company", "properties": {"name": ["Nordic Timber AB"]}},
    {"id": "6", "schema": "Person", "properties": {"name": ["Omar Haddad"], "nationality": ["lb"]}},
    {"id": "2", "schema": "Person", "properties": {"name": ["Someone Else"]}},
    {"id": "8", "schema": "Person", "properties": {}},
]


def test_counts_missing_birth_dates_and_the_other_gaps(tmp_path: Path) -> None:
    path = tmp_path / "customers.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in RECORDS))
    report, queries = assess(str(path), {})
    assert report.records == 8
    assert [q.id for q in queries] == ["1", "2", "3", "4", "5", "6"]
    assert report.persons == 5 and report.organisations == 1
    # 2 and 6 have none; 3's date cannot be read, so screening has none either.
    assert report.missing_birth_date == 3
    assert report.missing_nationality == 2  # 3 and 4
    assert report.missing_country == 1
    assert [(p.line, p.field, p.value) for p in report.malformed] == [
        (3, "birthDate", "31/02/1980")
    ]
    assert [p.line for p in report.duplicate_ids] == [7]
    assert [(p.record_id, p.reason) for p in report.duplicate_records] == [
        ("6", "says the same as 2")
    ]
    assert [(p.line, p.field) for p in report.rejected] == [(8, "properties.name")]
    assert report.scripts == {"Latin": 5, "Cyrillic": 1}
