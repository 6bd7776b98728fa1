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

Reading the files down to the latest statement of each record is ``bods_read``;
turning those records into entities and links is ``bods_map``.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from moneytrail.errors import SourceError
from moneytrail.sources.base import ParsedList, Progress, SourceFile, no_progress
from moneytrail.sources.bods_map import BodsMapper
from moneytrail.sources.bods_read import (
    bods_files,
    latest_records,
    list_version,
    looks_like_bods,
    publisher,
)
from moneytrail.sources.records import slug

NAME = "bods-0.4-v1"
TITLE = "Beneficial Ownership Data Standard (BODS 0.4)"


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
            return any(looks_like_bods(p) for p in path.iterdir())
        return looks_like_bods(path)

    def parse(
        self, path: Path, *, version: str | None = None, progress: Progress = no_progress
    ) -> ParsedList:
        files = bods_files(path)
        if not files:
            raise SourceError(f"{path}: no BODS JSON file found")
        latest = latest_records(files)
        when, basis = list_version(latest.values(), version)
        stem = slug(path.name if path.is_dir() else path.name.split(".")[0])
        dataset = stem if stem.startswith("bods") else f"bods_{stem}"
        statements = BodsMapper(latest, dataset, when).statements(progress)
        return ParsedList(
            dataset=dataset,
            title=f"{TITLE}: {path.name}",
            publisher=publisher(latest.values()),
            version=when,
            source_format=NAME,
            files=[SourceFile.of(f, "bods-statements", when) for f in files],
            statements=statements,
            version_basis=basis,
        )
