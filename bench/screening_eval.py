"""Generate the labelled screening evaluation set from the bundled lists (deterministic).

Positives come from the real list entries: an alias held out of the index and used
as the query (``alias``), a UN name in its original script held out the same way
(``original_script``), and perturbed listed names (``typo``, ``order``, ``initials``,
``particles``, ``translit``, ``legal_form``). Each carries the entry's birth date and
nationality where the list has them, as a bank would hold them, and the id of the
entry it must find.

Negatives are innocent people with common names of their country of origin (from the
``names-dataset`` package, sampled by rank), a random birth date and that country as
nationality (``innocent``), and listed people queried with a birth date 20 years off
(``dob_shift``): neither should alert.

Outputs, in ``--out`` (default bench/out/):

- ``screening_queries.jsonl``: one yente-style record per line (``id``, ``schema``,
  ``properties``), the input of ``moneytrail screen``;
- ``screening_labels.jsonl``: ``id``, ``expected`` (entity id or null), ``kind``,
  ``country`` (for innocents), ``source`` (the listed name a case derives from),
  ``entity`` (the listed entry it derives from, also for ``dob_shift``), ``also``
  (entries of other lists with the very same name: a hit on them counts too);
- ``screening_holdout.json``: the ids of the statements to leave out of the index,
  with the datasets and versions they refer to. ``index_statements()`` below gives
  the bundled statements without them, which is what the benchmark indexes.

Usage: ``python bench/screening_eval.py [--seed 7] [--per-country 1000] [--out DIR]``.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import time
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz.distance import JaroWinkler

from moneytrail.model import Statement
from moneytrail.sources import parse_list
from moneytrail.sources.bundled import bundled_paths

BENCH = Path(__file__).resolve().parent
DEFAULT_OUT = BENCH / "out"
QUERIES_FILE = "screening_queries.jsonl"
LABELS_FILE = "screening_labels.jsonl"
HOLDOUT_FILE = "screening_holdout.json"
NAMES_CACHE_FILE = "names_by_country.json"

SCREENED_SCHEMATA = ("Person", "Company", "Organization", "LegalEntity", "Vessel")
ALIAS_PROPS = ("alias", "previousName")
NAME_PROPS = ("name", "alias", "weakAlias", "previousName")
PERSON_COUNTRY_PROPS = ("nationality", "citizenship")
ORG_COUNTRY_PROPS = ("jurisdiction", "country")

POSITIVE_KINDS = (
    "alias",
    "alias_partial",
    "alias_unrelated",
    "original_script",
    "typo",
    "order",
    "initials",
    "particles",
    "translit",
    "legal_form",
)
NEGATIVE_KINDS = ("innocent", "dob_shift")
# Held-out aliases that share no word with the entry's other names ("KREKAR, Mullah" for
# "NAJMUDDIN, Faraj Ahmad", acronyms, front companies): no name screen can find them.
# Aliases that share a word but where each name has words the other lacks ("Abdullah
# KHAN" for "MUNTAZIR, Abdullah", "Akhtar Mohammad MAZHARI" for "Abdul Quddus MAZHARI")
# are another name of the person: a screen that alerts on them alerts on every namesake
# who shares a given name or a surname, which is what the innocent set measures. Both
# kinds are reported on their own and left out of the headline recall.
UNSCORABLE_KINDS = ("alias_partial", "alias_unrelated")
RELATED_TOKEN_SIM = 0.85

# Countries of origin for innocent customers: ISO code -> name.
COUNTRIES: dict[str, str] = {
    "LB": "Lebanon",
    "SY": "Syria",
    "IQ": "Iraq",
    "IR": "Iran",
    "MX": "Mexico",
    "CO": "Colombia",
    "VE": "Venezuela",
    "US": "United States",
    "GB": "United Kingdom",
    "DE": "Germany",
    "CN": "China",
    "RU": "Russia",
}
# names-dataset has no Venezuela: its names are the interleaved rank lists of its
# neighbours Colombia and Ecuador (the same Hispanic naming, the same common names).
NAME_SOURCES: dict[str, tuple[str, ...]] = {"VE": ("CO", "EC")}
HISPANIC = {"MX", "CO", "VE"}
ARABIC = {"LB", "SY", "IQ"}
TOP_FIRST = 200  # common first names per country and gender
TOP_LAST = 300  # common last names per country


# --------------------------------------------------------------------------- lists


@dataclass(slots=True)
class ListEntry:
    """The facts of one list entry that the generator draws on."""

    id: str
    schema: str
    names: list[Statement] = field(default_factory=list)
    birth_dates: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)

    def primary(self) -> Statement | None:
        return next((s for s in self.names if s.prop == "name"), None)

    def properties(self, name: str) -> dict[str, list[str]]:
        """A query record's properties: the name, plus what a bank would hold."""
        props: dict[str, list[str]] = {"name": [name]}
        if self.schema == "Person" and self.birth_dates:
            props["birthDate"] = [self.birth_dates[0]]
        if self.countries:
            key = "nationality" if self.schema == "Person" else "country"
            if self.schema in ("Vessel",):
                key = "flag"
            props[key] = [self.countries[0]]
        return props


