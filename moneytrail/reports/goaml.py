"""A suspicious transaction report (STR) in goAML XML, for the financial intelligence unit.

Profile: the UNODC goAML 4.0 generic report schema (``goAMLSchema.xsd``), report code
``STR``, every party neither side's own client (``t_from`` / ``t_to`` with a
``from_account`` / ``to_account``). FIUs publish their own profiles of that schema
(mandatory fields, code lists for funds and transmission modes, institution codes):
fill ``ReportingEntity`` with the codes your FIU gave you, and check the file with
the FIU's XSD before submitting it. ``STRUCTURE`` states the element order this module
follows and ``check_structure`` verifies a document against it, so a change that
breaks the order fails the tests.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, replace

from defusedxml import ElementTree as SafeET

from moneytrail.errors import InvalidInput
from moneytrail.flows.stored import Tx
from moneytrail.reports.model import CaseReport


@dataclass(frozen=True, slots=True)
class ReportingEntity:
    """Who files: the FIU's id for the institution and the reporting officer."""

    rentity_id: str = "0"
    institution_name: str = "Reporting institution"
    institution_code: str = "UNKNOWN"
    officer_first_name: str = "Reporting"
    officer_last_name: str = "Officer"
    city: str = "Banjul"
    country_code: str = "GM"
    funds_code: str = "K"  # goAML 4.0 funds type code list: K = deposit/transfer to account
    transmode_code: str = "E"  # transmission mode: E = electronic


def signed_by(author: str, base: ReportingEntity | None = None) -> ReportingEntity:
    """The institution's details with the reporting officer named after the report's author.

    The author is the signed-in analyst (the web) or ``--author`` (the CLI); a one-word
    user name fills both name fields, since goAML requires a last name.
    """
    parts = author.split()
    if not parts:
        return base or ReportingEntity()
    first, last = (parts[0], " ".join(parts[1:])) if len(parts) > 1 else (parts[0], parts[0])
    return replace(base or ReportingEntity(), officer_first_name=first, officer_last_name=last)


# element -> its children in schema order: (name, required).
STRUCTURE: dict[str, tuple[tuple[str, bool], ...]] = {
    "report": (
        ("rentity_id", True),
        ("submission_code", True),
        ("report_code", True),
        ("entity_reference", False),
        ("submission_date", True),
        ("currency_code_local", True),
        ("reporting_person", False),
        ("location", False),
        ("reason", False),
        ("action", False),
        ("transaction", True),
        ("report_indicators", False),
    ),
    "transaction": (
        ("transactionnumber", True),
        ("internal_ref_number", False),
        ("transaction_description", False),
        ("date_transaction", True),
        ("transmode_code", True),
        ("amount_local", True),
        ("t_from", True),
        ("t_to", True),
        ("comments", False),
    ),
    "t_from": (("from_funds_code", True), ("from_account", True), ("from_country", True)),
    "t_to": (("to_funds_code", True), ("to_account", True), ("to_country", True)),
    "from_account": (
        ("institution_name", True),
        ("institution_code", True),
        ("account", True),
        ("account_name", False),
    ),
    "reporting_person": (("first_name", True), ("last_name", True)),
    "location": (("address_type", True), ("address", True), ("city", True), ("country_code", True)),
    "report_indicators": (("indicator", True),),
}
STRUCTURE["to_account"] = STRUCTURE["from_account"]
REPEATABLE = frozenset({"transaction", "indicator"})


def _sub(parent: ET.Element, tag: str, text: str | None = None) -> ET.Element:
    node = ET.SubElement(parent, tag)
    if text is not None:
        node.text = text
    return node


def _country(account: str, default: str) -> str:
    """Demo and IBAN-like account ids start with the ISO country code."""
    head = account[:2]
    return head.upper() if head.isalpha() else default


