"""Legal forms of companies ("LLC", "S.A.R.L.", "S.A.L.", "GmbH", "S.A. de C.V.", "OOO", "АО").

Two lists naming the same company rarely agree on its legal form, or leave it out, so it is
taken out of the comparable words and kept aside: the scorer may use a clash of forms as weak
counter-evidence. rigour's org_types table (OCCRP, ISO 20275, Wikipedia) does the recognition;
a few forms common on Middle-East sanctions lists that it lacks are added here. Forms are only
removed at the start or end of a name, because short forms ("as", "sa", "ao") are also words
inside names ("Jamaat as-Sahab").
"""

from __future__ import annotations

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
}
_EXTRA_MAX = max(len(k) for k in _EXTRA)


def _rigour_form(words: list[str]) -> str | None:
    """rigour's compare form when the words are exactly one legal form, else None."""
    text = " ".join(words)
    found = extract_org_types(text, _FLAGS)
    if len(found) == 1 and found[0][0] == text:
        return found[0][1]
    return None


def _form_of(words: list[str]) -> str | None:
    return _EXTRA.get(tuple(words)) or _rigour_form(words)


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
    # Prefix forms (OOO, AO, PT, TOV, ZAO) are one or two words; check before the name.
    for size in (2, 1):
        if len(tokens) > size:
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