def load_statements(paths: Sequence[Path] | None = None) -> list[Statement]:
    """Every statement of the bundled lists (or of ``paths``), in load order."""
    out: list[Statement] = []
    for path in paths if paths is not None else bundled_paths():
        out.extend(parse_list(path).statements)
    return out


def index_statements(holdout: Path, paths: Sequence[Path] | None = None) -> list[Statement]:
    """The statements the benchmark indexes: the lists less the held-out names."""
    data = json.loads(holdout.read_text())
    excluded = set(data["exclude_statements"])
    return [s for s in load_statements(paths) if s.id not in excluded]


def collect_entries(statements: Iterable[Statement]) -> dict[str, ListEntry]:
    entries: dict[str, ListEntry] = {}
    for st in statements:
        if st.schema not in SCREENED_SCHEMATA:
            continue
        entry = entries.get(st.entity_id)
        if entry is None:
            entry = entries[st.entity_id] = ListEntry(st.entity_id, st.schema)
        if st.prop in NAME_PROPS:
            entry.names.append(st)
        elif st.prop == "birthDate":
            entry.birth_dates.append(st.value)
        elif st.prop in (PERSON_COUNTRY_PROPS if st.schema == "Person" else ORG_COUNTRY_PROPS):
            if st.value not in entry.countries:
                entry.countries.append(st.value)
        elif st.prop == "flag" and st.value not in entry.countries:
            entry.countries.append(st.value)
    return entries


# --------------------------------------------------------------------------- name text


def is_latin(text: str) -> bool:
    """True when every letter is Latin (diacritics allowed)."""
    return all(unicodedata.name(ch, "").startswith("LATIN") for ch in text if ch.isalpha()) and any(
        ch.isalpha() for ch in text
    )


def compare_key(text: str) -> str:
    """Case, punctuation and order blind: for dropping aliases identical to another name."""
    letters = "".join(ch if ch.isalnum() else " " for ch in text.casefold())
    return " ".join(sorted(letters.split()))


def natural_order(name: str, schema: str) -> str:
    """'HANIYA, Ismail Abdul' -> 'Ismail Abdul HANIYA', as a bank's record holds it."""
    if schema != "Person" or "," not in name:
        return " ".join(name.split())
    surname, _, given = name.partition(",")
    given = " ".join(given.replace(",", " ").split())
    return " ".join(f"{given} {surname}".split())


def split_person(name: str) -> tuple[list[str], list[str]]:
    """Given names and surname tokens of a listed person's name."""
    if "," in name:
        surname, _, given = name.partition(",")
        return given.replace(",", " ").split(), surname.split()
    tokens = name.split()
    return tokens[:-1], tokens[-1:]


# --------------------------------------------------------------------------- perturbations

Perturb = Callable[[random.Random, str, str], str | None]
KEYBOARD = "qwertyuiopasdfghjklzxcvbnm"


def _typo_token(rng: random.Random, token: str) -> str:
    pos = rng.randrange(1, len(token))
    kind = rng.choice(("sub", "del", "ins", "swap"))
    upper = token.isupper()
    letter = rng.choice(KEYBOARD)
    letter = letter.upper() if upper else letter
    if kind == "sub":
        return token[:pos] + letter + token[pos + 1 :]
    if kind == "del":
        return token[:pos] + token[pos + 1 :]
    if kind == "ins":
        return token[:pos] + letter + token[pos:]
    if pos == len(token) - 1:
        pos -= 1
    return token[:pos] + token[pos + 1] + token[pos] + token[pos + 2 :]


def perturb_typo(rng: random.Random, name: str, schema: str) -> str | None:
    """One or two character edits inside words of four letters or more."""
    tokens = natural_order(name, schema).split()
    long = [i for i, t in enumerate(tokens) if len(t) >= 4 and t.isalpha()]
    if not long or sum(len(t) for t in tokens) < 8:
        return None
    for _ in range(rng.choice((1, 2))):
        i = rng.choice(long)
        tokens[i] = _typo_token(rng, tokens[i])
    return " ".join(tokens)


