"""Name against name: token alignment that survives order, spelling and initials.

Each query token is paired with its most similar list token (greedily, best pairs
first), where similarity is 1.0 for the same given-name class, high for the same
phonetic key, a Jaro-Winkler figure otherwise, and partial credit for an initial.
Tokens are weighted by length and rarity, so a shared "mohammed" counts for less
than a shared "tajideen": this is what keeps common Arabic and Hispanic given names
from flagging everyone who bears them. Unmatched list tokens (a middle name the
customer file lacks) cost less than unmatched query tokens. A second comparison of
the names written without spaces catches "TAJIDEEN" against "TAJ AL DIN".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz.distance import JaroWinkler, Levenshtein

from moneytrail.names import NameForm

PHONETIC_SIM = 0.9
INITIAL_SIM = 0.75
MIN_TOKEN_SIM = 0.75  # below this a pair is not a match at all
UNMATCHED_LIST_COST = 0.5
JOINED_DISCOUNT = 0.95
MIN_JOINED_SIM = 0.85  # below this, spelling-without-spaces is no evidence at all


@dataclass(frozen=True, slots=True)
class NameComparison:
    score: float
    pairs: tuple[tuple[str, str, float], ...]
    unmatched_query: tuple[str, ...]
    unmatched_list: tuple[str, ...]
    method: str  # "tokens" | "joined"

    def explain(self) -> dict[str, object]:
        return {
            "score": round(self.score, 4),
            "method": self.method,
            "pairs": [[q, c, round(s, 3)] for q, c, s in self.pairs],
            "unmatched_query": list(self.unmatched_query),
            "unmatched_list": list(self.unmatched_list),
        }


def token_similarity(q: NameForm, i: int, c: NameForm, j: int) -> float:
    qt, ct = q.tokens[i], c.tokens[j]
    if qt == ct or q.canonical[i] == c.canonical[j]:
        return 1.0
    if len(qt) == 1 or len(ct) == 1:
        return INITIAL_SIM if qt[0] == ct[0] else 0.0
    sim = float(JaroWinkler.normalized_similarity(qt, ct))
    if q.phonetic[i] and q.phonetic[i] == c.phonetic[j]:
        sim = max(sim, PHONETIC_SIM)
    return sim if sim >= MIN_TOKEN_SIM else 0.0


def _align(
    q: NameForm, c: NameForm, weight: Callable[[str], float]
) -> tuple[list[tuple[int, int, float]], set[int], set[int]]:
    sims = [
        (token_similarity(q, i, c, j), i, j)
        for i in range(len(q.tokens))
        for j in range(len(c.tokens))
    ]
    sims.sort(key=lambda t: (-t[0], -weight(q.tokens[t[1]]), t[1], t[2]))
    free_q, free_c = set(range(len(q.tokens))), set(range(len(c.tokens)))
    pairs = []
    for sim, i, j in sims:
        if sim <= 0.0:
            break
        if i in free_q and j in free_c:
            pairs.append((i, j, sim))
            free_q.discard(i)
            free_c.discard(j)
    return pairs, free_q, free_c


def compare_names(q: NameForm, c: NameForm, weight: Callable[[str], float]) -> NameComparison:
    """How alike two analysed names are, in 0..1, with the aligned pairs that say why."""
    pairs, free_q, free_c = _align(q, c, weight)
    pair_w = [(weight(q.tokens[i]) + weight(c.tokens[j])) / 2 for i, j, _ in pairs]
    matched = sum(w * sim for w, (_, _, sim) in zip(pair_w, pairs, strict=True))
    cost_q = sum(weight(q.tokens[i]) for i in free_q)
    cost_c = UNMATCHED_LIST_COST * sum(weight(c.tokens[j]) for j in free_c)
    denominator = sum(pair_w) + cost_q + cost_c
    token_score = matched / denominator if denominator else 0.0
    joined = 0.0
    if q.joined and c.joined and (free_q or free_c):
        sim = float(Levenshtein.normalized_similarity(q.joined, c.joined))
        joined = JOINED_DISCOUNT * sim if sim >= MIN_JOINED_SIM else 0.0
    if joined > token_score:
        return NameComparison(joined, ((q.joined, c.joined, joined),), (), (), "joined")
    return NameComparison(
        token_score,
        tuple((q.tokens[i], c.tokens[j], sim) for i, j, sim in pairs),
        tuple(q.tokens[i] for i in sorted(free_q)),
        tuple(c.tokens[j] for j in sorted(free_c)),
        "tokens",
    )
