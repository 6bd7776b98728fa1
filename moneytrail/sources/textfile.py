"""Text files users bring (customers, entities), checked before any parser sees them.

Python's csv and json modules fail on another encoding, binary bytes or an empty file
with a traceback that names neither the file nor the line nor the remedy. These checks
turn each into one ``InvalidInput``: UTF-16 (with or without a byte-order mark), binary
data, an empty file, and a byte that is not UTF-8 (with its line). Lines are streamed
through ``sources.compressed`` under its caps, so a large file is never held whole.
Every reader of user tables (``sources.table_reader``, ``sources.table_rows``) runs
these same checks, so a file is refused with the same words whichever command reads it.
"""

from __future__ import annotations

import io
from collections.abc import Generator
from pathlib import Path

from moneytrail.errors import InvalidInput
from moneytrail.sources.compressed import open_input, read_lines

UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
UTF8_BOM = "\ufeff"
SAVE_AS_UTF8 = "save it as UTF-8"
HEAD = 65_536


def check_text_head(path: Path, what: str = "CSV or JSONL text") -> None:
    """Refuse an empty, UTF-16 or binary file from its first 64 KiB (names the file)."""
    name = str(path)
    if not path.exists():
        raise InvalidInput("no such file", file=name)
    if path.is_dir():
        raise InvalidInput(f"a folder, not {what}", file=name)
    with open_input(path) as fh:
        head = fh.read(HEAD)
        rest = head.strip() or _any_text(fh)
    if not rest:
        raise InvalidInput("empty file", file=name)
    refuse_head(head, name, what)


def refuse_head(head: bytes, name: str, what: str = "CSV or JSONL text") -> None:
    """Refuse UTF-16 (with or without a byte-order mark) or binary bytes in ``head``."""
    if head.startswith(UTF16_BOMS) or looks_utf16(head):
        raise InvalidInput(f"the file is UTF-16, not UTF-8: {SAVE_AS_UTF8}", file=name)
    if b"\x00" in head:
        raise InvalidInput(f"a binary file, not {what}", file=name)


def not_utf8(byte: int, name: str, line: int) -> InvalidInput:
    """The one refusal of a byte that is not UTF-8, with the likely encoding and a remedy."""
    return InvalidInput(
        f"not UTF-8 (byte 0x{byte:02x}; Latin-1 or Windows-1252?): "
        f"{SAVE_AS_UTF8}, e.g. iconv -f cp1252 -t utf-8",
        file=name,
        line=line,
    )


def _any_text(fh: io.BufferedReader) -> bytes:
    """Whether anything but whitespace follows a blank first 64 KiB."""
    while block := fh.read(HEAD):
        if block.strip():
            return bytes(block.strip()[:1])
    return b""


def looks_utf16(head: bytes) -> bool:
    """UTF-16 without a byte-order mark: every other byte of ASCII text is NUL."""
    pairs = head[: len(head) // 2 * 2]
    if len(pairs) < 8:
        return False
    half = len(pairs) // 2
    return pairs[1::2].count(0) > 0.9 * half or pairs[0::2].count(0) > 0.9 * half


def text_lines(path: Path, what: str = "CSV or JSONL text") -> Generator[str, None, None]:
    """The file's lines as text (line ends kept, a UTF-8 BOM dropped), checked first.

    A byte that is not UTF-8 raises InvalidInput naming its line.
    """
    check_text_head(path, what)
    for number, raw in enumerate(read_lines(path), start=1):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise not_utf8(raw[exc.start], str(path), number) from None
        yield text[1:] if number == 1 and text.startswith(UTF8_BOM) else text
