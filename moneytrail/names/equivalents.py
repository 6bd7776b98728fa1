"""Given-name equivalence: spellings of one name share one class id.

Two kinds of tables, kept apart on purpose:

* data/given_names.json: romanisations of one original-script name (Muhammad, Mohammed,
  Mohamed, Magomed; Husayn, Hussein, Hossein). These are the same written name, so folding them
  together costs no precision.
* data/nicknames.csv: English nicknames (Bill ~ William). The file links names both ways and
  most nicknames belong to several names ("bill": William, Robert, Fred), so nicknames never
  change the canonical id; the scorer asks `variants` and treats a nickname link as its own,
  weaker kind of evidence.

Nothing joins different names that merely sound alike (Hassan and Hussein, Mohammed and Mahmoud
stay apart) or translations across languages (Yusuf and Joseph): screening must not flag Arabic
names more often than others just because they are written in many ways.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache

from moneytrail.errors import ConfigError
from moneytrail.names._data import read_csv, read_json


@cache
def _classes() -> dict[str, str]:
    """variant -> class id, checked for variants claimed by two classes."""
    mapping: dict[str, str] = {}
    for cls in read_json("given_names.json")["classes"]:
        class_id = cls["id"]
        for variant in [class_id, *cls["variants"]]:
            owner = mapping.setdefault(variant, class_id)
            if owner != class_id:
                raise ConfigError(
                    f"given name {variant!r} is in classes {owner!r} and {class_id!r}"
                )
    return mapping


@cache
def _nicknames() -> dict[str, frozenset[str]]:
    """name -> names linked to it as nickname or formal name, in either direction."""
    links: dict[str, set[str]] = defaultdict(set)
    for row in read_csv("nicknames.csv"):
        links[row["name1"]].add(row["name2"])
        links[row["name2"]].add(row["name1"])
    return {name: frozenset(linked) for name, linked in links.items()}


@cache
def _class_members() -> dict[str, frozenset[str]]:
    members: dict[str, set[str]] = defaultdict(set)
    for variant, class_id in _classes().items():
        members[class_id].add(variant)
    return {class_id: frozenset(names) for class_id, names in members.items()}


def canonical_given_name(token: str) -> str:
    """Class id of a given-name spelling; the token itself when it has none."""
    return _classes().get(token, token)


def variants(token: str) -> frozenset[str]:
    """Every name the token may stand for: its class, plus nickname links (Bill ~ William).

    For the scorer's explanations ("Bill ~ William: nickname") and the nickname links the
    canonical id deliberately does not carry.
    """
    names = set(_class_members().get(canonical_given_name(token), {token}))
    names.add(token)
    for linked in _nicknames().get(token, frozenset()):
        names.add(linked)
    return frozenset(names)


def nicknames(token: str) -> frozenset[str]:
    """Names linked to the token in the nickname table, either way (Bill -> William...).

    A weaker equivalence than a class: the scorer credits it below an exact class match,
    and only for people's names.
    """
    return _nicknames().get(token, frozenset())


def is_nickname_pair(a: str, b: str) -> bool:
    """True when the table links the two names directly (bill ~ william, liz ~ elizabeth)."""
    return b in _nicknames().get(a, frozenset())


def is_known_given_name(token: str) -> bool:
    return token in _classes() or token in _nicknames()