def perturb_order(rng: random.Random, name: str, schema: str) -> str | None:
    """Words in another order: surname first, or a rotation of the parts.

    A company's legal form stays where it is ("TORDAN INDUSTRY LIMITED" becomes
    "INDUSTRY TORDAN LIMITED", not "INDUSTRY LIMITED TORDAN").
    """
    if schema == "Person" and "," in name:
        given, surname = split_person(name)
        out = surname + given  # the list's order without its comma
        return " ".join(out) if out != natural_order(name, schema).split() else None
    text = natural_order(name, schema)
    head, tail = "", ""
    if (m := TRAILING_SPELT.search(text) or TRAILING_FORM.search(text)) is not None:
        text, tail = text[: m.start()], m.group(1)
    elif (m := LEADING_FORM.search(text)) is not None:
        head, text = m.group(1), text[m.end() :]
    tokens = text.replace(",", " ").split()
    if len(tokens) < 2:
        return None
    k = rng.randrange(1, len(tokens))
    out = tokens[k:] + tokens[:k]
    return " ".join([head, *out, tail]).strip() if out != tokens else None


def perturb_initials(rng: random.Random, name: str, schema: str) -> str | None:
    """Given names as initials: 'I. HANIYA', 'Ismail A. S. HANIYA' or 'I. A. S. HANIYA'."""
    if schema != "Person":
        return None
    given, surname = split_person(name)
    given = [g for g in given if g[:1].isalpha()]
    if not given or not surname:
        return None
    if len(given) == 1 or rng.random() < 0.5:
        out = [f"{g[0]}." for g in given]
    else:
        out = [given[0]] + [f"{g[0]}." for g in given[1:]]
    return " ".join([*out, *surname])


PARTICLE_TOKENS = {"AL", "EL", "BIN", "BEN", "IBN", "BINT", "UL", "AD", "AS", "AZ", "ASH"}
PARTICLE_PREFIX = re.compile(r"\b(?:AL|EL|UL|AD|AS|ASH|AZ)[-‐']", re.IGNORECASE)


def perturb_particles(rng: random.Random, name: str, schema: str) -> str | None:
    """Without the Arabic particles: al-, el-, bin, ibn, bint."""
    text = natural_order(name, schema)
    dropped = PARTICLE_PREFIX.sub("", text)
    tokens = [t for t in dropped.split() if t.upper() not in PARTICLE_TOKENS]
    out = " ".join(tokens)
    if out == text or not tokens or (schema == "Person" and len(tokens) < 2):
        return None
    return out


TRANSLIT_GROUPS: tuple[tuple[str, ...], ...] = (
    ("MOHAMMED", "MUHAMMAD", "MOHAMED", "MOHAMMAD", "MOHAMAD", "MUHAMMED", "MOHAMMET"),
    ("AHMED", "AHMAD"),
    ("HUSSEIN", "HUSAIN", "HUSSAIN", "HUSAYN", "HOSSEIN"),
    ("HASSAN", "HASAN"),
    ("QASIM", "KASSIM", "KASIM", "QASSIM", "GHASSEM"),
    ("ABDUL", "ABDEL", "ABDOUL", "ABDAL"),
    ("YUSUF", "YOUSSEF", "YOUSEF", "YUSSUF", "YOUSSOUF"),
    ("OMAR", "UMAR"),
    ("OSAMA", "USAMA", "OUSSAMA"),
    ("MAHMOUD", "MAHMUD", "MAHMOOD"),
    ("MUSTAFA", "MOSTAFA", "MOUSTAFA"),
    ("KHALED", "KHALID"),
    ("SAEED", "SAID", "SAYID"),
    ("ABU", "ABOU"),
    ("IBRAHIM", "EBRAHIM", "IBRAHEEM"),
    ("YAHYA", "YEHIA", "YAHIA"),
    ("JAMAL", "GAMAL", "DJAMEL"),
    ("JAFAR", "JAAFAR", "JAFFAR"),
    ("ZAID", "ZAYD", "ZEID"),
    ("HAMID", "HAMED", "HAMEED"),
    ("RASHID", "RASHEED", "RACHID"),
    ("NASSER", "NASIR", "NASER", "NACER"),
    ("ABDULLAH", "ABDALLAH", "ABDULLA"),
    ("SULEIMAN", "SULAYMAN", "SOLIMAN", "SLIMANE"),
    ("ISMAIL", "ISMAEL", "ISMAEEL", "SMAIL"),
    ("FAISAL", "FAYSAL", "FAYCAL"),
    ("HAMZA", "HAMZAH"),
    ("MUSA", "MOUSSA", "MOUSA"),
    ("ISSA", "ISA", "EISSA"),
    ("ALI", "ALY"),
    ("SERGEY", "SERGEI", "SERGUEI"),
    ("ALEXANDER", "ALEKSANDR", "OLEKSANDR", "ALIAKSANDR"),
    ("YURI", "YURIY", "IURII", "YOURI"),
    ("DMITRY", "DMITRIY", "DMITRI"),
    ("ANDREY", "ANDREI", "ANDRII"),
    ("ALEXEY", "ALEKSEY", "ALEKSEI"),
    ("YEVGENY", "EVGENY", "EVGENIY", "YEVGENIY"),
    ("NIKOLAY", "NIKOLAI"),
    ("VIKTOR", "VICTOR"),
)
TRANSLIT_MAP = {v: g for g in TRANSLIT_GROUPS for v in g}
TRANSLIT_RULES: tuple[tuple[str, str], ...] = (
    (r"OU", "U"),
    (r"(?<=[^AEIOU])U(?=[^AEIOU])", "OU"),
    (r"EE", "I"),
    (r"(?<=[^AEIOU])I(?=[^AEIOU])", "EE"),
    (r"Y", "I"),
    (r"(?<=[AEIOU])I(?=[AEIOU])", "Y"),
    (r"OV$", "OFF"),
    (r"OFF$", "OV"),
    (r"EV$", "EFF"),
    (r"^Q", "K"),
    (r"KH", "H"),
    (r"SS", "S"),
)


