"""The analysed name index of a statement snapshot, saved beside it.

Analysing every listed name (tokens, given-name classes, phonetic and deletion keys)
takes seconds, which a one-off ``screen`` of one name should not pay, nor a server
each time it moves to a new snapshot. So the index is written once per snapshot, as
plain JSON (never a pickle: loading it runs no code), with a header that says what it
was built from:

- ``lists``: a digest of the snapshot's current list versions and their files'
  SHA-256, so an index can never be used for other lists;
- ``code``: a digest of the source of the name analysis and the index, so a
  moneytrail upgrade that changes how names are analysed rebuilds it;
- ``sha256``: of the body, checked before use, so a damaged file is rebuilt, not read.

Anything that does not match is ignored and rebuilt.
"""

from __future__ import annotations

import hashlib
import os
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar, overload

import orjson

from moneytrail.names import NameForm
from moneytrail.screening.index import Entry, IndexedName, ListIndex
from moneytrail.screening.wallets import ListedWallet, WalletIndex

FORMAT = 3
_CODE_DIRS = ("names",)
_CODE_FILES = ("screening/index.py", "screening/wallets.py", "screening/identifiers.py",
               "screening/query.py", "screening/index_cache.py")  # fmt: skip


@lru_cache(maxsize=1)
def code_digest() -> str:
    """SHA-256 over the code and data an index is derived with."""
    root = Path(__file__).resolve().parents[1]
    files = sorted(p for d in _CODE_DIRS for p in (root / d).rglob("*") if p.is_file()
                   and "__pycache__" not in p.parts) + [root / f for f in _CODE_FILES]  # fmt: skip
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _entry(e: Entry) -> list[Any]:
    return [e.id, e.schema, e.caption, e.datasets, e.list_versions, e.names, e.birth_dates,
            e.countries, e.genders, e.identifiers, e.digest]  # fmt: skip


def _entry_back(row: list[Any]) -> Entry:
    ids = {k: (v[0], v[1]) for k, v in row[9].items()}
    return Entry(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8], ids,
                 row[10])  # fmt: skip


def _form(f: NameForm) -> list[Any]:
    return [f.original, f.schema, f.tokens, f.canonical, f.phonetic, f.initials, f.legal_form,
            f.script, sorted(f.hyphenated)]  # fmt: skip


def _form_back(row: list[Any]) -> NameForm:
    return NameForm(row[0], row[1], tuple(row[2]), tuple(row[3]), tuple(row[4]), tuple(row[5]),
                    row[6], row[7], frozenset(row[8]))  # fmt: skip


T = TypeVar("T")
BUCKETS = 4096  # postings are read a bucket at a time


def _bucket(key: str) -> int:
    return zlib.crc32(key.encode()) % BUCKETS


class LazyRows(Sequence[T]):
    """Rows of the file (one JSON line each), each parsed when first used and kept, so a
    change to one (validation/pack.py holds names out and puts them back) sticks."""

    def __init__(self, data: bytes, offsets: list[int], parse: Callable[[Any], T]) -> None:
        self._data, self._offsets, self._parse = data, offsets, parse
        self._parsed: dict[int, T] = {}

    def __len__(self) -> int:
        return len(self._offsets) - 1

    @overload
    def __getitem__(self, n: int) -> T: ...
    @overload
    def __getitem__(self, n: slice) -> Sequence[T]: ...
    def __getitem__(self, n: int | slice) -> T | Sequence[T]:
        if isinstance(n, slice):
            return [self[i] for i in range(*n.indices(len(self)))]
        found = self._parsed.get(n)
        if found is None:
            if not -len(self) <= n < len(self):
                raise IndexError(n)
            n %= len(self)
            row = orjson.loads(self._data[self._offsets[n] : self._offsets[n + 1]])
            found = self._parsed[n] = self._parse(row)
        return found

    def __iter__(self) -> Iterator[T]:
        return (self[i] for i in range(len(self)))


def _name_back(r: list[Any]) -> IndexedName:
    return IndexedName(r[0], r[1], r[2], r[3], _form_back(r[4]))


class LazyPostings(Mapping[str, Sequence[int]]):
    """Blocking key -> names, one bucket of keys parsed when a key in it is first used."""

    def __init__(self, data: bytes, offsets: list[int]) -> None:
        self._data, self._offsets = data, offsets
        self._buckets: dict[int, dict[str, list[int]]] = {}

    def _of(self, key: str) -> dict[str, list[int]]:
        b = _bucket(key)
        found = self._buckets.get(b)
        if found is None:
            found = self._buckets[b] = orjson.loads(
                self._data[self._offsets[b] : self._offsets[b + 1]]
            )
        return found

    def __getitem__(self, key: str) -> list[int]:
        return self._of(key)[key]

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key in self._of(key)

    def __iter__(self) -> Iterator[str]:
        for b in range(BUCKETS):
            yield from self._of_bucket(b)

    def _of_bucket(self, b: int) -> dict[str, list[int]]:
        found = self._buckets.get(b)
        if found is None:
            found = self._buckets[b] = orjson.loads(
                self._data[self._offsets[b] : self._offsets[b + 1]]
            )
        return found

    def __len__(self) -> int:
        return sum(len(self._of_bucket(b)) for b in range(BUCKETS))


