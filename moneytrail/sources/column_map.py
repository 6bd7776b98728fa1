"""``KEY=COLUMN,...`` maps: which of the user's columns holds what a reader needs.

Every command that reads a user's table (``--map``, ``--accounts-map``,
``--labels-map``, a shipment map) takes the same notation, so it is parsed once, with
one refusal for a malformed pair and one for a key the reader does not know, both
naming the option the user typed.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from moneytrail.errors import InvalidInput


def parse_map(
    spec: str | None,
    *,
    keys: Collection[str] | None = None,
    option: str = "--map",
    known: str | None = None,
) -> dict[str, str]:
    """``id=cust_id,name=full_name`` -> ``{"id": "cust_id", "name": "full_name"}``.

    Blanks around keys and columns are dropped, and so are empty pairs (a trailing
    comma). With ``keys``, any other key is refused; ``known`` describes the allowed
    keys when listing them would be too long.
    """
    out: dict[str, str] = {}
    for part in (spec or "").split(","):
        if not part.strip():
            continue
        key, sep, column = (x.strip() for x in part.partition("="))
        if not sep or not key or not column:
            raise InvalidInput(f"{option} expects KEY=COLUMN pairs, not {part!r}", field=option)
        out[key] = column
    if keys is not None:
        check_keys(out, keys, option=option, known=known)
    return out


def check_keys(
    mapping: Mapping[str, str],
    keys: Collection[str],
    *,
    option: str = "--map",
    known: str | None = None,
) -> None:
    """Refuse the first key of ``mapping`` that is not one of ``keys``."""
    for key in mapping:
        if key not in keys:
            listed = known or ", ".join(keys if isinstance(keys, Sequence) else sorted(keys))
            raise InvalidInput(f"unknown {option} key {key!r}; keys: {listed}", field=option)
