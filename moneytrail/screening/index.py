"""The candidate index: every name and alias of the loaded lists, searchable by key.

Without a search server, screening needs its own blocking: each list name is analysed
once (tokens, given-name classes, phonetic keys) and filed under its keys. A query
collects the names that share its keys, weighting rare keys above common ones (a
shared "mohammed" says little, a shared "tajideen" a lot), and only the best few
candidates are scored in full. Built from the store in a few seconds.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pyarrow as pa

from moneytrail.errors import InvalidInput
from moneytrail.names import NameForm, analyze_name, canonical_given_name, name_keys
from moneytrail.names.split import name_parts
from moneytrail.screening.identifiers import normalize_identifier
from moneytrail.screening.query import COUNTRY_PROPS, ID_PROPS
from moneytrail.screening.wallets import WalletIndex
from moneytrail.store.schema import ENTRY_SCHEMATA

NAME_STRENGTH = {"name": 1.0, "alias": 1.0, "previousName": 0.95, "weakAlias": 0.8}
RARITY_REFERENCE_DF = 1000  # about the df of "muhammad" on the full OFAC and UN lists
INDEX_PROPS = (
    *NAME_STRENGTH,
    "birthDate",
    "gender",
    *COUNTRY_PROPS,
    *ID_PROPS,
)


@dataclass(slots=True)
class IndexedName:
    """One name of one entry, analysed once."""

    entry: int
    text: str
    prop: str
    statement_id: str
    form: NameForm


@dataclass(slots=True)
class Entry:
    """What the scorer needs to know about one list entry."""

    id: str
    schema: str
    caption: str = ""
    datasets: list[str] = field(default_factory=list)
    list_versions: dict[str, str] = field(default_factory=dict)
    names: list[int] = field(default_factory=list)
    birth_dates: dict[str, str] = field(default_factory=dict)  # value -> statement id
    countries: dict[str, str] = field(default_factory=dict)
    genders: dict[str, str] = field(default_factory=dict)
    identifiers: dict[str, tuple[str, str]] = field(default_factory=dict)  # norm -> (prop, st)
    digest: str = ""


class ListIndex:
    """Entries and their names, with an inverted index from blocking key to names."""

    def __init__(self) -> None:
        self.entries: Sequence[Entry] = []  # a list while building; lazy from the cache
        # Lists while building; the index cache gives read-only lazy equivalents.
        self.names: Sequence[IndexedName] = []
        self.postings: Mapping[str, Sequence[int]] = defaultdict(list)
        self.by_identifier: dict[str, list[int]] = defaultdict(list)
        self.token_df: dict[str, int] = defaultdict(int)
        self.wallets: WalletIndex | None = None  # listed crypto addresses (wallets.py)
        self._max_df = 1

    def __len__(self) -> int:
        return len(self.entries)

    def key_weight(self, key: str) -> float:
        """Inverse document frequency: rare keys discriminate, common ones barely."""
        df = len(self.postings.get(key, ()))
        return math.log((1 + len(self.names)) / (1 + df))

    def token_rarity(self, token: str) -> float:
        """0 for the most common name tokens, 1 for unique ones.

        Measured against at least RARITY_REFERENCE_DF names, so that on a small list
        (a slice, one sanctions programme) a surname that appears four times is not
        "common": a word's weight should not depend on how much else was loaded.
        """
        df = self.token_df.get(canonical_given_name(token), 0)
        top = max(self._max_df, RARITY_REFERENCE_DF)
        return 1.0 - min(1.0, math.log1p(df) / math.log1p(top))

    @classmethod
    def from_statements(cls, table: pa.Table, digests: dict[str, str] | None = None) -> ListIndex:
        """Build from a statements table (the store's columns)."""
        index = cls()
        entries: list[Entry] = []
        names: list[IndexedName] = []
        postings: dict[str, list[int]] = defaultdict(list)
        index.entries, index.names, index.postings = entries, names, postings
        cols = ["entity_id", "schema", "prop", "value", "id", "dataset", "list_version"]
        data = {c: table.column(c).to_pylist() for c in cols}
        positions: dict[str, int] = {}
        for ent, schema, prop, value, sid, ds, version in zip(
            *(data[c] for c in cols), strict=True
        ):
            if schema not in ENTRY_SCHEMATA or prop not in INDEX_PROPS:
                continue
            pos = positions.get(ent)
            if pos is None:
                pos = positions[ent] = len(entries)
                entries.append(Entry(id=ent, schema=schema))
            index._add(entries[pos], pos, prop, value, sid, ds, version)
        for entry in entries:
            entry.digest = (digests or {}).get(entry.id, "")
            entry.caption = entry.caption or entry.id
            for n in entry.names:
                for key in name_keys(names[n].form):
                    postings[key].append(n)
        index._max_df = max(index.token_df.values(), default=1)
        index.wallets = WalletIndex.from_statements(table, index.entries)
        return index

    def _add_name(self, entry: Entry, pos: int, prop: str, text: str, sid: str) -> None:
        try:
            form = analyze_name(text, entry.schema)
        except InvalidInput:  # a "name" of punctuation only: nothing to screen on
            return
        if not form.tokens:
            return
        entry.names.append(len(self.names))
        assert isinstance(self.names, list)  # only built indexes grow
        self.names.append(IndexedName(pos, text, prop, sid, form))
        # Counted by given-name class: Mohammed, Muhammad and Mohamad are one name.
        for token in set(form.tokens):
            self.token_df[canonical_given_name(token)] += 1

    def _add(
        self, entry: Entry, pos: int, prop: str, value: str, sid: str, ds: str, version: str
    ) -> None:
        if ds not in entry.datasets:
            entry.datasets.append(ds)
        entry.list_versions[ds] = max(entry.list_versions.get(ds, ""), version)
        if prop in NAME_STRENGTH:
            for part in name_parts(value):
                self._add_name(entry, pos, prop, part, sid)
            if prop == "name" and (not entry.caption or value < entry.caption):
                entry.caption = value
        elif prop == "birthDate":
            entry.birth_dates.setdefault(value, sid)
        elif prop == "gender":
            entry.genders.setdefault(value, sid)
        elif prop in COUNTRY_PROPS:
            entry.countries.setdefault(value, sid)
        else:
            norm = normalize_identifier(value, prop)
            if len(norm) >= 4:
                entry.identifiers.setdefault(norm, (prop, sid))
                if pos not in self.by_identifier[norm]:
                    self.by_identifier[norm].append(pos)
