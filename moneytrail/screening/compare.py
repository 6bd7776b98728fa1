"""Name against name: token alignment that survives order, spelling and initials.

Each query token is paired with its most similar list token (greedily, best pairs
first), where similarity is 1.0 for the same given-name class, NICKNAME_SIM for a
nickname link of the shipped table between people's names (Dave ~ David), high for
the same phonetic key, a Jaro-Winkler figure otherwise, and partial credit for an initial.
Tokens are weighted by length and rarity, so a shared "mohammed" counts for less
than a shared "tajideen": this is what keeps common Arabic and Hispanic given names
from flagging everyone who bears them. Unmatched list tokens (a middle name the
customer file lacks) cost less than unmatched query tokens. A second comparison of
the names written without spaces catches "TAJIDEEN" against "TAJ AL DIN".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import OSA, JaroWinkler, Levenshtein

from moneytrail.names import NameForm
from moneytrail.names.consonants import consonant_classes
from moneytrail.names.equivalents import is_nickname_pair
from moneytrail.names.numbers import numbers_clash
from moneytrail.names.phonetic import sound_alike
from moneytrail.screening.explanation import NameComparisonEvidence

PHONETIC_SIM = 0.85
SKELETON_SIM = 0.85  # same consonants, for queries written in scripts without vowels
INITIAL_SIM = 0.75
MIN_TOKEN_SIM = 0.75  # below this a pair is not a match at all
# A nickname link (Bill ~ William) in the shipped table: weaker than one name's spellings,
# because the table links most nicknames to several names ("bill": William, Robert).
NICKNAME_SIM = 0.9
_PEOPLE = frozenset({"person", "entity"})
UNMATCHED_LIST_COST = 0.6
# Company names are truncated in trade far more than people's ("BANK REFAH" for "BANK
# REFAH KARGARAN", "ATLAS DOVIZ" for "ATLAS DOVIZ TICARETI A.S."): a list word the query
# leaves out costs less there, when every query word is accounted for.
TRUNCATED_ORG_COST = 0.4
COVERED_PERSON_COST = 0.45  # see _list_cost
NUMBER_CLASH_CAP = 0.6  # both names carry numbers, different ones: shown, never alerted
# A query word facing no leftover list word is a middle name or patronymic the list
# lacks ("Petr Viktorovich KOLBIN" / "KOLBIN, Petr"); facing one, it is a different name.
EXTRA_QUERY_COST = 0.6
PLAIN_WEIGHT_CAP = 6
ABBREVIATION_SIM = 0.85
MIN_ABBREVIATION = 3
JOINED_DISCOUNT = 0.95
MIN_JOINED_SIM = 0.88  # below this, spelling-without-spaces is no evidence at all


@dataclass(frozen=True, slots=True)
class NameComparison:
    score: float
    pairs: tuple[tuple[str, str, float], ...]
    unmatched_query: tuple[str, ...]
    unmatched_list: tuple[str, ...]
    method: str  # "tokens" | "joined"

    def evidence(self) -> NameComparisonEvidence:
        """As the explanation shows it: the score to 4 decimals, each pair's to 3."""
        return NameComparisonEvidence(
            round(self.score, 4),
            self.method,
            tuple((q, c, round(s, 3)) for q, c, s in self.pairs),
            self.unmatched_query,
            self.unmatched_list,
        )


def token_similarity(q: NameForm, i: int, c: NameForm, j: int) -> float:
    qt, ct = q.tokens[i], c.tokens[j]
    if qt == ct or q.canonical[i] == c.canonical[j]:
        return 1.0
    if len(qt) == 1 or len(ct) == 1:
        return INITIAL_SIM if qt[0] == ct[0] else 0.0
    if q.schema in _PEOPLE and c.schema in _PEOPLE and is_nickname_pair(qt, ct):
        return NICKNAME_SIM
    same_sound = bool(q.phonetic[i]) and (
        q.phonetic[i] == c.phonetic[j] or (qt.isalpha() and ct.isalpha() and sound_alike(qt, ct))
    )
    sim = _spelling_similarity(qt, ct, same_sound, q.script != "Latin")
    if sim < ABBREVIATION_SIM and q.schema == "org" and _abbreviates(qt, ct):
        # Company words are cut short ("AIR" / "AIRLINES", "INTL" aside): a person's
        # names are not ("Ali" is not "Alina").
        sim = ABBREVIATION_SIM
    return sim


