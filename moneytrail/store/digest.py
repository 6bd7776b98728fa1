"""One fingerprint per list entry, so versions can be compared without keeping them all.

The digest covers what an entry says (property and value), not where or when it was
read, so re-publishing an unchanged entry in a new file does not count as a change.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from moneytrail.model import Statement
from moneytrail.store.schema import ENTRY_SCHEMATA


@dataclass(frozen=True, slots=True)
class EntryDigest:
    entity_id: str
    schema: str
    caption: str
    digest: str
    facts: frozenset[tuple[str, str]]


def caption_of(facts: Iterable[tuple[str, str]], fallback: str) -> str:
    """The entry's display name: its first primary name in sorted order (deterministic)."""
    names = sorted(v for p, v in facts if p == "name")
    return names[0] if names else fallback


def entry_digests(statements: Iterable[Statement]) -> dict[str, EntryDigest]:
    """Digest of every list entry (side entities such as sanctions are folded into none)."""
    facts: dict[str, set[tuple[str, str]]] = defaultdict(set)
    schema: dict[str, str] = {}
    for st in statements:
        if st.schema not in ENTRY_SCHEMATA:
            continue
        facts[st.entity_id].add((st.prop, st.value))
        schema[st.entity_id] = st.schema
    out: dict[str, EntryDigest] = {}
    for entity_id, pairs in facts.items():
        text = "\n".join(f"{p}\x1f{v}" for p, v in sorted(pairs))
        digest = hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()
        out[entity_id] = EntryDigest(
            entity_id=entity_id,
            schema=schema[entity_id],
            caption=caption_of(pairs, entity_id),
            digest=digest,
            facts=frozenset(pairs),
        )
    return out