def _translit_token(rng: random.Random, token: str) -> str | None:
    upper = token.upper()
    group = TRANSLIT_MAP.get(upper)
    if group is not None:
        out = rng.choice([g for g in group if g != upper])
    else:
        rules = [(p, r) for p, r in TRANSLIT_RULES if re.search(p, upper)]
        if not rules:
            return None
        pattern, repl = rng.choice(rules)
        matches = list(re.finditer(pattern, upper))
        m = rng.choice(matches)
        out = upper[: m.start()] + repl + upper[m.end() :]
    if out == upper or len(out) < 2:
        return None
    return out if token.isupper() else out.capitalize()


def perturb_translit(rng: random.Random, name: str, schema: str) -> str | None:
    """Another romanisation of one or two words (Mohammed/Muhammad, -ov/-off, ou/u...)."""
    if schema != "Person":
        return None
    tokens = natural_order(name, schema).split()
    known = [i for i, t in enumerate(tokens) if t.upper() in TRANSLIT_MAP]
    other = [i for i, t in enumerate(tokens) if t.isalpha() and len(t) >= 4]
    order = known + [i for i in other if i not in known]
    if not order:
        return None
    changed = 0
    for i in order[:1] + rng.sample(order[1:], min(len(order) - 1, rng.choice((0, 1)))):
        new = _translit_token(rng, tokens[i])
        if new is not None:
            tokens[i] = new
            changed += 1
    return " ".join(tokens) if changed else None


