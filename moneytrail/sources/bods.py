"""Beneficial Ownership Data Standard (BODS 0.4): who owns and controls what, as statements.

A BODS file is a JSON array (or JSON lines) of statements, each about a ``person``,
an ``entity`` or a ``relationship`` between them. Rules:

* **Ids.** ``bods-<recordId>``. BODS 0.4 ties every statement about the same thing
  together with ``recordId``; statements are snapshots, so only the latest one of each
  record (by ``statementDate``, then file order) is read: a holding that went from
  100% to 40% to 30% is 30%, not a range spanning all three. A file without recordId
  (older BODS) falls back to the statementId.
* **Schemata.** person -> Person; entity -> Company (``registeredEntity``),
  PublicBody (``state``, ``stateBody``) or LegalEntity (legal entities, trusts and
  other arrangements, anonymous ones).
* **Interests.** A direct (or unspecified) ``shareholding`` -> Ownership (owner =
  interested party, asset = subject) with the share as a percentage form
  ``graph.percent`` reads ("60", "at least 25% but less than 50%"), the BODS share
  object kept as the original value. Every other interest (voting rights, board
  seats, trusts, nominees...) -> Directorship whose role names it; a voting share
  above 50% says "majority of voting rights" so the EU control test sees it.
  *Indirect* interests -> UnknownLink: they restate a chain the file also
  discloses, and the 50% rule must count ownership only through blocked
  intermediaries, never a summed-up indirect figure.
* **Closed records** keep their facts with status ``closed`` and an end date: a past
  owner is evidence for an investigation, though not a current holder.
* **Undisclosed parties** (``interestedParty`` as an object with a reason) become a
  note on the subject saying why, e.g. a listed company exempt from disclosure.
* **Dataset** ``bods_<file or folder stem>``; **version** the latest
  ``publicationDate`` in the file, else the latest ``statementDate``, else the
  ``version`` argument, else the load date (marked undated).
* A relationship naming a record the file does not contain, a share that is not a
  number between 0 and 100, or broken JSON stops the load with InvalidInput naming
  file, line and field.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, ClassVar

from moneytrail.errors import InvalidInput, SourceError
from moneytrail.model import EntityBuilder, Provenance, Statement
from moneytrail.sources.base import (
    ParsedList,
    Progress,
    SourceFile,
    VersionBasis,
    load_date,
    no_progress,
    sniff,
)
from moneytrail.sources.bods_parties import read_entity, read_person, scalar_text
from moneytrail.sources.records import json_records, number_text, safe_id, slug

NAME = "bods-0.4-v1"
TITLE = "Beneficial Ownership Data Standard (BODS 0.4)"
SUFFIXES = (".json", ".jsonl", ".ndjson")
LOWER = {"minimum": "at least", "exclusiveMinimum": "more than"}
UPPER = {"maximum": "not more than", "exclusiveMaximum": "less than"}


def _looks_like_bods(path: Path) -> bool:
    if not path.is_file() or not path.name.lower().endswith(SUFFIXES):
        return False
    head = sniff(path, 8192)
    return b'"statementId"' in head and (b'"recordDetails"' in head or b'"recordType"' in head)


def bods_files(path: Path) -> list[Path]:
    if path.is_dir():
        return [p for p in sorted(path.iterdir()) if _looks_like_bods(p)]
    return [path]


class BodsJson:
    """Beneficial Ownership Data Standard 0.4 statements (JSON array or JSON lines).

    A file or a folder of files, read as one dataset ``bods_<stem>``. People, entities
    and their ownership (Ownership) and control (Directorship) relationships, each
    entity with id ``bods-<recordId>``; the latest statement of each record wins.
    """

    NAME: ClassVar[str] = NAME
    TITLE: ClassVar[str] = TITLE

    @classmethod
    def detect(cls, path: Path) -> bool:
        if path.is_dir():
            return any(_looks_like_bods(p) for p in path.iterdir())
        return _looks_like_bods(path)

    def parse(
        self, path: Path, *, version: str | None = None, progress: Progress = no_progress
    ) -> ParsedList:
        files = bods_files(path)
        if not files:
            raise SourceError(f"{path}: no BODS JSON file found")
        latest: dict[str, _Record] = {}
        for order, record in enumerate(r for f in files for r in _records(f)):
            record.order = order
            current = latest.get(record.record_id)
            if current is None or record.sort_key >= current.sort_key:
                latest[record.record_id] = record
        list_version, basis = _version([r for r in latest.values()], version)
        stem = slug(path.name if path.is_dir() else path.name.split(".")[0])
        dataset = stem if stem.startswith("bods") else f"bods_{stem}"
        statements = _Builder(latest, dataset, list_version).statements(progress)
        return ParsedList(
            dataset=dataset,
            title=f"{TITLE}: {path.name}",
            publisher=_publisher(latest.values()),
            version=list_version,
            source_format=NAME,
            files=[SourceFile.of(f, "bods-statements", list_version) for f in files],
            statements=statements,
            version_basis=basis,
        )


@dataclass
class _Record:
    """The latest statement seen for one recordId, with where it was read."""

    path: Path
    line: int
    data: dict[str, Any]
    record_id: str
    record_type: str
    order: int = 0

    @property
    def sort_key(self) -> tuple[str, int]:
        return (str(self.data.get("statementDate") or ""), self.order)

    @property
    def details(self) -> dict[str, Any]:
        details = self.data.get("recordDetails")
        return details if isinstance(details, dict) else {}

    @property
    def ref(self) -> str:
        return f"{self.path.name}:{self.line}"

    def error(self, reason: str, field: str) -> InvalidInput:
        return InvalidInput(reason, file=str(self.path), line=self.line, field=field)


def _records(path: Path) -> Iterator[_Record]:
    for line, data in json_records(path):
        if not isinstance(data, dict):
            raise InvalidInput("expected a BODS statement object", file=str(path), line=line)
        rid = data.get("recordId") or data.get("statementId")
        rtype = data.get("recordType")
        if not isinstance(rid, str) or not rid.strip():
            raise InvalidInput(
                "statement without recordId", file=str(path), line=line, field="recordId"
            )
        if rtype not in ("person", "entity", "relationship"):
            reason = f"recordType {rtype!r}: expected person, entity or relationship"
            raise InvalidInput(reason, file=str(path), line=line, field="recordType")
        yield _Record(path, line, data, rid.strip(), rtype)


def _version(records: list[_Record], given: str | None) -> tuple[str, VersionBasis]:
    """The file's own publication date wins: it says when these facts were true.

    Else the given version, else the load date (undated): never a modification time.
    """
    published = [
        str(d["publicationDate"])[:10]
        for r in records
        if isinstance(d := r.data.get("publicationDetails"), dict) and d.get("publicationDate")
    ]
    dated = [str(r.data["statementDate"])[:10] for r in records if r.data.get("statementDate")]
    found = max(published or dated or [""])
    if found:
        return found, "file"
    return (given, "given") if given else (load_date(), "undated")


def _publisher(records: Any) -> str:
    details = [r.data.get("publicationDetails") or {} for r in records]
    return "; ".join(
        sorted({str(d.get("publisher", {}).get("name") or "") for d in details} - {""})
    )


class _Builder:
    """Turns the latest statement of each record into entities and links."""

    def __init__(self, records: dict[str, _Record], dataset: str, version: str) -> None:
        self.records, self.dataset, self.version = records, dataset, version
        self.entities: dict[str, EntityBuilder] = {}

    def prov(self, record: _Record) -> Provenance:
        return Provenance(self.dataset, self.version, record.ref)

    def statements(self, progress: Progress) -> list[Statement]:
        parties = [r for r in self.records.values() if r.record_type != "relationship"]
        links = [r for r in self.records.values() if r.record_type == "relationship"]
        for record in parties:
            self.entities[record.record_id] = self._party(record)
        out: list[Statement] = []
        for done, record in enumerate(links, start=1):
            for link in self._relationship(record):
                out.extend(link.statements())
            progress(done, len(links))
        return [st for e in self.entities.values() for st in e.statements()] + out

    def _party(self, record: _Record) -> EntityBuilder:
        prov = self.prov(record)
        entity_id = safe_id("bods", record.record_id)
        if record.record_type == "person":
            builder = read_person(entity_id, record.details, prov)
        else:
            builder = read_entity(entity_id, record.details, prov)
        if record.data.get("recordStatus") == "closed":
            builder.add("notes", f"BODS record closed on {record.data.get('statementDate')}")
        return builder

    def _party_id(self, record: _Record, field: str) -> str | None:
        ref = record.details.get(field)
        if isinstance(ref, dict):
            return None
        if not isinstance(ref, str) or ref not in self.entities:
            known = "a person or entity record" if isinstance(ref, str) else "a recordId"
            raise record.error(
                f"{field} {ref!r} is not {known} in the file", f"recordDetails.{field}"
            )
        return safe_id("bods", ref)

    def _relationship(self, record: _Record) -> list[EntityBuilder]:
        subject = self._party_id(record, "subject")
        party = self._party_id(record, "interestedParty")
        if subject is None:
            raise record.error("subject must name an entity record", "recordDetails.subject")
        if party is None:
            self._undisclosed(record, subject)
            return []
        return _interests(record, subject, party, self.prov(record))

    def _undisclosed(self, record: _Record, subject: str) -> None:
        """Why no owner is named is itself a fact the analyst must see."""
        party = record.details.get("interestedParty") or {}
        reason = party.get("reason", "unspecified")
        words = f"Interested party not disclosed ({reason})"
        if description := party.get("description"):
            words += f": {description}"
        builder = self.entities[record.details["subject"]]
        builder.add("notes", words, provenance=self.prov(record))


@dataclass(frozen=True)
class _Share:
    """A stated share as text ``graph.percent`` reads, and its lower bound for "majority"."""

    text: str
    low: Decimal
    exact: bool


def read_share(share: Any, record: _Record, field: str) -> _Share | None:
    """A BODS share object -> a percentage form; None if it states no figure."""
    if not isinstance(share, dict):
        raise record.error(f"share {share!r} is not an object", field)
    numbers: dict[str, str] = {}
    for key in ("exact", *LOWER, *UPPER):
        if key not in share:
            continue
        try:
            numbers[key] = number_text(share[key])
        except (ValueError, InvalidOperation):
            raise record.error(
                f"share {key} {share[key]!r} is not a number", f"{field}.{key}"
            ) from None
        if not 0 <= Decimal(numbers[key]) <= 100:
            raise record.error(f"share {key} {share[key]!r} is outside 0-100", f"{field}.{key}")
    if "exact" in numbers:
        return _Share(numbers["exact"], Decimal(numbers["exact"]), True)
    bounds = [f"{words} {numbers[k]}%" for k, words in {**LOWER, **UPPER}.items() if k in numbers]
    if not bounds:
        return None
    low = Decimal(numbers.get("minimum") or numbers.get("exclusiveMinimum") or 0)
    low += Decimal("0.000001") if "exclusiveMinimum" in numbers else 0
    return _Share(" but ".join(bounds), low, False)


def _interests(record: _Record, subject: str, party: str, prov: Provenance) -> list[EntityBuilder]:
    interests = [i for i in record.details.get("interests") or [] if isinstance(i, dict)]
    rid = safe_id("bods", record.record_id)
    if not interests:
        return [_link(rid, {"type": "interest not stated"}, None, (party, subject), prov)]
    closed = record.data.get("recordStatus") == "closed"
    links, kinds = [], Counter[str]()
    for number, interest in enumerate(interests):
        field = f"recordDetails.interests[{number}].share"
        share = read_share(interest["share"], record, field) if "share" in interest else None
        # By kind, not position: a later statement may list the interests in another order.
        kind = str(interest.get("type") or "unknownInterest")
        kinds[kind] += 1
        suffix = f"{kind}-{kinds[kind]}" if kinds[kind] > 1 else kind
        link = _link(f"{rid}-{suffix}", interest, share, (party, subject), prov)
        link.add("startDate", scalar_text(interest.get("startDate")))
        link.add("endDate", scalar_text(interest.get("endDate")))
        if closed:
            link.add("status", "closed")
            link.add(
                "endDate",
                scalar_text(interest.get("endDate"))
                or scalar_text(record.data.get("statementDate")),
            )
        link.add("description", scalar_text(interest.get("details")))
        if interest.get("beneficialOwnershipOrControl") is True:
            link.add("summary", "beneficial ownership or control")
        link.add("recordId", record.record_id)
        links.append(link)
    return links


def _link(
    link_id: str,
    interest: dict[str, Any],
    share: _Share | None,
    ends: tuple[str, str],
    prov: Provenance,
) -> EntityBuilder:
    """Direct shareholding -> Ownership; indirect -> UnknownLink; the rest -> Directorship."""
    kind = str(interest.get("type") or "unknownInterest")
    stated = "" if share is None else f" {share.text}%" if share.exact else f" {share.text}"
    if interest.get("directOrIndirect") == "indirect" or kind == "interest not stated":
        schema, props, role = "UnknownLink", ("subject", "object"), f"indirect {kind}{stated}"
    elif kind == "shareholding":
        schema, props, role = "Ownership", ("owner", "asset"), kind
    else:
        schema, props, role = "Directorship", ("director", "organization"), kind + stated
        if kind == "votingRights" and share is not None and share.low > 50:
            role += " (majority of voting rights)"
    link = EntityBuilder(link_id, schema, prov)
    link.add(props[0], ends[0])
    link.add(props[1], ends[1])
    link.add(
        "role", role.removeprefix("indirect interest not stated").strip() or "interest not stated"
    )
    if schema == "Ownership" and share is not None:
        original = json.dumps(interest.get("share"), sort_keys=True)
        link.add("percentage", share.text, original=original)
    return link
