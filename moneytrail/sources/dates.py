"""Dates as lists write them -> ISO prefixes followthemoney accepts.

Lists give birth dates as full dates, months, bare years, ranges ("1955 to 1958")
and approximations ("circa 1960"). followthemoney has no range type, so a range
becomes every year it covers (capped), and the source's words stay in
``original_value``: the screen can then match any year of the range, and the
analyst still sees what the list said.
"""

from __future__ import annotations

import re
from datetime import date

MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
        start=1,
    )
}
MAX_RANGE_YEARS = 15

_DMY = re.compile(r"^(\d{1,2})[ \-/.]([A-Za-z]{3,9})\.?[ \-/.,]*(\d{4})$")
_MY = re.compile(r"^([A-Za-z]{3,9})\.?[ \-/.,]*(\d{4})$")
_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_NUM_DMY = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")
_YEAR = re.compile(r"^(\d{4})$")
_RANGE = re.compile(r"^(.+?)\s+(?:to|-|–|and)\s+(.+)$", re.IGNORECASE)
_CIRCA = re.compile(r"^(?:circa|ca\.?|c\.|approximately|approx\.?|about)\s+", re.IGNORECASE)


def _valid(y: int, m: int = 1, d: int = 1) -> bool:
    try:
        date(y, m, d)
    except ValueError:
        return False
    return 1800 <= y <= 2100


def parse_single(text: str) -> str | None:
    """One date in any common list form -> ISO prefix (YYYY, YYYY-MM, YYYY-MM-DD)."""
    text = text.strip().strip(".;,").strip()
    if m := _ISO.match(text):
        y, mo, d = int(m[1]), int(m[2] or 1), int(m[3] or 1)
        return text if _valid(y, mo, d) else None
    if m := _DMY.match(text):
        mon = MONTHS.get(m[2][:3].lower())
        d, y = int(m[1]), int(m[3])
        if mon and _valid(y, mon, d):
            return f"{y:04d}-{mon:02d}-{d:02d}"
        return None
    if m := _MY.match(text):
        mon = MONTHS.get(m[1][:3].lower())
        y = int(m[2])
        if mon and _valid(y, mon):
            return f"{y:04d}-{mon:02d}"
        return None
    if m := _NUM_DMY.match(text):
        d, mon, y = int(m[1]), int(m[2]), int(m[3])
        if _valid(y, mon, d):
            return f"{y:04d}-{mon:02d}-{d:02d}"
    return None


def parse_dates(text: str) -> list[str]:
    """All ISO prefixes a date expression stands for; empty if it cannot be read.

    "21 Mar 1955" -> ["1955-03-21"]; "circa 1960" -> ["1960"];
    "1955 to 1958" -> ["1955", "1956", "1957", "1958"];
    "01 Jan 1960 to 31 Dec 1962" -> ["1960", "1961", "1962"].
    """
    text = " ".join(text.split()).strip(" .;,")
    if not text:
        return []
    text = _CIRCA.sub("", text)
    single = parse_single(text)
    if single is not None:
        return [single]
    if m := _RANGE.match(text):
        start, end = parse_single(m[1]), parse_single(m[2])
        if start is None or end is None:
            return []
        y0, y1 = int(start[:4]), int(end[:4])
        if y0 == y1 and start[:7] == end[:7] and len(start) > 4:
            return [start[:7]]
        if y0 > y1 or y1 - y0 > MAX_RANGE_YEARS:
            return [start, end]
        return [str(y) for y in range(y0, y1 + 1)]
    return []
