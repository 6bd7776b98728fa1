"""The one door through which XML from outside comes in.

Sanctions lists arrive from the internet, so a file may be hostile (entity
expansion, external entities reading local files) or simply broken (a truncated
download, a file re-saved as Latin-1). Everything is parsed here through
defusedxml with DTDs refused outright (no list needs one), and every failure
becomes an ``InvalidInput`` or ``UnsafeInput`` that names the file, the line and
what the parser expected there, so the analyst can fix the input rather than read a
stack trace.

Namespaces differ between publishers and even between versions of one list, so the
helpers below match elements by local name only; parsers never spell out ``{uri}``.

Two ways in:

* ``read_xml(path)`` parses the whole file and keeps the line of every element.
* ``XmlStream(path, records)`` yields each record element (with its line) as soon as
  it is complete and then drops it, for lists too large to hold as one tree.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, ParseError, TreeBuilder
from xml.parsers.expat import errors as expat_errors

from defusedxml import DefusedXmlException, DTDForbidden
from defusedxml.ElementTree import DefusedXMLParser

from moneytrail.errors import InvalidInput, SourceError, UnsafeInput

__all__ = [
    "XmlDocument",
    "XmlStream",
    "attr",
    "child",
    "child_text",
    "child_texts",
    "children",
    "descendants",
    "element_ref",
    "find_all",
    "head_has",
    "local_name",
    "path_texts",
    "read_xml",
    "text",
    "xml_files",
]

CHUNK = 1 << 16
# The largest XML member a zipped list may unpack to: the whole SDN enhanced XML is
# ~100 MB, so 2 GiB leaves room and still refuses a zip bomb.
_DECL = re.compile(rb"""<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._\-]+)["']""")
_EXTERNAL_ENTITY = re.compile(rb"<!ENTITY\s+%?\s*[^\s>]+\s+(?:SYSTEM|PUBLIC)\s+[\"']([^\"']*)")
_ENTITY = re.compile(rb"<!ENTITY\s+%?\s*([^\s>]+)")


def local_name(tag: str) -> str:
    """``{http://eu.europa.ec/fpi/fsd/export}nameAlias`` -> ``nameAlias``."""
    return tag.rsplit("}", 1)[-1]


def expect_root(root: Element, name: str, path: Path, line: int | None) -> None:
    """Refuse a file whose root element is not ``name``: another format under this name."""
    found = local_name(root.tag)
    if found != name:
        raise InvalidInput(
            f"expected <{name}> as the root element, found <{found}>", file=str(path), line=line
        )


def text(elem: Element | None) -> str | None:
    """An element's own text, stripped; None when absent or blank (lists use both)."""
    if elem is None or elem.text is None:
        return None
    value = elem.text.strip()
    return value or None


def attr(elem: Element | None, name: str) -> str | None:
    """An attribute by local name, stripped; None when absent or blank."""
    if elem is None:
        return None
    value = elem.get(name)
    if value is None:
        for key, val in elem.attrib.items():
            if local_name(key) == name:
                value = val
                break
    if value is None:
        return None
    return value.strip() or None


def children(elem: Element | None, *names: str) -> Iterator[Element]:
    """Direct children whose local name is one of ``names`` (all children if none given)."""
    if elem is None:
        return
    for sub in elem:
        if not isinstance(sub.tag, str):
            continue
        if not names or local_name(sub.tag) in names:
            yield sub


def child(elem: Element | None, name: str) -> Element | None:
    """The first direct child called ``name``, or None."""
    return next(children(elem, name), None)


def child_text(elem: Element | None, name: str) -> str | None:
    """The first non-blank text among the direct children called ``name``."""
    return next((t for sub in children(elem, name) if (t := text(sub))), None)


def child_texts(elem: Element | None, name: str) -> list[str]:
    """Every non-blank text among the direct children called ``name``, in file order."""
    return [t for sub in children(elem, name) if (t := text(sub))]


def find_all(elem: Element | None, path: str) -> Iterator[Element]:
    """Elements along a slash-separated path of local names: ``"Names/Name"``."""
    level: list[Element] = [] if elem is None else [elem]
    for step in path.split("/"):
        level = [sub for parent in level for sub in children(parent, step)]
    yield from level


def path_texts(elem: Element | None, path: str) -> list[str]:
    """Every non-blank text at ``path`` (see ``find_all``): ``path_texts(d, "DOBs/DOB")``."""
    return [t for sub in find_all(elem, path) if (t := text(sub))]


def descendants(elem: Element | None, name: str) -> Iterator[Element]:
    """Every element below ``elem`` (not itself) with local name ``name``, at any depth."""
    if elem is None:
        return
    for sub in elem.iter():
        if sub is not elem and isinstance(sub.tag, str) and local_name(sub.tag) == name:
            yield sub