LEGAL_FAMILIES: tuple[tuple[str, ...], ...] = (
    ("LLC", "L.L.C.", "L.L.C", "LTD", "LTD.", "LIMITED", "CO., LTD.", "CO. LTD", "INC", "INC."),
    ("COMPANY LIMITED", "CO. LIMITED", "COMPANY LTD", "CO LTD", "LIMITED"),
    ("CORP.", "CORP", "CORPORATION", "INC.", "INC"),
    ("S.A.", "SA", "S.A. DE C.V.", "SA DE CV", "S.R.L.", "SRL"),
    ("S.A.S.", "SAS", "S.A.", "SA"),
    ("C.A.", "CA", "S.A.", "SA"),
    ("LTDA.", "LTDA", "S.A.", "SA"),
    ("S.A.R.L.", "SARL", "S.A.L.", "SAL", "S.A.", "SA"),
    ("OOO", "LLC", "TOO"),
    ("AO", "JSC", "OAO", "OJSC", "ZAO", "CJSC", "PJSC"),
    ("GMBH", "AG", "GMBH & CO. KG", "KG"),
    ("FZE", "FZCO", "FZ-LLC", "FZC", "DMCC", "LLC"),
    ("B.V.", "BV", "N.V.", "NV"),
    ("SDN BHD", "SDN. BHD.", "BHD"),
    ("PTE LTD", "PTE. LTD.", "PTE. LTD"),
    ("EOOD", "OOD", "EAD", "AD"),
    ("PLC", "LIMITED", "LTD"),
)
LEGAL_FORMS = sorted({f for fam in LEGAL_FAMILIES for f in fam}, key=len, reverse=True)
_FORMS_RE = "|".join(re.escape(f) for f in LEGAL_FORMS)
TRAILING_FORM = re.compile(rf"(?:,\s*|\s+)({_FORMS_RE})\s*$", re.IGNORECASE)
# Forms written before the name: the Russian and post-Soviet ones, and "LLC" after them.
LEADING_FORMS = ("OOO", "AO", "OAO", "ZAO", "PAO", "TOO", "LLC", "JSC", "OJSC", "CJSC", "PJSC")
# Forms written out in words, before or after the name ("LIMITED LIABILITY COMPANY X",
# "X JOINT STOCK COMPANY"): a reordering keeps them whole and in place, as it does "LLC".
SPELT_FORMS = (
    "LIMITED LIABILITY COMPANY",
    "(?:OPEN |CLOSED |PUBLIC |PRIVATE )?JOINT[- ]STOCK COMPANY",
    "OBSHCHESTVO S OGRANICHENNOI OTVETSTVENNOSTYU",
    "(?:ZAKRYTOE |OTKRYTOE |PUBLICHNOE )?AKTSIONERNOE OBSHCHESTVO",
    "(?:FEDERAL )?STATE UNITARY ENTERPRISE",
)
LEADING_FORM = re.compile(rf"^({'|'.join((*SPELT_FORMS, *LEADING_FORMS))})\s+", re.IGNORECASE)
TRAILING_SPELT = re.compile(rf"(?:,\s*|\s+)({'|'.join(SPELT_FORMS)})\s*$", re.IGNORECASE)


def _undot(form: str) -> str:
    return form.replace(".", "").replace(",", "")


def perturb_legal_form(rng: random.Random, name: str, schema: str) -> str | None:
    """The company's legal form dropped, written without dots, or swapped for a kin form."""
    if schema not in ("Company", "Organization", "LegalEntity"):
        return None
    text = " ".join(name.split())
    m = TRAILING_FORM.search(text) or LEADING_FORM.search(text)
    if m is None:
        return None
    form = m.group(1).upper()
    kin = sorted({f for fam in LEGAL_FAMILIES if form in fam for f in fam} - {form})
    if m.re is LEADING_FORM:
        kin = [f for f in kin if f in LEADING_FORMS]
    choice = rng.random()
    if "." in form and choice < 0.4:
        new = _undot(form)
    elif choice < 0.7 or not kin:
        new = ""
    else:
        new = rng.choice(kin)
    if m.re is TRAILING_FORM:
        out = text[: m.start()] + (f" {new}" if new else "")
    else:
        out = (f"{new} " if new else "") + text[m.end() :]
    out = " ".join(out.split())
    if not out or out == text:
        return None
    return out


PERTURBATIONS: dict[str, Perturb] = {
    "typo": perturb_typo,
    "order": perturb_order,
    "initials": perturb_initials,
    "particles": perturb_particles,
    "translit": perturb_translit,
    "legal_form": perturb_legal_form,
}


# --------------------------------------------------------------------------- innocents


def _clean_name(name: str) -> str | None:
    """Names-dataset entries that a bank's record would hold as a name part."""
    name = name.strip()
    if len(name) < 2 or not is_latin(name) or not all(ch.isalpha() or ch in "-'" for ch in name):
        return None
    return name[:1].upper() + name[1:].lower()


def names_by_country(cache_dir: Path) -> dict[str, dict[str, list[str]]]:
    """Common first names (by gender) and last names per country, rank order, Latin only.

    The names-dataset package takes ~12 s and 2 GB to load, so the extract is cached.
    """
    cache = cache_dir / NAMES_CACHE_FILE
    if cache.exists():
        data: dict[str, dict[str, list[str]]] = json.loads(cache.read_text())
        if set(data) >= set(COUNTRIES):
            return data
    from names_dataset import NameDataset  # imported late: large and slow to load

    nd = NameDataset()
    out: dict[str, dict[str, list[str]]] = {}
    for cc in COUNTRIES:
        raw: dict[str, list[list[str]]] = {"M": [], "F": [], "last": []}
        for src in NAME_SOURCES.get(cc, (cc,)):
            first = nd.get_top_names(n=TOP_FIRST * 3, country_alpha2=src)[src]
            last = nd.get_top_names(n=TOP_LAST * 3, country_alpha2=src, use_first_names=False)
            raw["M"].append(first["M"])
            raw["F"].append(first["F"])
            raw["last"].append(last[src])
        entry: dict[str, list[str]] = {}
        for key, lists in raw.items():
            values = [v for group in zip(*lists, strict=False) for v in group]
            clean = [c for c in (_clean_name(v) for v in values) if c]
            entry[key] = list(dict.fromkeys(clean))[: TOP_LAST if key == "last" else TOP_FIRST]
        out[cc] = entry
    cache_dir.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps(out, ensure_ascii=False, indent=0))
    return out


