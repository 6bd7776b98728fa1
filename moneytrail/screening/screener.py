"""Screen queries against a ListIndex: collect candidates by key, score the best few."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache

from moneytrail.errors import InvalidInput
from moneytrail.names import NameForm, analyze_uncached, canonical_given_name, token_keys
from moneytrail.names.compounds import split_compound
from moneytrail.names.glued import split_known
from moneytrail.names.keys import nickname_keys
from moneytrail.screening.index import ListIndex
from moneytrail.screening.query import Query
from moneytrail.screening.scorer import (
    DEFAULT_CUTOFF,
    DEFAULT_THRESHOLD,
    Match,
    QuerySide,
    score_entry,
)
from moneytrail.screening.wallets import WALLET_SCHEMA, screen_wallets

MAX_CANDIDATE_ENTRIES = 40
MAX_POSTING = 3000  # keys shared by more names are ignored when the query has rarer ones
# A candidate name must share keys with tokens carrying this share of the query's name
# weight: a name that agrees on less cannot reach the cutoff unless by spelling alone.
MIN_COVERAGE = 0.5
# Names agreeing on less than FULL_COVERAGE of the query only fill the first few places:
# when better-covered names abound, scoring the weak ones costs time and finds nothing.
FULL_COVERAGE = 0.6
WEAK_CANDIDATE_ENTRIES = 10
TOKEN_WEIGHT_CAP = 10
ORG_WEIGHT_FLOOR = 0.1  # the weight left to the commonest organisation word, per letter
INITIAL_VOTE = 10.0  # more than the key weights of a name: initials break ties first


@dataclass(frozen=True, slots=True)
class ScreenConfig:
    limit: int = 5
    cutoff: float = DEFAULT_CUTOFF
    threshold: float = DEFAULT_THRESHOLD


def query_forms(query: Query) -> list[NameForm]:
    """The query's names, analysed without the name cache.

    The cache holds the lists' names, shared by every worker; a million customers'
    names would only push them out and grow each worker's memory.
    """
    return [analyze_uncached(n, query.schema) for n in query.names]


def _unglued(form: NameForm, schema: str, known: Callable[[str], bool]) -> NameForm | None:
    """The form with each unknown glued word split into two list words, if any was."""
    words: list[str] = []
    changed = False
    for token in form.tokens:
        parts = split_known(token, known)
        changed |= parts is not None
        words.extend(parts or (token,))
    if not changed:
        return None
    try:
        split = analyze_uncached(" ".join(words), schema)
    except InvalidInput:
        return None
    # The halves are one word the query wrote, like the parts of a hyphenated surname: half
    # of it matching is not the name ("Amirhosein RAHIMI" is not "Amir RAHIMI").
    halves = frozenset(split.tokens) - frozenset(form.tokens)
    return replace(split, hyphenated=split.hyphenated | halves)


class Screener:
    """Holds the index; ``screen`` is pure and safe to call from forked workers."""

    def __init__(self, index: ListIndex) -> None:
        self.index = index
        self._weight = lru_cache(maxsize=200_000)(self._token_weight)
        self._org_weight = lru_cache(maxsize=200_000)(self._org_token_weight)

    def weight_for(self, form: NameForm) -> Callable[[str], float]:
        """Organisation names weigh words by rarity far more than people's (see below)."""
        return self._org_weight if form.schema == "org" else self._weight

    def known_word(self, word: str) -> bool:
        """A word of the loaded lists (compounds by their parts, given names by class)."""
        df = self.index.token_df
        return all(canonical_given_name(p) in df for p in split_compound(word))

    def forms(self, query: Query) -> list[NameForm]:
        """The query's names, plus a reading of each with glued words split (glued.py)."""
        forms = query_forms(query)
        seen = {f.tokens for f in forms}
        for form in list(forms):
            extra = _unglued(form, query.schema, self.known_word)
            if extra is not None and extra.tokens not in seen:
                seen.add(extra.tokens)
                forms.append(extra)
        return forms

    def _token_weight(self, token: str) -> float:
        """Longer and rarer tokens carry more of a name's identity."""
        length = min(len(token), TOKEN_WEIGHT_CAP)
        if length <= 1:
            return 0.5
        return length * (0.35 + 0.65 * self.index.token_rarity(token))

    def _org_token_weight(self, token: str) -> float:
        """Company words: the distinctive word is the name, the generic ones are filler.

        "TRADING", "INTERNATIONAL", "MONEY LAUNDERING ORGANIZATION" are shared by hundreds
        of listed organisations and dropped or translated at will by their aliases, so a
        word's weight falls with the square of its commonness: an alias keeping only the
        distinctive word still finds its entry, and two organisations sharing only generic
        words no longer match.
        """
        length = min(len(token), TOKEN_WEIGHT_CAP)
        if length <= 1:
            return 0.5
        rarity = self.index.token_rarity(token)
        return length * (ORG_WEIGHT_FLOOR + (1 - ORG_WEIGHT_FLOOR) * rarity * rarity)

    def candidates(self, query: Query, forms: list[NameForm] | None = None) -> dict[int, list[int]]:
        """Entries worth scoring, each with its names that share a key with the query.

        A list name is a candidate when the query tokens it shares a key with carry at
        least MIN_COVERAGE of the query's weight (long, rare tokens weigh most). Very
        common keys ("n:muhammad") only count when the query has nothing rarer. An
        entry ranks by its best name, not the sum of its aliases; identifier hits are
        always kept.
        """
        covered: dict[int, float] = defaultdict(float)
        votes: dict[int, float] = defaultdict(float)  # rarity of the keys shared: tie-breaker
        postings = self.index.postings
        for form in forms if forms is not None else self.forms(query):
            per_token = token_keys(form)
            if form.schema in ("person", "entity"):
                for keys, token in zip(per_token, form.tokens, strict=True):
                    keys |= nickname_keys(token)
            # A token none of whose keys is in the index (a typo, an unseen name) cannot
            # select anything; it must not stop the others from selecting.
            weight = self.weight_for(form)
            weights = [
                weight(t) if any(k in postings for k in keys) else 0.0
                for t, keys in zip(form.tokens, per_token, strict=True)
            ]
            total = sum(weights)
            if not total:
                continue
            hits: dict[int, int] = defaultdict(int)  # name -> bitmask of covered tokens
            all_keys = {k for keys in per_token for k in keys if k in postings}
            rare = {k for k in all_keys if len(postings[k]) <= MAX_POSTING} or all_keys
            for i, keys in enumerate(per_token):
                for key in sorted(keys & rare):  # set order varies with the hash seed
                    kw = self.index.key_weight(key)
                    for n in postings[key]:
                        hits[n] |= 1 << i
                        votes[n] += kw
            if form.initials:
                self._vote_initials(form, hits, votes)
            share_of: dict[int, float] = {}
            for n, mask in hits.items():
                share = share_of.get(mask)
                if share is None:
                    share = sum(w for i, w in enumerate(weights) if mask >> i & 1) / total
                    share_of[mask] = share
                if share > covered[n]:
                    covered[n] = share
        names = self.index.names
        best: dict[int, tuple[float, float]] = {}
        for n, share in covered.items():
            pos = names[n].entry
            rank = (share, votes[n])
            if share >= MIN_COVERAGE and rank > best.get(pos, (0.0, 0.0)):
                best[pos] = rank
        ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], -kv[1][1], kv[0]))
        ranked = [
            kv
            for k, kv in enumerate(ranked[:MAX_CANDIDATE_ENTRIES])
            if kv[1][0] >= FULL_COVERAGE or k < WEAK_CANDIDATE_ENTRIES
        ]
        out: dict[int, list[int]] = {pos: [] for pos, _ in ranked}
        for n, share in covered.items():
            hit_names = out.get(names[n].entry)
            if hit_names is not None and share >= MIN_COVERAGE:
                hit_names.append(n)
        for ident in query.identifiers:
            for pos in self.index.by_identifier.get(ident, ()):
                out.setdefault(pos, list(self.index.entries[pos].names))
        return out

    def _vote_initials(self, form: NameForm, hits: dict[int, int], votes: dict[int, float]) -> None:
        """ "D. MOHAMMAD" shares its one word with thousands of names: among those, the
        ones with a word starting with D come first."""
        names = self.index.names
        wanted = set(form.initials)
        for n in hits:
            firsts = {t[0] for t in names[n].form.tokens}
            votes[n] += INITIAL_VOTE * len(wanted & firsts)

    def screen(self, query: Query, config: ScreenConfig) -> list[Match]:
        """The matches of one query, best first, at most ``limit``, all >= ``cutoff``."""
        if query.schema == WALLET_SCHEMA:  # an address is compared exactly, never as a name
            return screen_wallets(self.index.wallets, query, config.limit)
        forms = self.forms(query)
        weight = self.weight_for(forms[0]) if forms else self._weight
        side = QuerySide(query, forms, weight, self.index.token_rarity)
        matches = []
        for pos, hit_names in self.candidates(query, forms).items():
            entry = self.index.entries[pos]
            names = [self.index.names[n] for n in hit_names]
            match = score_entry(side, entry, names)
            if match is not None and match.score >= config.cutoff:
                matches.append(match)
        matches.sort(key=lambda m: (-m.score, m.entry.id))
        return matches[: config.limit]