def _side(parent: ET.Element, end: str, tx: Tx, who: ReportingEntity) -> None:
    account, name = (tx.source, tx.source_name) if end == "from" else (tx.target, tx.target_name)
    side = _sub(parent, f"t_{end}")
    _sub(side, f"{end}_funds_code", who.funds_code)
    acc = _sub(side, f"{end}_account")
    _sub(acc, "institution_name", who.institution_name)
    _sub(acc, "institution_code", who.institution_code)
    _sub(acc, "account", account)
    if name:
        _sub(acc, "account_name", name)
    _sub(side, f"{end}_country", _country(account, who.country_code))


def _transaction(root: ET.Element, tx: Tx, who: ReportingEntity, comment: str) -> None:
    node = _sub(root, "transaction")
    _sub(node, "transactionnumber", tx.id)
    _sub(node, "transaction_description", f"{tx.source_name} to {tx.target_name}")
    _sub(node, "date_transaction", f"{tx.date}T00:00:00")
    _sub(node, "transmode_code", who.transmode_code)
    _sub(node, "amount_local", f"{tx.amount:.2f}")
    _side(node, "from", tx, who)
    _side(node, "to", tx, who)
    if comment:
        _sub(node, "comments", comment[:4000])


def render_goaml(report: CaseReport, who: ReportingEntity | None = None) -> str:
    """The STR; InvalidInput when the report lists no transaction (an STR needs one).

    The reporting person is the report's author unless ``who`` names one; the
    transactions are those the alerts cite (``CaseReport.cited_transactions``).
    """
    who = who or signed_by(report.author)
    if not report.transactions:
        raise InvalidInput(
            "a goAML STR needs transactions: pick trace or typology alerts, or an entity "
            "with accounts",
            field="format",
        )
    root = ET.Element("report")
    _sub(root, "rentity_id", who.rentity_id)
    _sub(root, "submission_code", "E")
    _sub(root, "report_code", "STR")
    _sub(root, "entity_reference", report.id)
    _sub(root, "submission_date", report.created_at[:19])
    _sub(root, "currency_code_local", report.currency)
    person = _sub(root, "reporting_person")
    _sub(person, "first_name", who.officer_first_name)
    _sub(person, "last_name", who.officer_last_name)
    location = _sub(root, "location")
    for tag, text in (("address_type", "B"), ("address", who.institution_name)):
        _sub(location, tag, text)
    _sub(location, "city", who.city)
    _sub(location, "country_code", who.country_code)
    _sub(root, "reason", " ".join(report.summary)[:4000])
    _sub(root, "action", "Alerts reviewed in moneytrail; evidence in the attached case report.")
    cited = {t: c.number for c in report.claims for t in c.transactions}
    for tx in report.cited_transactions():
        note = f"evidence claim {cited[tx.id]} of {report.id}" if tx.id in cited else ""
        _transaction(root, tx, who, note)
    indicators = _sub(root, "report_indicators")
    for kind in sorted({s.kind for s in report.alerts} or {"review"}):
        _sub(indicators, "indicator", kind.upper())
    ET.indent(root)
    body: str = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def check_structure(xml: str) -> list[str]:
    """Problems with the document's element order and required elements (empty: none)."""
    root = SafeET.fromstring(xml.encode())
    if root.tag != "report":
        return [f"root is <{root.tag}>, expected <report>"]
    problems: list[str] = []
    _check(root, "report", problems)
    return problems


def _check(node: ET.Element, path: str, problems: list[str]) -> None:
    spec = STRUCTURE.get(node.tag)
    if spec is None:
        return
    order = [name for name, _ in spec]
    tags = [child.tag for child in node]
    for name, required in spec:
        if required and name not in tags:
            problems.append(f"{path}: missing <{name}>")
    positions = [order.index(t) if t in order else -1 for t in tags]
    for tag, pos in zip(tags, positions, strict=True):
        if pos < 0:
            problems.append(f"{path}: unexpected <{tag}>")
        elif tags.count(tag) > 1 and tag not in REPEATABLE:
            problems.append(f"{path}: <{tag}> more than once")
    known = [p for p in positions if p >= 0]
    if known != sorted(known):
        problems.append(f"{path}: children out of schema order")
    for child in node:
        _check(child, f"{path}/{child.tag}", problems)
