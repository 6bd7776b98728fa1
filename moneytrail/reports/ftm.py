"""The report's entities and cited statements as FollowTheMoney JSONL.

Another investigator's tools (Aleph, yente, nomenklatura) read FtM, so a case travels
as data: first every entity the report is about or cites, as FtM entity objects built
from all of its statements; then every cited statement in followthemoney's
statement form (``entity_id``, ``prop``, ``value``, ``dataset``, ``origin`` = list
version, ``first_seen``, ``last_seen``), keeping the ids the report cites.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from followthemoney import model
from followthemoney.statement import Statement as FtmStatement

from moneytrail.errors import NotFound
from moneytrail.model import Statement
from moneytrail.reports.model import CaseReport
from moneytrail.store import Store


def _entity(statements: list[Statement]) -> dict[str, Any] | None:
    """An FtM entity from a moneytrail entity's statements; None for an unknown schema."""
    schema = model.get(statements[0].schema)
    if schema is None:
        return None
    proxy = model.make_entity(schema)
    proxy.id = statements[0].entity_id
    for st in statements:
        if st.prop in schema.properties:
            proxy.add(st.prop, st.value, quiet=True, cleaned=True)
    record: dict[str, Any] = proxy.to_dict()
    record["datasets"] = sorted({s.dataset for s in statements})
    return record


def entity_ids(report: CaseReport) -> list[str]:
    """The report's entities first, then every entity a cited statement is about."""
    ids = [e.id for e in report.entities]
    ids += [s.alert.entity_id for s in report.alerts]
    ids += [s.entity_id for s in report.cited_statements()]
    return list(dict.fromkeys(ids))


def ftm_lines(store: Store, report: CaseReport) -> Iterator[str]:
    for entity_id in entity_ids(report):
        try:
            statements = store.entity_statements(entity_id)
        except NotFound:  # a customer or an account: not an entity of the store
            continue
        record = _entity(statements)
        if record is not None:
            yield json.dumps(record, ensure_ascii=False, sort_keys=True)
    for cited in report.cited_statements():
        statement = FtmStatement(
            entity_id=cited.entity_id,
            prop=cited.prop,
            schema=cited.schema,
            value=cited.value,
            dataset=cited.dataset,
            first_seen=cited.first_seen,
            last_seen=cited.last_seen,
            origin=cited.list_version,
            id=cited.id,
        )
        yield json.dumps(statement.to_dict(), ensure_ascii=False, sort_keys=True)


def render_ftm(store: Store, report: CaseReport) -> str:
    return "".join(line + "\n" for line in ftm_lines(store, report))