class NameSampler:
    """Draws realistic full names for a country, common names more often (Zipf by rank)."""

    def __init__(self, names: dict[str, dict[str, list[str]]], rng: random.Random) -> None:
        self.names = names
        self.rng = rng
        self._weights: dict[int, list[float]] = {}

    def _pick(self, values: list[str]) -> str:
        n = len(values)
        if n not in self._weights:
            self._weights[n] = [1.0 / (rank + 3) for rank in range(n)]
        return self.rng.choices(values, weights=self._weights[n])[0]

    def full_name(self, cc: str) -> str:
        table = self.names[cc]
        gender = self.rng.choice(("M", "F"))
        first = self._pick(table[gender])
        last = self._pick(table["last"])
        parts = [first]
        r = self.rng.random()
        if cc in ARABIC and r < 0.4:
            parts.append(self._pick(table["M"]))  # father's given name
        elif cc in {"US", "GB", "DE"} and r < 0.25:
            parts.append(self._pick(table[gender]))  # a middle name
        parts.append(last)
        if cc in HISPANIC and self.rng.random() < 0.6:
            parts.append(self._pick(table["last"]))  # paternal and maternal surnames
        return " ".join(parts)

    def birth_date(self) -> str:
        year = self.rng.randint(1940, 2005)
        month = self.rng.randint(1, 12)
        day = self.rng.randint(1, 28)
        return f"{year:04d}-{month:02d}-{day:02d}"


# --------------------------------------------------------------------------- the set


@dataclass(slots=True)
class EvalSet:
    queries: list[dict[str, Any]] = field(default_factory=list)
    labels: list[dict[str, Any]] = field(default_factory=list)
    holdout: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def add(
        self,
        kind: str,
        schema: str,
        props: dict[str, list[str]],
        expected: str | None,
        source: str | None = None,
        country: str | None = None,
        also: Sequence[str] = (),
        entity: str | None = None,
    ) -> None:
        self.counts[kind] += 1
        qid = f"{kind}-{self.counts[kind]:05d}"
        self.queries.append({"id": qid, "schema": schema, "properties": props})
        self.labels.append(
            {
                "id": qid,
                "expected": expected,
                "kind": kind,
                "country": country,
                "source": source,
                "also": list(also),
                "entity": entity or expected,
            }
        )


def add_held_out(
    rng: random.Random, entries: dict[str, ListEntry], out: EvalSet, n_alias: int
) -> None:
    """Aliases and original-script names, each left out of the index and used as a query.

    ``also`` lists the entries of *other* lists that carry the very same name: the same
    person listed by OFAC and by the UN, so a hit on either is a hit.
    """
    by_key = same_name_elsewhere(entries)
    alias_cases, script_cases = [], []
    for entry in entries.values():
        for st in entry.names:
            if st.prop not in ALIAS_PROPS:
                continue
            others = {compare_key(o.value) for o in entry.names if o is not st}
            if not others or compare_key(st.value) in others:
                continue
            if st.dataset == "un_sc_sanctions" and not is_latin(st.value):
                script_cases.append((entry, st))
            elif is_latin(st.value):
                alias_cases.append((entry, st))
    by_entry: dict[str, list[tuple[ListEntry, Statement]]] = defaultdict(list)
    for entry, st in alias_cases:
        by_entry[entry.id].append((entry, st))
    chosen = [rng.choice(v) for v in by_entry.values()]  # one alias per entry
    chosen = rng.sample(chosen, min(n_alias, len(chosen)))
    for group, cases in (("alias", chosen), ("original_script", script_cases)):
        for entry, st in sorted(cases, key=lambda c: (c[0].id, c[1].value)):
            name = natural_order(st.value, entry.schema)
            kind = group
            if group == "alias":
                kind = alias_kind(st.value, [o.value for o in entry.names if o is not st])
            also = sorted(
                eid
                for ds, eid in by_key[compare_key(st.value)]
                if eid != entry.id and ds != st.dataset
            )
            out.add(kind, entry.schema, entry.properties(name), entry.id, st.value, also=also)
            out.holdout.append(st.id)


