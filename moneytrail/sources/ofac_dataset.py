"""Which OFAC list a file holds, the SDN list or the Consolidated (non-SDN) list, from its content.

Both lists share each file format, and users keep files under any name (a real 2023
Consolidated XML circulates as ``ofac_non_sdn.xml``), so the name cannot decide. The
rule, measured on the real files in ``tests/fixtures`` and the bundled lists:

1. **Declared size.** A header ``Record_Count`` above 2,000 is the SDN list: the
   Consolidated list has held 375-445 entries (2020-2025), the SDN list over 5,000
   since the 2000s. This settles slices of a real SDN file, whose few entries say
   little.
2. **Non-SDN programme markers.** An entry of the Consolidated list carries a
   programme of a non-SDN list: ``NS-*`` (PLC, ISA, MBS), ``FSE-*``, ``CMIC-*``,
   ``561-*``, ``CAPTA``, or ``UKRAINE-EO13662`` (the SSI list). In the real
   Consolidated files 97-100 % of entries carry one (the rest are RUSSIA-EO14024
   or SDGT entries); in the bundled 2024 SDN list 0.5 % do. A file where at least
   half the entries carry a marker is the Consolidated list, otherwise the SDN list.
   The advanced XML names its lists outright ("SDN List", "Consolidated List", ...);
   an entry on any list but "SDN List" counts as carrying a marker.
3. **Tie-break.** With no entry to judge (an empty file), the name decides as OFAC
   names its files (``CONS*`` is the Consolidated list).

``moneytrail lists load --dataset`` overrides the result.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from moneytrail.model.ids import OFAC_CONS, OFAC_SDN

SDN_MIN_RECORDS = 2000
NON_SDN_PROGRAM = re.compile(r"^(?:NS-|FSE-|CMIC-|561-|CAPTA|UKRAINE-EO13662$)", re.IGNORECASE)
_LEGACY_TOKENS = re.compile(
    rb"<(?:\w+:)?(sdnEntry)\b|<(?:\w+:)?program>([^<]*)<|Record_Count>(\d+)<"
)


@dataclass(frozen=True, slots=True)
class Verdict:
    """The dataset a file holds and why, for the load's notes."""

    dataset: str
    reason: str


def by_name(path: Path) -> str:
    """OFAC's own naming: ``CONS_PRIM.XML``, ``cons_prim.csv``, ``CONS_ADVANCED.XML``."""
    return OFAC_CONS if path.name.lower().startswith("cons") else OFAC_SDN


def decide(path: Path, entries: Iterable[bool], declared: int | None = None) -> Verdict:
    """The dataset from each entry's "carries a non-SDN marker" flag (see the module rules)."""
    if declared is not None and declared > SDN_MIN_RECORDS:
        return Verdict(OFAC_SDN, f"Record_Count {declared} is the size of the SDN list")
    flags = list(entries)
    if not flags:
        return Verdict(by_name(path), "no entries to judge: decided by the file name")
    marked = sum(flags)
    share = f"{marked} of {len(flags)} entries are on a non-SDN list (by programme or list)"
    if 2 * marked >= len(flags):
        return Verdict(OFAC_CONS, share)
    return Verdict(OFAC_SDN, share)


def is_non_sdn(programs: Iterable[str]) -> bool:
    return any(NON_SDN_PROGRAM.match(p.strip()) for p in programs)


def legacy_xml_verdict(path: Path) -> Verdict:
    """SDN.XML vs CONS_PRIM.XML: one pass over the bytes for entries, programmes, count."""
    entries: list[list[str]] = []
    declared: int | None = None
    for match in _LEGACY_TOKENS.finditer(path.read_bytes()):
        if match[1]:
            entries.append([])
        elif match[3]:
            declared = int(match[3])
        elif entries:
            entries[-1].append(match[2].decode("utf-8", "replace"))
    return decide(path, (is_non_sdn(programs) for programs in entries), declared)


_ADVANCED_TOKENS = re.compile(
    rb'<(?:\w+:)?List ID="(\d+)"[^>]*>([^<]*)<|<(?:\w+:)?SanctionsEntry\b[^>]*?'
    rb'ProfileID="(\d+)"[^>]*?ListID="(\d+)"'
)


def advanced_xml_verdict(path: Path) -> Verdict:
    """SDN_ADVANCED.XML vs CONS_ADVANCED.XML: a profile on any list but "SDN List" is marked."""
    lists: dict[bytes, str] = {}
    profiles: dict[bytes, set[bytes]] = {}
    for match in _ADVANCED_TOKENS.finditer(path.read_bytes()):
        if match[1]:
            lists[match[1]] = match[2].decode("utf-8", "replace").strip()
        else:
            profiles.setdefault(match[3], set()).add(match[4])
    return decide(
        path,
        (any(lists.get(ref, "") != "SDN List" for ref in refs) for refs in profiles.values()),
    )


def csv_verdict(path: Path) -> Verdict:
    """sdn.csv vs cons_prim.csv (a lone file under any name): the programme column."""
    with path.open(encoding="latin-1", newline="") as fh:
        rows = [row for row in csv.reader(fh) if len(row) == 12]
    return decide(path, (is_non_sdn(row[3].strip(" []").split("] [")) for row in rows))
