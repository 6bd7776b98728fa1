"""Identifiers compared as the registries mean them, not as they happen to be typed.

Each type is reduced to its canonical form before two values are compared, so that the
same number written two ways meets and two different numbers never do:

* all: upper case, spaces, dashes, dots, slashes and other punctuation removed, and a
  leading label ("No.", "Nr", "#", "Number:") dropped: "No. AB-123 456" is "AB123456";
* IMO numbers: the "IMO" prefix dropped ("IMO 9187629" and "9187629" are one ship);
  also for a value given under another property that reads "IMO" + seven digits;
* BIC / SWIFT codes: the branch code "XXX" (head office) dropped, so an 11-character
  BIC of the head office equals its 8-character form; another branch stays apart;
* LEI codes and MMSI numbers: the bare 20 characters / 9 digits.

Which types identify a holder worldwide (``UNIQUE_PROPS``: IMO, LEI, BIC, MMSI) matters
for a query without a name (see scorer.py): a passport, tax or registration number is
unique only within its issuing country, and lists rarely say which.
"""

from __future__ import annotations

import re

# A label needs its punctuation or a space: "NO1234567" is a passport number, "No. 1234567"
# a label and a number.
_LABEL = re.compile(r"^\s*(?:(?:no|nr|num|number)\s*[.:#]|(?:no|nr|number)\s+|#)\s*", re.I)
_IMO = re.compile(r"^IMO(?=\d{7}$)")
UNIQUE_PROPS = frozenset({"imoNumber", "leiCode", "swiftBic", "mmsi"})
_BIC_HEAD_OFFICE = re.compile(r"^([A-Z]{6}[A-Z0-9]{2})XXX$")


def normalize_identifier(value: str, prop: str | None = None) -> str:
    """The canonical form of one identifier of the given property (None: any type)."""
    text = _LABEL.sub("", value)
    norm = "".join(ch for ch in text.upper() if ch.isalnum())
    norm = _IMO.sub("", norm)
    if prop == "swiftBic":
        norm = _BIC_HEAD_OFFICE.sub(r"\1", norm)
    return norm