def _words(text: str) -> set[str]:
    folded = "".join(
        ch for ch in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(ch)
    )
    return {w for w in "".join(c if c.isalnum() else " " for c in folded).split() if len(w) >= 3}


def related(alias: str, others: Iterable[str]) -> bool:
    """Whether an alias shares a word (Jaro-Winkler >= 0.85) with any other name."""
    mine = _words(alias)
    theirs = set().union(*(_words(o) for o in others))
    return any(_alike(a, b) for a in mine for b in theirs)


def _alike(a: str, b: str) -> bool:
    return JaroWinkler.normalized_similarity(a, b) >= RELATED_TOKEN_SIM


# Words that say nothing about which name it is: articles, particles, legal forms.
_FILLER = frozenset(
    [
        "the",
        "and",
        "for",
        "del",
        "los",
        "las",
        "des",
        "der",
        "von",
        "van",
        "bin",
        "ibn",
        "bint",
        "ben",
        "abd",
        "llc",
        "ltd",
        "limited",
        "company",
        "inc",
        "corp",
        "corporation",
        "gmbh",
        "sarl",
        "sal",
        "ooo",
        "jsc",
        "pjsc",
        "ojsc",
        "cjsc",
        "fze",
        "fzco",
        "llp",
        "plc",
        "liability",
        "joint",
        "stock",
        "obshchestvo",
        "ogranichennoi",
        "ogranichennoy",
        "otvetstvennostyu",
        "aktsionernoe",
        "zakrytoe",
        "otkrytoe",
        "publichnoe",
        "group",
        "holding",
        "holdings",
        "trading",
    ]
)


def _name_words(text: str) -> list[str]:
    """The words of ``text`` in order (3+ letters, fillers dropped)."""
    folded = "".join(
        ch for ch in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(ch)
    )
    words = "".join(c if c.isalnum() else " " for c in folded).split()
    return [w for w in words if len(w) >= 3 and w not in _FILLER]


def _covered(short: list[str], long: list[str]) -> bool:
    """Every word of ``short`` has a counterpart in ``long``: alike, or two adjacent
    words of it written together ("tajideen" / "taj din")."""
    glued = [a + b for a, b in itertools.pairwise(long)]
    return all(any(_alike(w, o) for o in (*long, *glued)) for w in short)


def alias_kind(alias: str, others: Iterable[str]) -> str:
    """``alias`` when the alias is a variant of another name of the entry (every word of
    the shorter of the two has a counterpart in the longer: spelling, extra or missing
    middle names, order); ``alias_partial`` when it only shares some word;
    ``alias_unrelated`` when it shares none."""
    others = list(others)
    if not related(alias, others):
        return "alias_unrelated"
    mine = _name_words(alias)
    for other in others:
        theirs = _name_words(other)
        if not mine or not theirs:
            continue
        short, long = (mine, theirs) if len(mine) <= len(theirs) else (theirs, mine)
        if _covered(short, long):
            return "alias"
    return "alias_partial"


def same_name_elsewhere(entries: dict[str, ListEntry]) -> dict[str, set[tuple[str, str]]]:
    """compare_key -> (dataset, entry id) of every listed name: the same person listed by
    OFAC and by the UN carries the same name in both."""
    by_key: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for entry in entries.values():
        for st in entry.names:
            by_key[compare_key(st.value)].add((st.dataset, entry.id))
    return by_key


def add_perturbed(
    rng: random.Random, entries: dict[str, ListEntry], out: EvalSet, n_per_kind: int
) -> None:
    """Perturbed primary names; ``also`` as for held-out aliases (see add_held_out)."""
    by_key = same_name_elsewhere(entries)
    pool = sorted(
        (e for e in entries.values() if (p := e.primary()) and is_latin(p.value)),
        key=lambda e: e.id,
    )
    for kind, perturb in PERTURBATIONS.items():
        order = rng.sample(pool, len(pool))
        made = 0
        for entry in order:
            primary = entry.primary()
            assert primary is not None
            name = perturb(rng, primary.value, entry.schema)
            if name is None:
                continue
            if kind != "order" and compare_key(name) == compare_key(primary.value):
                continue
            also = sorted(
                eid
                for ds, eid in by_key[compare_key(primary.value)]
                if eid != entry.id and ds != primary.dataset
            )
            out.add(kind, entry.schema, entry.properties(name), entry.id, primary.value, also=also)
            made += 1
            if made >= n_per_kind:
                break


