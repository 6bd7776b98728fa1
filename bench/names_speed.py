"""How many names per second moneytrail.names analyses, cold and cached.

Builds ~60k distinct names (the size of the sanctions lists' name and alias set) by combining
the words of the UN original-script fixture, in Latin and original script, then times:
cold analysis (empty cache, as when the index is built), name_keys, and repeated queries
(warm cache). Pass a text file of names, one per line, to time real data instead.

    .venv/bin/python bench/names_speed.py [names.txt]
"""

from __future__ import annotations

import csv
import itertools
import random
import sys
import time
from pathlib import Path

from moneytrail.names import analyze_name, name_keys
from moneytrail.names.normalize import fold_text, normalize_text
from moneytrail.names.phonetic import phonetic_key
from moneytrail.names.transliterate import transliterate_word

FIXTURE = Path(__file__).parent.parent / "tests" / "fixtures" / "names_un_original_script.csv"
TARGET = 60_000


def synthetic_names() -> list[str]:
    rng = random.Random(7)
    with FIXTURE.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    latin = sorted({w for r in rows for w in r["latin"].split()})
    original = sorted({w for r in rows for w in r["original_script"].split()})
    names: set[str] = set()
    for words in itertools.cycle([latin, latin, latin, original]):
        size = rng.choice((2, 3, 3, 4))
        name = " ".join(rng.sample(words, size))
        if rng.random() < 0.2 and words is latin:
            first, *rest = name.split()
            name = f"{' '.join(rest)}, {first}"
        names.add(name)
        if len(names) >= TARGET:
            return sorted(names)
    raise AssertionError("unreachable")


def clear_caches() -> None:
    for cached in (analyze_name, fold_text, normalize_text, phonetic_key, transliterate_word):
        cached.cache_clear()


def rate(label: str, count: int, seconds: float) -> None:
    print(f"{label:<34} {count:>8,} in {seconds:6.2f}s = {count / seconds:>10,.0f}/s")


def main() -> None:
    if len(sys.argv) > 1:
        names = [n.strip() for n in Path(sys.argv[1]).read_text().splitlines() if n.strip()]
    else:
        names = synthetic_names()
    clear_caches()
    start = time.perf_counter()
    forms = [analyze_name(name) for name in names]
    rate("analyze_name, cold (index build)", len(names), time.perf_counter() - start)
    start = time.perf_counter()
    total_keys = sum(len(name_keys(form)) for form in forms)
    rate("name_keys", len(forms), time.perf_counter() - start)
    print(f"{'keys per name':<34} {total_keys / len(forms):>8.1f}")
    queries = names[: len(names) // 2] * 2
    start = time.perf_counter()
    for name in queries:
        analyze_name(name)
    rate("analyze_name, warm (cached query)", len(queries), time.perf_counter() - start)
    print(f"analyze_name cache: {analyze_name.cache_info()}")


if __name__ == "__main__":
    main()