def warm(index: ListIndex) -> None:
    """Parse every lazy part of a cached index now (a server's background thread): a
    long-running process wants steady latency and flat memory, not first-touch parsing
    spread over its first hours."""
    for part in (index.entries, index.names):
        if isinstance(part, LazyRows):
            for _ in part:
                pass
    if isinstance(index.postings, LazyPostings):
        for b in range(BUCKETS):
            index.postings._of_bucket(b)


def _lines(chunks: list[bytes]) -> tuple[bytes, list[int]]:
    """Chunks joined, with the offset where each starts (and the end)."""
    offsets = [0]
    for chunk in chunks:
        offsets.append(offsets[-1] + len(chunk))
    return b"".join(chunks), offsets


def dumps(index: ListIndex) -> bytes:
    """The index as sections of JSON: a core read whole, names and postings read lazily."""
    positions = {id(e): i for i, e in enumerate(index.entries)}
    wallets: dict[str, list[list[Any]]] = {}
    if index.wallets is not None:
        for key, found in index.wallets.by_key.items():
            wallets[key] = [
                [w.id, w.address, w.rule, w.currencies, positions.get(id(w.entry), _entry(w.entry)),
                 w.statements]
                for w in found
            ]  # fmt: skip
    entries, entry_offsets = _lines([orjson.dumps(_entry(e)) for e in index.entries])
    names, name_offsets = _lines(
        [orjson.dumps([n.entry, n.text, n.prop, n.statement_id, _form(n.form)])
         for n in index.names]
    )  # fmt: skip
    buckets: list[dict[str, Sequence[int]]] = [{} for _ in range(BUCKETS)]
    for key, posted in index.postings.items():
        buckets[_bucket(key)][key] = posted
    postings, posting_offsets = _lines([orjson.dumps(b) for b in buckets])
    core = orjson.dumps(
        {
            "entry_offsets": entry_offsets,
            "by_identifier": index.by_identifier,
            "token_df": index.token_df,
            "max_df": index._max_df,
            "wallets": wallets,
            "name_offsets": name_offsets,
            "posting_offsets": posting_offsets,
        }
    )
    sizes = orjson.dumps([len(core), len(entries), len(names), len(postings)])
    return sizes + b"\n" + core + entries + names + postings


def loads(data: bytes) -> ListIndex:
    """An index from ``dumps``: the core now, entries, names and postings when used."""
    head, _, rest = data.partition(b"\n")
    core_size, entries_size, names_size, _ = orjson.loads(head)
    body = orjson.loads(rest[:core_size])
    at = core_size
    index = ListIndex()
    index.entries = LazyRows(rest[at : at + entries_size], body["entry_offsets"], _entry_back)
    at += entries_size
    index.names = LazyRows(rest[at : at + names_size], body["name_offsets"], _name_back)
    at += names_size
    index.postings = LazyPostings(rest[at:], body["posting_offsets"])
    index.by_identifier = defaultdict(list, body["by_identifier"])
    index.token_df = defaultdict(int, body["token_df"])
    index._max_df = int(body["max_df"])
    wallets = WalletIndex()
    for key, found in body["wallets"].items():
        wallets.by_key[key] = [
            ListedWallet(r[0], r[1], r[2], tuple(r[3]),
                         index.entries[r[4]] if isinstance(r[4], int) else _entry_back(r[4]),
                         tuple(r[5]))
            for r in found
        ]  # fmt: skip
    index.wallets = wallets
    return index


def save(index: ListIndex, path: Path, lists_key: str) -> None:
    """Write the index for the lists ``lists_key`` names, atomically."""
    body = dumps(index)
    header = {
        "format": FORMAT,
        "lists": lists_key,
        "code": code_digest(),
        "sha256": hashlib.sha256(body).hexdigest(),
    }
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    with tmp.open("wb") as fh:
        fh.write(orjson.dumps(header) + b"\n" + body)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def load(path: Path, lists_key: str) -> ListIndex | None:
    """The saved index if it was built from these lists by this code and is intact."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    head, _, body = data.partition(b"\n")
    try:
        header = orjson.loads(head)
    except orjson.JSONDecodeError:
        return None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        return None
    if header.get("lists") != lists_key or header.get("code") != code_digest():
        return None
    if header.get("sha256") != hashlib.sha256(body).hexdigest():
        return None
    return loads(body)
