"""What makes an entity designated: one definition for every analysis that asks.

Every list parser marks the entries a list designates with followthemoney's topic
``sanction``. Screening screens against them, the network marks them, the front-company
indicators date them and the ownership rules start from them, so all four must agree on
what the mark is. OpenSanctions' finer topics (``sanction.linked``: linked to a
designated party; ``sanction.counter``: counter-sanctioned) are not designations by the
lists screened here and do not count.
"""

from __future__ import annotations

DESIGNATED_TOPIC = "sanction"


def designated_where(alias: str = "") -> str:
    """SQL true for a statement row that marks its entity designated (``alias``: the table's)."""
    prefix = f"{alias}." if alias else ""
    return f"{prefix}prop = 'topics' AND {prefix}value = '{DESIGNATED_TOPIC}'"


def is_designated_topic(prop: str, value: str) -> bool:
    """The same test for one statement in memory."""
    return prop == "topics" and value == DESIGNATED_TOPIC