def _abbreviates(a: str, b: str) -> bool:
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return len(short) >= MIN_ABBREVIATION and long.startswith(short)


@lru_cache(maxsize=400_000)
def _spelling_similarity(qt: str, ct: str, same_sound: bool, unvowelled: bool) -> float:
    """Two different words: how alike their spelling is (cached: names repeat)."""
    # Jaro-Winkler alone forgives too much in short given names ("jana" ~ "jafar" 0.78);
    # averaged with edit similarity, typos in long names still pass and short names don't.
    # The edit distance counts two swapped letters as one edit ("Umra" / "Umar"): the
    # commonest slip of a typing hand.
    sim = (
        float(JaroWinkler.normalized_similarity(qt, ct)) + float(OSA.normalized_similarity(qt, ct))
    ) / 2
    if abs(len(qt) - len(ct)) == 1 and _nisba(qt, ct):
        # "Jafari" is not "Jafar", nor "Mohammadi" "Mohammad": the suffix makes a surname
        # of a given name, and a father's name of the same word is another person's.
        return MIN_TOKEN_SIM if sim >= MIN_TOKEN_SIM else 0.0
    if same_sound:
        sim = max(sim, PHONETIC_SIM)
    if unvowelled and sim < SKELETON_SIM and _same_consonants(qt, ct):
        # Arabic, Hebrew and Persian script omit short vowels: "srafi" is "sarafi", and
        # "thrut" (ثروت) is "THIRWAT".
        sim = SKELETON_SIM
    return sim if sim >= MIN_TOKEN_SIM else 0.0


def _nisba(a: str, b: str) -> bool:
    """One word is the other plus the Arabic/Persian adjectival -i ("Ahmad" / "Ahmadi")."""
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return (
        len(short) >= 4
        and len(long) == len(short) + 1
        and long[-1] in "iy"
        and (long.startswith(short))
    )


MIN_CLASSES = 2  # "sn" (ثناء / "Sana") is the shortest consonant key worth a match


def _same_consonants(qt: str, ct: str) -> bool:
    if _skeleton(qt) == _skeleton(ct):
        return True
    classes = consonant_classes(qt)
    return len(classes) >= MIN_CLASSES and classes == consonant_classes(ct)


@lru_cache(maxsize=100_000)
def _skeleton(token: str) -> str:
    """Consonants in order, doubles collapsed (vowels and y dropped)."""
    out = [ch for ch in token if ch not in "aeiouy"]
    return "".join(ch for k, ch in enumerate(out) if k == 0 or out[k - 1] != ch)


def _align(
    q: NameForm, c: NameForm, weight: Callable[[str], float]
) -> tuple[list[tuple[int, int, float]], set[int], set[int]]:
    """Best pairs first (ties: the heavier query word, then position), each word once."""
    ranked = []
    for i, qt in enumerate(q.tokens):
        neg_w = -weight(qt)
        for j in range(len(c.tokens)):
            sim = token_similarity(q, i, c, j)
            if sim > 0.0:
                ranked.append((-sim, neg_w, i, j))
    ranked.sort()
    free_q, free_c = set(range(len(q.tokens))), set(range(len(c.tokens)))
    pairs = []
    for neg_sim, _, i, j in ranked:
        if i in free_q and j in free_c:
            pairs.append((i, j, -neg_sim))
            free_q.discard(i)
            free_c.discard(j)
    return pairs, free_q, free_c


def _split_compound(form: NameForm, free: set[int], matched: set[int]) -> set[int]:
    """Unmatched words of a hyphenated surname whose other half did match."""
    if not form.hyphenated or not free:
        return set()
    if not any(form.tokens[k] in form.hyphenated for k in matched):
        return set()
    return {k for k in free if form.tokens[k] in form.hyphenated}


