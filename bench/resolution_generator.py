"""Deterministic person records with known true clusters, for bench/resolution.py.

Real registries and customer files repeat a person with the errors clerks and
transliterators make, so each true person is written 1-6 times, each copy damaged the
way such files are: keyboard typos, another romanisation of the given name (the names
module's classes: Mohammed ~ Muhammad ~ Magomed), English nicknames (Bill ~ William),
"SURNAME, Given" and swapped word order, a dropped middle name, a missing, year-only or
day/month-swapped birth date, missing nationality, passport or address. Surnames follow
a Zipf law, as they do in any population, so common names ("Khan", "Smith") collide and
term-frequency adjustments matter. Same seed, same records.
"""

from __future__ import annotations

import json
import random
import string
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parents[1] / "moneytrail" / "names" / "data"
DATASETS = ("gm_registry", "sl_registry", "bank_a_customers", "bank_b_customers", "uk_psc")


def _words(text: str) -> list[str]:
    return text.split()


COUNTRIES = ("gm", "sl", "lb", "sn", "gb", "ng", "gh", "ru", "es", "eg", "sy", "pk", "ir", "ae")

WESTERN = _words(
    """
    william robert richard james john michael thomas charles joseph daniel edward david
    elizabeth margaret katherine patricia jennifer susan deborah barbara christopher
    matthew anthony andrew peter samuel benjamin alexander victoria rebecca jessica
    nicholas jonathan timothy stephen gregory frances dorothy helen virginia kenneth
    """
)
WEST_AFRICAN = _words(
    """
    fatou aminata mamadou ousmane lamin modou awa mariama binta kadiatou abdoulaye sekou
    adama kwame kofi ama yaw chinedu ngozi emeka oluwaseun adebayo folake
    """
)
SLAVIC_SPANISH = _words(
    """
    sergei dmitri olga tatiana vladimir nikolai irina svetlana jose maria carlos lucia
    javier pilar alejandro rosa miguel carmen
    """
)
SURNAMES = _words(
    """
    smith jones taylor brown wilson johnson walker wright robinson thompson khan ali
    hussain ahmed shah haddad bazzi tajideen nasser saleh mansour khalil hamdan darwish
    fayad jaber sabbagh kanu jallow ceesay touray sesay kamara bangura conteh diallo
    ndiaye sow fall mensah boateng okafor adeyemi ivanov petrov sokolov volkov popov
    kuznetsov garcia rodriguez martinez lopez gonzalez fernandez sanchez perez romero
    navarro moreno hernandez nguyen tran hakimi rahimi karimi hosseini moradi rezaei
    """
)
_SYLLABLES = _words(
    """
    ba be bi bo bu da de di do du ka ke ki ko ku la le li lo lu ma me mi mo mu na ne ni
    no nu ra re ri ro ru sa se si so su ta te ti to tu za ze zi zo zu ha he hi jo ja
    """
)
_ENDINGS = ("", "n", "r", "s", "ll", "ni", "ev", "ov", "ez", "ou", "ah", "in", "ian", "son")
_TRANSLIT = (
    ("ou", "u"), ("u", "ou"), ("ee", "i"), ("i", "ee"), ("q", "k"), ("k", "q"),
    ("kh", "h"), ("ph", "f"), ("y", "i"), ("ss", "s"), ("dd", "d"), ("a", "e"),
)  # fmt: skip
STREETS = ("Marina Parade", "Kairaba Avenue", "Wharf Road", "Hamra Street", "Siaka Stevens St")
CITIES = ("Banjul", "Freetown", "Beirut", "Dakar", "London", "Lagos", "Accra", "Moscow")


@cache
def _classes() -> list[list[str]]:
    """Romanisations of one name: the names module's given-name classes."""
    data = json.loads((DATA / "given_names.json").read_text(encoding="utf-8"))
    return [[c["id"], *c["variants"]] for c in data["classes"]]


@cache
def _nicknames() -> dict[str, list[str]]:
    """formal name -> its nicknames (one direction: clerks shorten, they do not lengthen)."""
    out: dict[str, list[str]] = {}
    for line in (DATA / "nicknames.csv").read_text(encoding="utf-8").splitlines()[1:]:
        formal, relation, nick = line.split(",")
        if relation == "has_nickname":
            out.setdefault(formal, []).append(nick)
    return out


def _given_pool() -> list[str]:
    return sorted({*WESTERN, *WEST_AFRICAN, *SLAVIC_SPANISH, *(c[0] for c in _classes())})


def _surname_pool(rng: random.Random, size: int) -> list[str]:
    """Real surnames first (they take the head of the Zipf law), then invented ones."""
    pool = list(SURNAMES)
    seen = set(pool)
    while len(pool) < size:
        word = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3)))
        word += rng.choice(_ENDINGS)
        if word not in seen:
            seen.add(word)
            pool.append(word)
    return pool


def _zipf_cumulative(n: int, exponent: float = 0.75) -> list[float]:
    """Cumulative Zipf weights: the most common surname is ~2% of people, as Smith or Khan."""
    total, out = 0.0, []
    for rank in range(1, n + 1):
        total += 1.0 / (rank**exponent)
        out.append(total)
    return out


