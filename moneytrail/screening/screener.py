"""Screen queries against a ListIndex: collect candidates by key, score the best few."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from moneytrail.names import analyze_name, name_keys
from moneytrail.screening.index import ListIndex
from moneytrail.screening.query import Query
from moneytrail.screening.scorer import (
    DEFAULT_CUTOFF,
    DEFAULT_THRESHOLD,
    Match,
    score_entry,
)

MAX_CANDIDATE_ENTRIES = 40
TOKEN_WEIGHT_CAP = 10


@dataclass(frozen=True, slots=True)
class ScreenConfig:
    limit: int = 5
    cutoff: float = DEFAULT_CUTOFF
    threshold: float = DEFAULT_THRESHOLD


class Screener:
    """Holds the index; ``screen`` is pure and safe to call from forked workers."""

    def __init__(self, index: ListIndex) -> None:
        self.index = index
        self._weight = lru_cache(maxsize=200_000)(self._token_weight)

    def _token_weight(self, token: str) -> float:
        """Longer and rarer tokens carry more of a name's identity."""
        length = min(len(token), TOKEN_WEIGHT_CAP)
        if length <= 1:
            return 0.5
        return length * (0.35 + 0.65 * self.index.token_rarity(token))

    def candidates(self, query: Query) -> list[int]:
        """Entry positions worth scoring: by shared rare keys, plus identifier hits."""
        by_name: dict[int, float] = defaultdict(float)
        for name in query.names:
            form = analyze_name(name, query.schema)
            for key in name_keys(form):
                posting = self.index.postings.get(key)
                if not posting:
                    continue
                w = self.index.key_weight(key)
                for n in posting:
                    by_name[n] += w
        # An entry is as good a candidate as its best name (not the sum of its aliases).
        votes: dict[int, float] = {}
        names = self.index.names
        for n, v in by_name.items():
            pos = names[n].entry
            if v > votes.get(pos, 0.0):
                votes[pos] = v
        ranked = sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))
        out = [pos for pos, _ in ranked[:MAX_CANDIDATE_ENTRIES]]
        for ident in query.identifiers:
            out.extend(p for p in self.index.by_identifier.get(ident, ()) if p not in out)
        return out

    def screen(self, query: Query, config: ScreenConfig) -> list[Match]:
        """The matches of one query, best first, at most ``limit``, all >= ``cutoff``."""
        forms = [analyze_name(n, query.schema) for n in query.names]
        matches = []
        for pos in self.candidates(query):
            entry = self.index.entries[pos]
            names = [self.index.names[n] for n in entry.names]
            match = score_entry(query, forms, entry, names, self._weight)
            if match is not None and match.score >= config.cutoff:
                matches.append(match)
        matches.sort(key=lambda m: (-m.score, m.entry.id))
        return matches[: config.limit]