def _plain_weight(token: str) -> float:
    """A word's weight by its length alone, as if it were rare (see compare_names)."""
    return float(min(len(token), PLAIN_WEIGHT_CAP))


def credit(sim: float) -> float:
    """How much of a word's weight a similar (not equal) word earns.

    Fuzzy agreement is discounted twice over: two names that are each one letter off
    ("Mohammad Jafari" / "Jafar Mohammadi") are two people far more often than one
    person misspelt twice.
    """
    return 1.0 if sim >= 1.0 else max(0.0, 1.0 - 2.0 * (1.0 - sim))


def _string_similarity(a: str, b: str) -> float:
    sim = (
        float(JaroWinkler.normalized_similarity(a, b)) + float(OSA.normalized_similarity(a, b))
    ) / 2
    if sim < SKELETON_SIM and len(_skeleton(a)) >= 3 and _skeleton(a) == _skeleton(b):
        sim = SKELETON_SIM
    return sim if sim >= MIN_TOKEN_SIM else 0.0


def _compounds(
    q: NameForm,
    c: NameForm,
    free_q: set[int],
    free_c: set[int],
    weight: Callable[[str], float],
) -> tuple[tuple[tuple[str, str, float], ...], float, float]:
    """One word against two adjacent words of the other name, written together.

    Compound names are glued or split at will ("Tajidene" for "Taj al-Din", "Abdelaziz"
    for "Abd al-Aziz"); the names module splits the compounds it knows, this catches
    the rest, including misspelt ones.
    """
    pairs: list[tuple[str, str, float]] = []
    total = matched = 0.0
    for one, two, free_one, free_two, swap in (
        (q, c, free_q, free_c, False),
        (c, q, free_c, free_q, True),
    ):
        for i in sorted(free_one):
            for j in sorted(free_two):
                if j + 1 not in free_two:
                    continue
                glued = two.tokens[j] + two.tokens[j + 1]
                sim = _string_similarity(one.tokens[i], glued)
                if not sim:
                    continue
                free_one.discard(i)
                free_two.difference_update((j, j + 1))
                w = (weight(one.tokens[i]) + weight(two.tokens[j]) + weight(two.tokens[j + 1])) / 2
                total += w
                matched += w * credit(sim)
                pair = (glued, one.tokens[i], sim) if swap else (one.tokens[i], glued, sim)
                pairs.append(pair)
                break
    return tuple(pairs), total, matched


def _initials(
    q: NameForm,
    c: NameForm,
    free_q: set[int],
    free_c: set[int],
    weight: Callable[[str], float],
) -> tuple[tuple[tuple[str, str, float], ...], float, float]:
    """Initials ("A. S. KOVALEV") agree with unmatched words of the other name.

    An agreeing initial earns INITIAL_SIM of half the word it stands for (a letter says
    less than a name); the words it explains are no longer counted as unmatched.
    """
    pairs: list[tuple[str, str, float]] = []
    total = matched = 0.0
    for initials, free, tokens, swap in (
        (q.initials, free_c, c.tokens, False),
        (c.initials, free_q, q.tokens, True),
    ):
        for letter in initials:
            j = next((j for j in sorted(free) if tokens[j][0] == letter), None)
            if j is None:
                continue
            free.discard(j)
            w = weight(tokens[j]) / 2
            total += w
            matched += w * INITIAL_SIM
            pairs.append(
                (tokens[j], letter, INITIAL_SIM) if swap else (letter, tokens[j], INITIAL_SIM)
            )
    return tuple(pairs), total, matched


def _list_cost(
    q: NameForm, c: NameForm, free_q: set[int], pairs: list[tuple[int, int, float]]
) -> float:
    """What a list word the query leaves out costs, per unit of its weight.

    Less when every query word is accounted for: a company name cut short in trade, or a
    person whose every word agrees exactly with two or more of the listed name's (a
    Hispanic name with its second surname dropped, "Juan PEREZ" of "PEREZ GARCIA, Juan
    Carlos", or a list giving more names than the customer file).
    """
    if free_q:
        return UNMATCHED_LIST_COST
    if c.schema == "org":
        return TRUNCATED_ORG_COST
    if q.schema in _PEOPLE and len(pairs) >= 2 and all(sim >= 1.0 for _, _, sim in pairs):
        return COVERED_PERSON_COST
    return UNMATCHED_LIST_COST