def _person(
    rng: random.Random, given: list[str], surnames: list[str], cum: list[float]
) -> dict[str, Any]:
    year = rng.randint(1940, 2004)
    return {
        "given": rng.choice(given),
        "middle": rng.choice(given) if rng.random() < 0.3 else None,
        "surname": rng.choices(surnames, cum_weights=cum)[0],
        "second_country": rng.choice(COUNTRIES),
        "birth": f"{year:04d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "country": rng.choice(COUNTRIES),
        "passport": "".join(rng.choices(string.ascii_uppercase, k=2))
        + "".join(rng.choices(string.digits, k=7))
        if rng.random() < 0.5
        else None,
        "address": _address(rng),
    }


def _address(rng: random.Random) -> str:
    return f"{rng.randint(1, 250)} {rng.choice(STREETS)}, {rng.choice(CITIES)}"


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(4)
    letter = rng.choice(string.ascii_lowercase)
    if kind == 0:
        return word[:i] + word[i + 1 :]
    if kind == 1:
        return word[:i] + letter + word[i:]
    if kind == 2:
        return word[:i] + letter + word[i + 1 :]
    return word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]


def _romanise(rng: random.Random, word: str) -> str:
    """Another spelling of the same name: its class's variant, else a transliteration rule."""
    for cls in _classes():
        if word in cls:
            return rng.choice(cls)
    rules = [(a, b) for a, b in _TRANSLIT if a in word[1:]]
    if not rules:
        return word
    a, b = rng.choice(rules)
    at = word.index(a, 1)
    return word[:at] + b + word[at + len(a) :]


def _name(rng: random.Random, p: dict[str, Any]) -> str:
    given, surname = p["given"], p["surname"]
    roll = rng.random()
    if roll < 0.15:
        given = _romanise(rng, given)
    elif roll < 0.21 and _nicknames().get(given):
        given = rng.choice(_nicknames()[given])
    if rng.random() < 0.06:
        surname = _romanise(rng, surname)
    if rng.random() < 0.12:
        if rng.random() < 0.5:
            given = _typo(rng, given)
        else:
            surname = _typo(rng, surname)
    middle = p["middle"] if p["middle"] and rng.random() < 0.7 else None
    first = " ".join(w.title() for w in (given, middle) if w)
    last = surname.upper() if rng.random() < 0.4 else surname.title()
    order = rng.random()
    if order < 0.2:
        return f"{last}, {first}"
    if order < 0.3:
        return f"{last} {first}"
    return f"{first} {last}"


def _birth(rng: random.Random, birth: str, dataset: str) -> str | None:
    """Companies House publishes a director's month and year of birth, never the day."""
    if dataset == "uk_psc":
        return birth[:7]
    roll = rng.random()
    if roll < 0.04:
        return None
    if roll < 0.06:
        return birth[:4]
    year, month, day = birth.split("-")
    if roll < 0.12 and int(day) <= 12:
        return f"{year}-{day}-{month}"
    return birth


def _record(rng: random.Random, p: dict[str, Any], rid: str, cluster: str) -> dict[str, Any]:
    dataset = rng.choice(DATASETS)
    props: dict[str, list[str]] = {"name": [_name(rng, p)]}
    birth = _birth(rng, p["birth"], dataset)
    if birth:
        props["birthDate"] = [birth]
    roll = rng.random()
    if roll < 0.76:
        props["nationality"] = [p["country"]]
    elif roll < 0.8:  # dual nationals show either passport
        props["nationality"] = [p["second_country"]]
    if p["passport"] and rng.random() < 0.5:
        props["passportNumber"] = [p["passport"]]
    if rng.random() < 0.4:  # one address in five is an old one: people move
        props["address"] = [p["address"] if rng.random() < 0.8 else _address(rng)]
    return {
        "id": rid,
        "schema": "Person",
        "datasets": [dataset],
        "properties": props,
        "cluster": cluster,
    }


CLUSTER_SIZES = (1, 2, 3, 4, 5, 6)
CLUSTER_WEIGHTS = (0.40, 0.28, 0.16, 0.09, 0.05, 0.02)


def generate(n_records: int = 100_000, seed: int = 7) -> Iterator[dict[str, Any]]:
    """``n_records`` person records; ``cluster`` is the true person each one describes."""
    rng = random.Random(seed)
    given = _given_pool()
    surnames = _surname_pool(rng, max(2000, n_records // 4))
    cum = _zipf_cumulative(len(surnames))
    made = person = 0
    while made < n_records:
        p = _person(rng, given, surnames, cum)
        size = min(rng.choices(CLUSTER_SIZES, CLUSTER_WEIGHTS)[0], n_records - made)
        for _ in range(size):
            yield _record(rng, p, f"r{made:07d}", f"t{person:07d}")
            made += 1
        person += 1


if __name__ == "__main__":
    import sys

    count = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    for rec in generate(count):
        sys.stdout.write(json.dumps(rec) + "\n")
