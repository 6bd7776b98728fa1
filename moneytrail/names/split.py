"""One name field holding several names: "X (Y; Z)", "A; B; C".

Lists and customer files both pack aliases into one value: the UN writes an original-
script name followed by its romanisations in brackets ("جبهة فتح الشام (Jabhat Fath al
Sham; Jabhat Fateh al-Sham)"), OFAC adds translations ("PARTIDO COMUNISTA DEL PERU
(COMMUNIST PARTY OF PERU)"). Compared as one string, such a value matches none of its
names well. Brackets of one word ("(HK)", "(FIF)", "(Ahmed)") are part of the name or an
acronym and stay where they are.
"""

from __future__ import annotations

import re

_BRACKETS = re.compile(r"\(([^()]*)\)")
_SEPARATOR = re.compile(r"\s*;\s*")
_MIN_WORDS = 2


def name_parts(text: str) -> tuple[str, ...]:
    """The names one value holds: itself, plus each bracketed or ;-separated name of two
    words or more, and the value without such brackets. Order kept, no repeats."""
    if ";" not in text and "(" not in text:
        return (text,)
    out = [text]
    outside = text
    for m in _BRACKETS.finditer(text):
        inner = [p for p in _SEPARATOR.split(m.group(1)) if len(p.split()) >= _MIN_WORDS]
        if inner:
            out.extend(inner)
            outside = outside.replace(m.group(0), " ")
    out.extend(p for p in _SEPARATOR.split(outside) if p.strip())
    return tuple(dict.fromkeys(" ".join(p.split()) for p in out if p.strip()))