def _extra_query_cost(q: NameForm, pairs: list[tuple[int, int, float]]) -> float:
    """A query word facing no leftover list word: as ``_list_cost`` the other way round
    (the customer file gives a patronymic or second surname the list lacks)."""
    if q.schema in _PEOPLE and len(pairs) >= 2 and all(sim >= 1.0 for _, _, sim in pairs):
        return COVERED_PERSON_COST
    return EXTRA_QUERY_COST


def compare_names(q: NameForm, c: NameForm, weight: Callable[[str], float]) -> NameComparison:
    """How alike two analysed names are, in 0..1, with the aligned pairs that say why."""
    pairs, free_q, free_c = _align(q, c, weight)
    pair_w = [(weight(q.tokens[i]) + weight(c.tokens[j])) / 2 for i, j, _ in pairs]
    matched = sum(w * credit(sim) for w, (_, _, sim) in zip(pair_w, pairs, strict=True))
    merged_pairs, merged_w, merged_matched = _compounds(q, c, free_q, free_c, weight)
    initial_pairs, initials_w, initials_matched = _initials(q, c, free_q, free_c, weight)
    initial_pairs = merged_pairs + initial_pairs
    initials_w += merged_w
    initials_matched += merged_matched
    split_q = _split_compound(q, free_q, {i for i, _, _ in pairs})
    split_c = _split_compound(c, free_c, {j for _, j, _ in pairs})
    if free_c and q.schema == "person":
        # Words on both sides that found no partner: "Ahmad HAMMOUD" is not "Ali HAMMOUD".
        # However common each given name is, two different ones tell two people apart.
        cost_q = sum(max(weight(q.tokens[i]), _plain_weight(q.tokens[i])) for i in free_q)
    else:
        cost_q = (1.0 if free_c else _extra_query_cost(q, pairs)) * sum(
            weight(q.tokens[i]) for i in free_q - split_q
        )
        cost_q += sum(max(weight(q.tokens[i]), _plain_weight(q.tokens[i])) for i in split_q)
    list_cost = _list_cost(q, c, free_q, pairs)
    cost_c = list_cost * sum(weight(c.tokens[j]) for j in free_c - split_c)
    # Half a hyphenated surname is another surname: "Ali AHMADI" is not "Ali AGHA-AHMADI".
    cost_c += sum(max(weight(c.tokens[j]), _plain_weight(c.tokens[j])) for j in split_c)
    denominator = sum(pair_w) + initials_w + cost_q + cost_c
    token_score = (matched + initials_matched) / denominator if denominator else 0.0
    joined = 0.0
    # Whole names written without spaces are compared only when the two names are cut
    # into a different number of words ("Abdelaziz" / "Abd al Aziz"); with the same
    # count, a failed word is a different word ("Jana" is not "Jafar").
    if q.joined and c.joined and (free_q or free_c) and len(q.tokens) != len(c.tokens):
        sim = float(Levenshtein.normalized_similarity(q.joined, c.joined))
        joined = JOINED_DISCOUNT * sim if sim >= MIN_JOINED_SIM else 0.0
    if numbers_clash(q.tokens, c.tokens):
        # "ARMAN 3" is not "ARMAN 4": another ship, fund or branch, whatever the words.
        token_score = min(token_score, NUMBER_CLASH_CAP)
    elif joined > token_score:
        return NameComparison(joined, ((q.joined, c.joined, joined),), (), (), "joined")
    return NameComparison(
        token_score,
        tuple((q.tokens[i], c.tokens[j], sim) for i, j, sim in pairs) + initial_pairs,
        tuple(q.tokens[i] for i in sorted(free_q)),
        tuple(c.tokens[j] for j in sorted(free_c)),
        "tokens",
    )