def add_dob_shift(rng: random.Random, entries: dict[str, ListEntry], out: EvalSet, n: int) -> None:
    """Listed people with a birth date 20 years from every date the list gives."""
    pool = sorted(
        (
            e
            for e in entries.values()
            if e.schema == "Person"
            and e.birth_dates
            and (p := e.primary())
            and is_latin(p.value)
            and all(d[:4].isdigit() for d in e.birth_dates)
        ),
        key=lambda e: e.id,
    )
    for entry in rng.sample(pool, min(n, len(pool))):
        primary = entry.primary()
        assert primary is not None
        base = entry.birth_dates[0]
        years = [int(d[:4]) for d in entry.birth_dates]
        shift = 20 if rng.random() < 0.5 else -20
        year = int(base[:4]) + shift
        if min(abs(year - y) for y in years) < 15 or year > 2010:
            year = int(base[:4]) - 20 if shift > 0 else int(base[:4]) + 20
        if min(abs(year - y) for y in years) < 15 or year > 2010:
            continue
        props = entry.properties(natural_order(primary.value, "Person"))
        props["birthDate"] = [f"{year:04d}{base[4:]}"]
        out.add("dob_shift", "Person", props, None, primary.value, entity=entry.id)


def add_innocents(rng: random.Random, out: EvalSet, per_country: int, cache_dir: Path) -> None:
    sampler = NameSampler(names_by_country(cache_dir), rng)
    for cc in COUNTRIES:
        seen: set[tuple[str, str]] = set()
        made = 0
        while made < per_country:
            name = sampler.full_name(cc)
            dob = sampler.birth_date()
            if (name, dob) in seen:
                continue
            seen.add((name, dob))
            props = {"name": [name], "birthDate": [dob], "nationality": [cc.lower()]}
            out.add("innocent", "Person", props, None, None, cc)
            made += 1


def generate(
    seed: int,
    per_country: int,
    n_alias: int,
    n_perturbed: int,
    n_dob_shift: int,
    cache_dir: Path,
) -> tuple[EvalSet, list[Statement]]:
    rng = random.Random(seed)
    statements = load_statements()
    entries = collect_entries(statements)
    out = EvalSet()
    add_held_out(rng, entries, out, n_alias)
    add_perturbed(rng, entries, out, n_perturbed)
    add_dob_shift(rng, entries, out, n_dob_shift)
    add_innocents(rng, out, per_country, cache_dir)
    return out, statements


def write(out: EvalSet, statements: list[Statement], directory: Path, seed: int) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for name, rows in ((QUERIES_FILE, out.queries), (LABELS_FILE, out.labels)):
        tmp = directory / f".{name}.tmp"
        with tmp.open("w") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        tmp.replace(directory / name)
    versions = sorted({(s.dataset, s.list_version) for s in statements if s.prop == "name"})
    latest: dict[str, str] = {}
    for ds, version in versions:
        latest[ds] = max(latest.get(ds, ""), version)
    holdout = {"seed": seed, "lists": latest, "exclude_statements": sorted(out.holdout)}
    (directory / HOLDOUT_FILE).write_text(json.dumps(holdout, indent=1))


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description="Generate the labelled screening evaluation set from the bundled lists.",
        epilog="Deterministic for a given --seed and bundled list snapshot.",
    )
    parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    parser.add_argument(
        "--per-country", type=int, default=1000, help="innocent people per country (1000)"
    )
    parser.add_argument("--aliases", type=int, default=3000, help="held-out aliases (3000)")
    parser.add_argument(
        "--perturbed", type=int, default=1000, help="cases per perturbation kind (1000)"
    )
    parser.add_argument("--dob-shift", type=int, default=2000, help="hard negatives (2000)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    out, statements = generate(
        args.seed, args.per_country, args.aliases, args.perturbed, args.dob_shift, args.out
    )
    write(out, statements, args.out, args.seed)
    counts: dict[str, int] = defaultdict(int)
    for label in out.labels:
        counts[label["kind"]] += 1
    print(f"wrote {len(out.queries)} queries to {args.out / QUERIES_FILE}")
    for kind in (*POSITIVE_KINDS, *NEGATIVE_KINDS):
        print(f"  {kind:<16} {counts.get(kind, 0):>6}")
    print(f"held out {len(out.holdout)} statements ({args.out / HOLDOUT_FILE})")
    print(f"in {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