class _Target:
    """Builds the tree and remembers where each element starts and which are still open.

    The open-element stack is what lets an error say "expected </INDIVIDUAL>" instead of
    expat's bare "no element found".
    """

    def __init__(self, records: frozenset[str] | None) -> None:
        self._builder = TreeBuilder()
        self._records = records
        self.expat: Any = None
        self.lines: dict[int, int] = {}
        self.stack: list[Element] = []
        self.done: list[tuple[Element, Element | None]] = []
        self.root: Element | None = None

    def start(self, tag: str, attrib: dict[str, str]) -> Element:
        elem = self._builder.start(tag, attrib)
        self.lines[id(elem)] = int(self.expat.CurrentLineNumber)
        if self.root is None:
            self.root = elem
        self.stack.append(elem)
        return elem

    def end(self, tag: str) -> Element:
        elem = self._builder.end(tag)
        self.stack.pop()
        if self._records is not None and local_name(tag) in self._records:
            self.done.append((elem, self.stack[-1] if self.stack else None))
        return elem

    def data(self, data: str) -> None:
        self._builder.data(data)

    def close(self) -> Element:
        return self._builder.close()


class XmlStream:
    """Record elements of one file, each yielded with its line, then dropped.

    ``records`` are local names (``{"INDIVIDUAL", "ENTITY"}``). ``root`` holds the root
    element (attributes intact, records removed) once iteration has begun. The whole
    file is read by the end of iteration, so a broken tail still raises before a
    caller that collects everything can act on a partial list.
    """

    def __init__(self, path: Path, records: Collection[str]) -> None:
        self.path = path
        self._target = _Target(frozenset(records))

    @property
    def root(self) -> Element:
        if self._target.root is None:
            raise InvalidInput("no root element read yet", file=str(self.path))
        return self._target.root

    def line(self, elem: Element) -> int | None:
        """The line an element starts on (valid for the record being processed)."""
        return self._target.lines.get(id(elem))

    def __iter__(self) -> Iterator[tuple[Element, int]]:
        target = self._target
        for _ in _parse(self.path, target):
            while target.done:
                elem, parent = target.done.pop(0)
                yield elem, target.lines.get(id(elem), 0)
                self._drop(elem, parent)

    def _drop(self, elem: Element, parent: Element | None) -> None:
        for sub in elem.iter():
            self._target.lines.pop(id(sub), None)
        if parent is not None:
            with suppress(ValueError):
                parent.remove(elem)
        elem.clear()


@dataclass(frozen=True, slots=True)
class XmlDocument:
    """A whole parsed file, with the line each element starts on."""

    path: Path
    root: Element
    _lines: dict[int, int]

    def line(self, elem: Element) -> int | None:
        return self._lines.get(id(elem))


def read_xml(path: Path) -> XmlDocument:
    """Parse ``path`` safely; InvalidInput (or UnsafeInput) naming file and line on failure."""
    target = _Target(None)
    for _ in _parse(path, target):
        pass
    if target.root is None:  # pragma: no cover - expat reports "no element found" first
        raise InvalidInput("no XML element found", file=str(path), line=1)
    return XmlDocument(path=path, root=target.root, _lines=target.lines)


def head_has(head: bytes, marker: bytes | re.Pattern[bytes]) -> bool:
    """Whether a file's first bytes hold ``marker``: a byte string, or a pattern to search."""
    return marker in head if isinstance(marker, bytes) else marker.search(head) is not None


def xml_files(path: Path, marker: bytes | re.Pattern[bytes]) -> list[Path]:
    """The XML files at ``path`` whose first bytes hold ``marker`` (e.g. ``b"<export"``).

    ``path`` may be the file itself or a folder (the bundled lists are folders), so a
    parser's ``detect`` and ``parse`` agree on which file they mean.
    """
    candidates = sorted(path.glob("*.xml")) if path.is_dir() else [path]
    found = []
    for candidate in candidates:
        if candidate.is_file():
            with candidate.open("rb") as fh:
                if head_has(fh.read(4096), marker):
                    found.append(candidate)
    return found


def single_xml(path: Path, marker: bytes | re.Pattern[bytes], what: str) -> Path:
    """The one file to parse: ``path`` itself, or the one matching XML file in a folder."""
    found = xml_files(path, marker) if path.is_dir() else [path]
    if len(found) != 1:
        raise SourceError(f"{path}: expected one {what} file, found {len(found)}")
    return found[0]


def element_ref(file_name: str, tag: str, key: str, value: str, line: int | None) -> str:
    """How a statement cites its record, e.g. ``UN.xml:INDIVIDUAL[DATAID=6907993] (line 4)``.

    The same form for every XML list, so a report reads the same whichever list it cites.
    """
    ref = f"{file_name}:{tag}[{key}={value}]"
    return f"{ref} (line {line})" if line else ref


