"""What every XML list parser does before its first record: recognise, open, date.

Nine XML parsers used to repeat the same opening, each a little differently: sniff
the first bytes for the root element (``detect``), find the one file in a folder or
the XML member of a zip, check the root element once records stream in, and decide
the version from the date the file states, the caller's ``--version`` or the load
date. An ``XmlFormat`` states those choices once per format, so detection and
opening read the same everywhere and a new XML format says only what differs.

Reading itself stays in ``xmlsafe`` (the one door for outside XML); unpacking in
``xmlzip``.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Final
from xml.etree.ElementTree import Element

from moneytrail.errors import InvalidInput
from moneytrail.sources.base import VersionBasis, load_date
from moneytrail.sources.xmlsafe import (
    XmlDocument,
    XmlStream,
    expect_root,
    head_has,
    read_xml,
    single_xml,
    xml_files,
)
from moneytrail.sources.xmlzip import unzipped, zip_member

# The note a list gets when the caller's --version disagrees with the file's own date.
KEPT: Final = "version {given} given, but the file says {found}: kept {found}"


def root_marker(root: str) -> re.Pattern[bytes]:
    """``<root`` followed by a space or ``>``: the opening tag, not a longer name."""
    return re.compile(b"<" + re.escape(root.encode()) + rb"[\s>]")


@dataclass(frozen=True, slots=True)
class XmlFormat:
    """How one XML list format is recognised in its first bytes and opened.

    ``marker`` (bytes or a pattern) must appear in the first ``head`` bytes, and
    ``also`` too when given (the field names that tell two lists with one root
    apart). ``suffix`` limits a lone file to that extension (None: any file);
    ``folders`` lets a folder holding one such ``.xml`` file stand for it (the
    bundled lists are folders); ``zipped`` accepts a ``.zip`` with such a member.
    """

    root: str
    marker: bytes | re.Pattern[bytes]
    what: str
    also: re.Pattern[bytes] | None = None
    suffix: str | None = ".xml"
    folders: bool = False
    zipped: bool = False
    head: int = 4096

    def detect(self, path: Path) -> bool:
        """Whether ``path`` is a file (or folder, zip) of this format. Sniffs only."""
        try:
            if self.folders and path.is_dir():
                return bool(xml_files(path, self.marker))
            if not path.is_file():
                return False
            suffix = path.suffix.lower()
            if self.zipped and suffix == ".zip":
                return zip_member(path, self.marker) is not None
            if self.suffix is not None and suffix != self.suffix:
                return False
            with path.open("rb") as fh:
                head = fh.read(self.head)
        except OSError:
            return False
        return head_has(head, self.marker) and (self.also is None or bool(self.also.search(head)))

    @contextmanager
    def opened(self, path: Path) -> Iterator[Path]:
        """The XML file to read: ``path``, the one matching file of a folder, or a zip member.

        An error raised while a zip member is read names ``<zip>!<member>``.
        """
        if self.folders and path.is_dir():
            yield single_xml(path, self.marker, self.what)
        elif self.zipped and path.suffix.lower() == ".zip":
            member = zip_member(path, self.marker)
            if member is None:
                raise InvalidInput(f"the zip holds no <{self.root}> XML file", file=str(path))
            with unzipped(path, member) as inner:
                yield inner
        else:
            yield path

    def stream(self, path: Path, records: Collection[str]) -> RootedStream:
        """``XmlStream`` of ``records`` that refuses a file whose root is not ``root``."""
        return RootedStream(path, records, self.root)

    def read(self, path: Path) -> XmlDocument:
        """The whole file (``read_xml``), its root element checked."""
        doc = read_xml(path)
        expect_root(doc.root, self.root, path, doc.line(doc.root) or 1)
        return doc


class XmlListSource:
    """A list parser whose files an ``XmlFormat`` recognises: its ``detect`` is the format's.

    Subclasses set ``FORMAT`` (and ``NAME``, ``TITLE`` and ``parse`` as every
    ``ListSource``); detection then sniffs the same way for every XML list.
    """

    FORMAT: ClassVar[XmlFormat]

    @classmethod
    def detect(cls, path: Path) -> bool:
        """Whether ``path`` is a file (or folder, zip) of this parser's format. Sniffs only."""
        return cls.FORMAT.detect(path)


class RootedStream(XmlStream):
    """An ``XmlStream`` that checks the root element before the first record is handed out.

    It checks again at the end, so a file of another format with no records is
    refused too rather than read as an empty list.
    """

    def __init__(self, path: Path, records: Collection[str], root: str) -> None:
        super().__init__(path, records)
        self.root_name = root
        self._checked = False

    def __iter__(self) -> Iterator[tuple[Element, int]]:
        for item in super().__iter__():
            self._check()
            yield item
        self._check()

    def _check(self) -> None:
        if not self._checked:
            expect_root(self.root, self.root_name, self.path, self.line(self.root) or 1)
            self._checked = True


def file_date_wins(
    found: str | None, given: str | None, notes: list[str], note: str = KEPT
) -> str | None:
    """The file's own date, else the caller's version, else None.

    Passing a file off as another date would break the "as of" of every fact in
    it, so a disagreeing ``given`` only leaves a note (``note`` formatted with
    ``given`` and ``found``).
    """
    if found:
        if given and given != found:
            notes.append(note.format(given=given, found=found))
        return found
    return given or None


def dated_or_loaded(
    found: str | None, given: str | None, notes: list[str], note: str = KEPT
) -> tuple[str, VersionBasis]:
    """As ``file_date_wins``, falling back to the load date (marked ``undated``) with a note."""
    version = file_date_wins(found, given, notes, note)
    if version is not None:
        return version, "file" if found else "given"
    today = load_date()
    notes.append(f"the file states no date: loaded as of {today}")
    return today, "undated"


class StreamedVersion:
    """The version of a streamed file whose date element may come before its records.

    ``found`` records the date once met; ``current`` is what a record is stamped
    with: the file's date, else the caller's, else InvalidInput saying what was
    missing (``missing``) on the record's line.
    """

    def __init__(self, path: Path, given: str | None, notes: list[str], note: str = KEPT) -> None:
        self.path = path
        self.given = given
        self.notes = notes
        self.note = note
        self.value = ""

    def found(self, date: str) -> None:
        self.value = file_date_wins(date, self.given, self.notes, self.note) or ""

    def current(self, line: int, missing: str, field: str) -> str:
        if not self.value:
            if not self.given:
                raise InvalidInput(missing, file=str(self.path), line=line, field=field)
            self.value = self.given
        return self.value
