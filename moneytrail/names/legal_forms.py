"""Legal forms of companies ("LLC", "S.A.R.L.", "S.A.L.", "GmbH", "S.A. de C.V.", "OOO", "АО").

Two lists naming the same company rarely agree on its legal form, or leave it out, so it is
taken out of the comparable words and kept aside: the scorer may use a clash of forms as weak
counter-evidence. rigour's org_types table (OCCRP, ISO 20275, Wikipedia) does the recognition;
a few forms common on Middle-East sanctions lists that it lacks are added here. Forms are only
removed at the start or end of a name, because short forms ("as", "sa", "ao") are also words
inside names ("Jamaat as-Sahab").
"""

from __future__ import annotations

from rapidfuzz.distance import Levenshtein
from rigour.names import extract_org_types
from rigour.text.normalize import Normalize

_FLAGS = Normalize.CASEFOLD | Normalize.NAME
# Forms rigour 2.6 does not know, with the compare form we report: Lebanese S.A.L., Gulf W.L.L.,
# free-zone companies, Egyptian S.A.E., Kuwaiti/Bahraini/Qatari shareholding companies, and the
# generic English words lists often leave off.
_EXTRA: dict[tuple[str, ...], str] = {
    ("sal",): "sal",
    ("sal", "holding"): "sal",
    ("wll",): "wll",
    ("fzc",): "fzco",
    ("fze",): "fze",
    ("sae",): "sae",
    ("ksc",): "ksc",
    ("kscc",): "ksc",
    ("kscp",): "ksc",
    ("bsc",): "bsc",
    ("psc",): "psc",
    ("spc",): "spc",
    ("corp",): "corp",
    ("corporation",): "corp",
    ("company",): "co",
    ("co",): "co",
    ("est",): "est",
    ("establishment",): "est",
    ("pvt",): "pvt",
    ("too",): "llp",  # Kazakh tovarishchestvo s ogranichennoi otvetstvennostyu
    ("ead",): "ead",  # Bulgarian sole-owner joint-stock company
}
# One-word forms that open a name ("OOO ROMASHKA", "PT GARUDA", "LLC ONELEK"). Other short
# forms are words at the start of a name ("IS BANK", "SA'D"), so only these are removed there.
_PREFIX_FORMS = frozenset(
    [
        "ooo",
        "ao",
        "zao",
        "oao",
        "pao",
        "tov",
        "too",
        "pt",
        "cv",
        "jsc",
        "ojsc",
        "cjsc",
        "pjsc",
        "llc",
        "fgup",
        "gup",
        "mup",
        "chp",
        "ip",
        "tdv",
    ]
)
_EXTRA_MAX = max(len(k) for k in _EXTRA)
# Legal forms spelt out in words, as post-Soviet names on the lists write them. A typo in
# one of these words ("LIMITED LIABILIY COMPANY") must not turn the form into name words,
# so these are also recognised with an edit or two per word.
_SPELT: dict[tuple[str, ...], str] = {
    tuple(words.split()): form
    for words, form in (
        ("limited liability company", "llc"),
        ("limited liability partnership", "llp"),
        ("joint stock company", "jsc"),
        ("open joint stock company", "ojsc"),
        ("closed joint stock company", "cjsc"),
        ("public joint stock company", "pjsc"),
        ("private joint stock company", "jsc"),
        ("obshchestvo s ogranichennoi otvetstvennostyu", "ooo"),
        ("obshchestvo s ogranichennoy otvetstvennostyu", "ooo"),
        ("aktsionernoe obshchestvo", "ao"),
        ("zakrytoe aktsionernoe obshchestvo", "zao"),
        ("otkrytoe aktsionernoe obshchestvo", "oao"),
        ("publichnoe aktsionernoe obshchestvo", "pao"),
        ("company limited", "ltd"),
    )
}
_MAX_EDITS = 2


def _spelt_form(words: list[str]) -> str | None:
    """The spelt-out form these words are, allowing a typo or two in each longer word."""
    for spelt, form in _SPELT.items():
        if len(spelt) == len(words) and all(
            w == s or (len(s) >= 5 and Levenshtein.distance(w, s) <= _MAX_EDITS)
            for w, s in zip(words, spelt, strict=True)
        ):
            return form
    return None


def _rigour_form(words: list[str]) -> str | None:
    """rigour's compare form when the words are exactly one legal form, else None."""
    text = " ".join(words)
    found = extract_org_types(text, _FLAGS)
    if len(found) == 1 and found[0][0] == text:
        return found[0][1]
    return None


def _form_of(words: list[str]) -> str | None:
    form = _EXTRA.get(tuple(words)) or _rigour_form(words)
    if form is None and len(words) >= 2:
        form = _spelt_form(words)
    return form


def _strip_end(tokens: list[str], forms: list[str]) -> list[str]:
    while len(tokens) > 1:
        for size in range(min(5, len(tokens) - 1), 0, -1):
            form = _form_of(tokens[-size:])
            if form is not None:
                forms.insert(0, form)
                tokens = tokens[:-size]
                break
        else:
            return tokens
    return tokens


def _strip_start(tokens: list[str], forms: list[str]) -> list[str]:
    """Prefix forms, one after another: lists stack them ("JOINT STOCK COMPANY SCIENTIFIC
    PRODUCTION ENTERPRISE KONTAKT"), aliases keep only one, and the name is what remains."""
    found: list[str] = []
    while True:
        rest = _strip_one_start(tokens, found)
        if rest is tokens:
            forms[0:0] = reversed(found)
            return tokens
        tokens = rest


def _strip_one_start(tokens: list[str], forms: list[str]) -> list[str]:
    # Prefix forms: OOO, AO, PT, or spelt out ("OBSHCHESTVO S OGRANICHENNOI
    # OTVETSTVENNOSTYU", "LIMITED LIABILITY COMPANY"), before the name.
    for size in (5, 4, 3, 2, 1):
        if len(tokens) > size:
            if size == 1 and tokens[0] not in _PREFIX_FORMS:
                continue
            form = _form_of(tokens[:size])
            if form is not None:
                forms.insert(0, form)
                return tokens[size:]
    return tokens


def split_legal_form(tokens: list[str]) -> tuple[list[str], str | None]:
    """Remove legal forms from both ends; returns the rest and the forms found, space-joined.

    A name that is nothing but a legal form keeps its words, so there is always something
    to compare.
    """
    forms: list[str] = []
    rest = _strip_end(list(tokens), forms)
    rest = _strip_start(rest, forms)
    return rest, (" ".join(forms) if forms else None)
