"""Screening time against name length, up to the name-length limit and beyond it.

Indexes the bundled lists (moneytrail/data/lists), then screens names of growing
length of three shapes: words (random lowercase words of 3-9 letters), long words
(words at the word limit, MONEYTRAIL_MAX_WORD_CHARS, default 64: the worst case the
limits let through) and glued (one run of letters, no space: beyond the word limit,
shown only with --beyond). For each it prints the time, the time per character and
the ratio of that to the shortest length's: a ratio that stays near 1 (or falls)
means cost grows no faster than linearly. Up to the limit (MONEYTRAIL_MAX_NAME_CHARS,
default 500) is what the API and ``screen`` accept; the rows past it show why the
limits are there: the name analysis is quadratic in the length of one word.

Usage: ``python bench/screening_cost.py [--beyond] [--repeat 5]``.
"""

from __future__ import annotations

import argparse
import random
import string
import time
from pathlib import Path

from moneytrail.limits import WorkLimits
from moneytrail.screening import Query, ScreenConfig, Screener, screener_from_sources

LISTS = Path(__file__).resolve().parents[1] / "moneytrail" / "data" / "lists"
CONFIG = ScreenConfig(limit=5, cutoff=0.5, threshold=0.7)
WORD = 64  # MONEYTRAIL_MAX_WORD_CHARS, read in main()


def make_name(shape: str, length: int, rng: random.Random) -> str:
    letters = string.ascii_lowercase
    if shape == "glued":
        return "".join(rng.choice(letters) for _ in range(length))
    low, high = (3, 9) if shape == "words" else (WORD, WORD)
    words: list[str] = []
    while sum(len(w) + 1 for w in words) < length:
        words.append("".join(rng.choice(letters) for _ in range(rng.randint(low, high))))
    return " ".join(words)[:length].strip()


def best_time(screener: Screener, name: str, repeat: int) -> float:
    query = Query.from_record({"id": "q", "schema": "Person", "properties": {"name": [name]}})
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        screener.screen(query, CONFIG)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--beyond", action="store_true", help="also 2k, 4k, 8k, 16k characters")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    limit = WorkLimits.from_env().name_chars or 500
    global WORD
    WORD = WorkLimits.from_env().word_chars or 64
    start = time.perf_counter()
    screener = screener_from_sources(sorted(p for p in LISTS.iterdir() if p.is_dir()))
    print(f"indexed {len(screener.index):,} entries in {time.perf_counter() - start:.1f} s")
    lengths = [n for n in (16, 32, 63, 125, 250, 500) if n < limit] + [limit]
    if args.beyond:
        lengths += [2_000, 4_000, 8_000, 16_000]
    rng = random.Random(7)
    for shape in ("words", "long words", *(["glued"] if args.beyond else [])):
        print(f"\n{shape}: {'chars':>6} {'ms':>9} {'us/char':>8} {'ratio':>6}")
        base = None
        for length in lengths:
            name = make_name(shape, length, rng)
            seconds = best_time(screener, name, args.repeat)
            per_char = seconds / len(name) * 1e6
            base = base or per_char
            over = len(name) > limit or (shape == "glued" and len(name) > WORD)
            mark = "  (over a limit)" if over else ""
            print(
                f"{'':{len(shape) + 1}} {len(name):>6} {seconds * 1e3:>9.2f} "
                f"{per_char:>8.2f} {per_char / base:>6.2f}{mark}"
            )


if __name__ == "__main__":
    main()
