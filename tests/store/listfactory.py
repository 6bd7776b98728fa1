"""Small realistic list versions built in code, for store tests that need no parser.

The facts are those of real SDN entries (Tajideen network), abbreviated.
"""

from __future__ import annotations

from moneytrail.model import EntityBuilder, Provenance
from moneytrail.sources.base import ParsedList, SourceFile


def person(version: str, ent: str, name: str, aliases: list[str], dob: str) -> EntityBuilder:
    b = EntityBuilder(f"ofac-{ent}", "Person", Provenance("test_sdn", version, f"sdn.csv:{ent}"))
    b.add("name", name)
    b.add("topics", "sanction")
    b.add("birthDate", dob)
    for i, alias in enumerate(aliases):
        b.add("alias", alias, provenance=b.provenance.at(f"alt.csv:{ent}{i}"))
    return b


def make_list(version: str, entries: list[EntityBuilder]) -> ParsedList:
    statements = [st for b in entries for st in b.statements()]
    return ParsedList(
        dataset="test_sdn",
        title="Test SDN",
        publisher="test",
        version=version,
        source_format="test-v1",
        files=[
            SourceFile("sdn.csv", "primary", version, "0" * 64),
            SourceFile("alt.csv", "aliases", version, "1" * 64),
        ],
        statements=statements,
    )


def version_2021() -> ParsedList:
    return make_list(
        "2021-07-07",
        [
            person("2021-07-07", "11494", "TAJIDEEN, Kassim", ["TAJI AL-DIN, Qasim"], "1955-03-21"),
            person("2021-07-07", "12450", "TAJIDEEN, Ali", [], "1961"),
            person("2021-07-07", "99999", "REMOVED, Someone", [], "1970"),
        ],
    )


def version_2024() -> ParsedList:
    return make_list(
        "2024-05-03",
        [
            # unchanged
            person("2024-05-03", "11494", "TAJIDEEN, Kassim", ["TAJI AL-DIN, Qasim"], "1955-03-21"),
            # changed: a new alias
            person("2024-05-03", "12450", "TAJIDEEN, Ali", ["TAJ AL-DIN, Ali"], "1961"),
            # added
            person("2024-05-03", "12451", "TAJIDEEN, Husayn", [], "1963"),
        ],
    )