def _parse(path: Path, target: _Target) -> Iterator[None]:
    """Feed the file in chunks, pausing after each so streamed records can be handed out."""
    parser = DefusedXMLParser(
        target=target, forbid_dtd=True, forbid_entities=True, forbid_external=True
    )
    target.expat = parser.parser
    try:
        with path.open("rb") as fh:
            while chunk := fh.read(CHUNK):
                parser.feed(chunk)
                yield
        parser.close()
    except DefusedXmlException as exc:
        raise _unsafe(path, exc, int(target.expat.CurrentLineNumber)) from None
    except ParseError as exc:
        raise _malformed(path, exc, target) from None
    except OSError as exc:
        raise InvalidInput(f"cannot read the file: {exc.strerror or exc}", file=str(path)) from None
    yield


def _unsafe(path: Path, exc: DefusedXmlException, line: int) -> UnsafeInput:
    """Say what the file tried to do, so a security reviewer can tell an attack from a quirk."""
    head = _head(path)
    if isinstance(exc, DTDForbidden):
        what = f"a document type declaration (<!DOCTYPE {exc.name}>)"
        if m := _EXTERNAL_ENTITY.search(head):
            target = m[1].decode("utf-8", "replace")
            what += f" declaring an external entity ({target!r}, an XXE attempt)"
        elif m := _ENTITY.search(head):
            name = m[1].decode("utf-8", "replace")
            what += f" declaring entity {name!r} (entity expansion, e.g. 'billion laughs')"
        reason = f"refused {what}: sanctions lists never need a DTD"
    else:
        reason = f"refused {exc}: entity declarations and external references are not allowed"
    return UnsafeInput(reason, file=str(path), line=line)


def _malformed(path: Path, exc: ParseError, target: _Target) -> InvalidInput:
    line, column = exc.position
    code = getattr(exc, "code", None)
    message = expat_errors.messages.get(code, str(exc)) if code is not None else str(exc)
    open_tags = [local_name(e.tag) for e in target.stack]
    inside = f" inside <{'/'.join(open_tags)}>" if open_tags else ""
    if message in (expat_errors.XML_ERROR_INVALID_TOKEN, expat_errors.XML_ERROR_PARTIAL_CHAR):
        bad = _encoding_problem(path, line)
        if bad is not None:
            return InvalidInput(f"{bad} (column {column + 1})", file=str(path), line=line)
    reasons = {
        expat_errors.XML_ERROR_NO_ELEMENTS: (
            f"the file ends before the XML is complete{inside}: expected "
            + (f"</{open_tags[-1]}>; the download looks truncated" if open_tags else "an element")
            if target.root is not None or path.stat().st_size > 0
            else "the file is empty: expected an XML document"
        ),
        expat_errors.XML_ERROR_UNCLOSED_TOKEN: (
            f"the file ends in the middle of a tag{inside}; the download looks truncated"
        ),
        expat_errors.XML_ERROR_TAG_MISMATCH: (
            f"mismatched closing tag{inside}: expected </{open_tags[-1]}>"
            if open_tags
            else "mismatched closing tag"
        ),
        expat_errors.XML_ERROR_JUNK_AFTER_DOC_ELEMENT: (
            "content after the root element's closing tag: expected the end of the file"
        ),
        expat_errors.XML_ERROR_UNDEFINED_ENTITY: (
            f"undefined entity{inside}: expected only &amp; &lt; &gt; &quot; &apos; "
            "or numeric character references"
        ),
    }
    reason = reasons.get(message, f"malformed XML{inside}: {message}")
    return InvalidInput(f"{reason} (column {column + 1})", file=str(path), line=line)


def _encoding_problem(path: Path, line: int) -> str | None:
    """Whether the bytes of ``line`` are not in the encoding the file declares."""
    head = _head(path)
    m = _DECL.search(head[:200])
    declared = m[1].decode("ascii") if m else "UTF-8"
    raw = _line_bytes(path, line)
    try:
        raw.decode(declared)
    except LookupError:
        return f"the file declares an unknown encoding {declared!r}"
    except UnicodeDecodeError as err:
        byte = raw[err.start : err.start + 1].hex()
        return (
            f"byte 0x{byte} is not valid {declared} (the encoding the file declares); "
            "the file was probably saved as Latin-1 or Windows-1252"
        )
    return None


def _head(path: Path, size: int = 1 << 16) -> bytes:
    with path.open("rb") as fh:
        return fh.read(size)


def _line_bytes(path: Path, line: int) -> bytes:
    with path.open("rb") as fh:
        for number, raw in enumerate(fh, start=1):
            if number == line:
                return raw
    return b""
