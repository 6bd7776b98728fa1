"""Lists shipped zipped (OFAC's ``CONS_ENHANCED.ZIP``): find the XML member, unpack it safely.

Detection peeks at a member without unpacking it; parsing unpacks it into a private
temporary folder, bounded by ``MAX_ZIP_MEMBER``, because the XML readers need a file.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from moneytrail.errors import InvalidInput, UnsafeInput
from moneytrail.sources.xmlsafe import head_has

CHUNK = 1 << 16
MAX_ZIP_MEMBER = 1 << 31  # bytes one unpacked member may hold


def zip_member(path: Path, marker: bytes | re.Pattern[bytes]) -> str | None:
    """The first ``.xml`` member of zip ``path`` whose first bytes hold ``marker``, if any.

    Publishers ship large lists zipped (OFAC's ``CONS_ENHANCED.ZIP``); detection peeks
    at the member without unpacking it, and a file that is not a zip is simply no match.
    """
    if not path.is_file() or not zipfile.is_zipfile(path):
        return None
    try:
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                if info.is_dir() or not info.filename.lower().endswith(".xml"):
                    continue
                with archive.open(info) as fh:
                    if head_has(fh.read(4096), marker):
                        return info.filename
    except (zipfile.BadZipFile, OSError, RuntimeError, EOFError):
        return None
    return None


@contextmanager
def unzipped(path: Path, member: str) -> Iterator[Path]:
    """``member`` of zip ``path`` unpacked into a private temporary folder.

    The XML readers need a file (they report lines by re-reading it), so the
    member is unpacked, bounded by ``MAX_ZIP_MEMBER``. An ``InvalidInput`` raised while
    reading it names ``<zip>!<member>``, not the temporary copy.
    """
    label = f"{path}!{member}"
    with tempfile.TemporaryDirectory(prefix="moneytrail-zip-") as tmp:
        target = Path(tmp) / Path(member).name
        try:
            with zipfile.ZipFile(path) as archive:
                info = archive.getinfo(member)
                if info.file_size > MAX_ZIP_MEMBER:
                    raise UnsafeInput(
                        f"member unpacks to {info.file_size} bytes, more than the "
                        f"{MAX_ZIP_MEMBER} allowed (a zip bomb?)",
                        file=label,
                    )
                with archive.open(info) as src, target.open("wb") as dst:
                    shutil.copyfileobj(src, dst, CHUNK)
        except (zipfile.BadZipFile, KeyError, OSError, EOFError) as exc:
            raise InvalidInput(f"cannot unpack the zip: {exc}", file=label) from None
        try:
            yield target
        except InvalidInput as exc:
            raise type(exc)(exc.reason, file=label, line=exc.line, field=exc.field) from None
