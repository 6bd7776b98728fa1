"""An Arabic-script query finds a list entry written only in Latin letters, by consonant class.

The query is the UN's own original-script name for QDi.017 (THARWAT SALAH SHIHATA,
``NAME_ORIGINAL_SCRIPT`` in the bundled UN list); OFAC lists the same man, ofac-6907
"SHIHATA, Thirwat Salah", in Latin letters only. ثروت spelt letter by letter is "thrut":
no shared spelling with "Thirwat", but both are the consonant classes "srt".
"""

from __future__ import annotations

from moneytrail.names import analyze_name, name_keys, token_keys
from moneytrail.screening import Explanation, Query, ScreenConfig, Screener
from moneytrail.screening.compare import SKELETON_SIM

ORIGINAL = "ثروت صالح شحاته"
OFAC_ID = "ofac-6907"
OFAC_NAME = "SHIHATA, Thirwat Salah"


def screen(screener: Screener, name: str) -> dict[str, Explanation]:
    query = Query.from_record({"id": "c1", "schema": "Person", "properties": {"name": [name]}})
    return {m.entry.id: m.explanation for m in screener.screen(query, ScreenConfig())}


def test_arabic_query_finds_the_romanised_entry(screener: Screener) -> None:
    found = screen(screener, ORIGINAL)
    assert OFAC_ID in found
    name = found[OFAC_ID].name
    assert name.list == OFAC_NAME and name.comparison is not None
    assert ("thrut", "thirwat", SKELETON_SIM) in name.comparison.pairs


def test_the_same_letters_in_latin_script_do_not(screener: Screener) -> None:
    # Typed in Latin letters the vowels were not omitted, so no consonant-class allowance.
    typed = " ".join(analyze_name(ORIGINAL).tokens)
    assert typed == "thrut salih shhata"
    assert OFAC_ID not in screen(screener, typed)


def test_consonant_class_key_links_query_and_list_name() -> None:
    query, listed = analyze_name(ORIGINAL), analyze_name(OFAC_NAME)
    assert query.script == "Arabic" and listed.script == "Latin"
    thrut = token_keys(query)[query.tokens.index("thrut")]
    assert "a:srt" in thrut & name_keys(listed)
    # Latin queries never ask for class keys.
    assert not any(k.startswith("a:") for keys in token_keys(analyze_name("Thrut")) for k in keys)
