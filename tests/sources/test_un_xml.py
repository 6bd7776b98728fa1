"""The UN Security Council XML parser, on a slice of the real file and on the bundled list.

Expected counts come from reading the XML here with the standard library (and a regex
for line numbers), never from the parser itself.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest
from followthemoney import registry

from moneytrail.errors import InvalidInput, SourceError
from moneytrail.model import Statement
from moneytrail.sources import ParsedList
from moneytrail.sources.bundled import bundled_root
from moneytrail.sources.detect import detect_source
from moneytrail.sources.un_xml import UnConsolidatedXml, script_lang

FIXTURES = Path(__file__).parent.parent / "fixtures"
SLICE = FIXTURES / "un_sc_slice" / "UN_consolidated_slice.xml"
BUNDLED = bundled_root() / "un_sc_sanctions"
BUNDLED_FILE = BUNDLED / "UN_consolidated.xml"


def parse(path: Path) -> ParsedList:
    return UnConsolidatedXml().parse(path)


def by_entity(parsed: ParsedList) -> dict[str, list[Statement]]:
    out: dict[str, list[Statement]] = {}
    for st in parsed.statements:
        out.setdefault(st.entity_id, []).append(st)
    return out


def values(statements: list[Statement], prop: str) -> list[str]:
    return [st.value for st in statements if st.prop == prop]


def norm(value: str) -> str:
    return " ".join(value.split())


def name(value: str) -> str:
    """A name as followthemoney keeps it (the builder's contract, not the parser's)."""
    return registry.name.clean(norm(value)) or ""


def expected(path: Path) -> dict[str, object]:
    """What the file holds, read with plain ElementTree."""
    root = ET.parse(path).getroot()
    records = [r for r in root.iter() if r.tag in ("INDIVIDUAL", "ENTITY")]
    aliases: set[tuple[str, str]] = set()
    scripts: set[tuple[str, str]] = set()
    addresses: set[tuple[str, tuple[str, ...]]] = set()
    for rec in records:
        entity_id = f"unsc-{rec.findtext('DATAID')}"
        for address in rec:
            if not address.tag.endswith("_ADDRESS"):
                continue
            parts = tuple(
                norm(address.findtext(t) or "")
                for t in ("STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY")
            )
            if any(parts[:4]):
                addresses.add((entity_id, parts))
        for alias in rec.iter("ALIAS_NAME"):
            if alias.text and alias.text.strip():
                aliases.add((entity_id, name(alias.text)))
        original = rec.findtext("NAME_ORIGINAL_SCRIPT")
        if original and original.strip():
            scripts.add((entity_id, name(original)))
    return {
        "kinds": Counter(r.tag for r in records),
        "aliases": aliases,
        "scripts": scripts,
        "addresses": len(addresses),
    }


@pytest.fixture(scope="module")
def sliced() -> ParsedList:
    return parse(SLICE)


@pytest.fixture(scope="module")
def bundled() -> ParsedList:
    return parse(BUNDLED)


def check_counts(parsed: ParsedList, path: Path) -> None:
    want = expected(path)
    kinds = Counter(st.schema for st in parsed.statements if st.prop == "topics")
    kinds_want = want["kinds"]
    assert isinstance(kinds_want, Counter)
    assert kinds == {"Person": kinds_want["INDIVIDUAL"], "Organization": kinds_want["ENTITY"]}
    sanctions = {st.entity_id for st in parsed.statements if st.schema == "Sanction"}
    assert len(sanctions) == sum(kinds_want.values())
    names = {
        (st.entity_id, st.value)
        for st in parsed.statements
        if st.prop in ("alias", "weakAlias", "previousName")
    }
    assert names == want["aliases"] | want["scripts"]  # type: ignore[operator]
    addresses = [st for st in parsed.statements if st.prop == "address"]
    assert len(addresses) == want["addresses"]


def test_slice_counts_match_an_independent_read(sliced: ParsedList) -> None:
    check_counts(sliced, SLICE)
    assert sliced.version == "2026-02-27"
    assert sliced.dataset == "un_sc_sanctions"
    assert sliced.source_format == "un-xml-v1"


@pytest.mark.slow
def test_bundled_counts_match_an_independent_read(bundled: ParsedList) -> None:
    check_counts(bundled, BUNDLED_FILE)
    kinds = Counter(st.schema for st in bundled.statements if st.prop == "topics")
    assert kinds == {"Person": 730, "Organization": 273}
    raw = BUNDLED_FILE.read_text(encoding="utf-8")
    assert raw.count("<ALIAS_NAME") == 3043
    assert len(re.findall(r"<ALIAS_NAME>\s*[^<\s]", raw)) == 2752


@pytest.mark.slow
def test_bundled_original_script_names(bundled: ParsedList) -> None:
    raw = BUNDLED_FILE.read_text(encoding="utf-8")
    originals = re.findall(r"<NAME_ORIGINAL_SCRIPT>([^<]+)</NAME_ORIGINAL_SCRIPT>", raw)
    assert len(originals) == 378
    with_lang = [st for st in bundled.statements if st.prop == "alias" and st.lang]
    assert {st.lang for st in with_lang} <= {"ara", "rus", "fas"}
    assert len(with_lang) > 150


def test_source_record_names_file_record_and_line(sliced: ParsedList) -> None:
    lines = SLICE.read_text(encoding="utf-8").splitlines()
    dataid_line = next(i for i, line in enumerate(lines, 1) if "<DATAID>6908048<" in line)
    person = by_entity(sliced)["unsc-6908048"]
    assert {st.source_record for st in person} == {
        f"UN_consolidated_slice.xml:INDIVIDUAL[DATAID=6908048] (line {dataid_line - 1})"
    }
    assert lines[dataid_line - 2].strip() == "<INDIVIDUAL>"


def test_person_names_and_parts(sliced: ParsedList) -> None:
    person = by_entity(sliced)["unsc-6908664"]
    root = ET.parse(SLICE).getroot()
    rec = next(r for r in root.iter("INDIVIDUAL") if r.findtext("DATAID") == "6908664")
    parts = [rec.findtext(t) for t in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")]
    assert values(person, "name") == [" ".join(p.strip() for p in parts if p and p.strip())]
    assert values(person, "firstName") == [(parts[0] or "").strip()]
    assert values(person, "secondName") == [(parts[1] or "").strip()]
    assert values(person, "lastName") == []


def test_alias_qualities(sliced: ParsedList) -> None:
    entities = by_entity(sliced)
    gaston = entities["unsc-6908015"]
    root = ET.parse(SLICE).getroot()
    rec = next(r for r in root.iter("INDIVIDUAL") if r.findtext("DATAID") == "6908015")
    low = {
        norm(a.findtext("ALIAS_NAME") or "")
        for a in rec.iter("INDIVIDUAL_ALIAS")
        if a.findtext("QUALITY") == "Low"
    }
    good = {
        norm(a.findtext("ALIAS_NAME") or "")
        for a in rec.iter("INDIVIDUAL_ALIAS")
        if a.findtext("QUALITY") == "Good"
    }
    assert low and good
    assert set(values(gaston, "weakAlias")) == low
    assert set(values(gaston, "alias")) == good
    company = entities["unsc-6908402"]
    assert values(company, "previousName")
    assert values(company, "alias")


def test_original_script_alias_with_language(sliced: ParsedList) -> None:
    entities = by_entity(sliced)
    saddam = [st for st in entities["unsc-6908048"] if st.value == "صدام حسين التكريتي"]
    assert [(st.prop, st.lang) for st in saddam] == [("alias", "ara")]
    umarov = [st for st in entities["unsc-2960872"] if st.value == "Умаров Доку Хаматович"]
    assert [(st.prop, st.lang) for st in umarov] == [("alias", "rus")]


def test_script_lang_only_with_evidence() -> None:
    assert script_lang("محمد حسن آخوند", ["af"]) is None
    assert script_lang("صدام حسين", ["iq"]) == "ara"
    assert script_lang("Умаров", ["ru"]) == "rus"
    assert script_lang("Умаров", []) is None
    assert script_lang("김정은", []) == "kor"
    assert script_lang("Latin only", ["iq"]) is None


def test_between_and_approximately_dates(sliced: ParsedList) -> None:
    entities = by_entity(sliced)
    taganda = [st for st in entities["unsc-6908021"] if st.prop == "birthDate"]
    assert [(st.value, st.original_value) for st in taganda] == [
        ("1973", "BETWEEN 1973 AND 1974"),
        ("1974", "BETWEEN 1973 AND 1974"),
    ]
    approx = [st for st in entities["unsc-6908006"] if st.prop == "birthDate"]
    assert ("1966", "APPROXIMATELY 1966") in [(st.value, st.original_value) for st in approx]
    assert ("1962-03-17", None) in [(st.value, st.original_value) for st in approx]


def test_date_in_note_and_alias_birth_dates(sliced: ParsedList) -> None:
    entities = by_entity(sliced)
    noted = [st for st in entities["unsc-6907996"] if st.prop == "birthDate"]
    assert ("1973-11", "Nov. 1973") in [(st.value, st.original_value) for st in noted]
    jang = {
        st.value: st.original_value for st in entities["unsc-6908503"] if st.prop == "birthDate"
    }
    assert jang == {"1958-02-22": "1958-02-22 (as Jang Hyon U)", "1957-04-15": None}


def test_documents_keep_their_context(sliced: ParsedList) -> None:
    aziz = by_entity(sliced)["unsc-6908072"]
    passports = [st for st in aziz if st.prop == "passportNumber"]
    assert passports
    assert all(st.original_value and st.original_value.startswith("Passport ") for st in passports)
    ids = [st for st in by_entity(sliced)["unsc-6908010"] if st.prop == "idNumber"]
    assert (
        ids and ids[0].original_value and "National Identification Number" in ids[0].original_value
    )


def test_person_facts(sliced: ParsedList) -> None:
    entities = by_entity(sliced)
    assert values(entities["unsc-6908473"], "gender") == ["female"]
    assert values(entities["unsc-6908010"], "title")
    assert values(entities["unsc-6908664"], "position")
    saddam = entities["unsc-6908048"]
    assert values(saddam, "nationality") == ["iq"]
    assert values(saddam, "program") == ["Iraq"]
    assert values(saddam, "programId") == ["IQi.001"]
    assert values(saddam, "topics") == ["sanction"]
    assert values(entities["unsc-6908021"], "notes")


def test_addresses_join_parts_and_country_alone_sets_country(sliced: ParsedList) -> None:
    company = by_entity(sliced)["unsc-6908341"]
    root = ET.parse(SLICE).getroot()
    rec = next(r for r in root.iter("ENTITY") if r.findtext("DATAID") == "6908341")
    address = rec.find("ENTITY_ADDRESS")
    assert address is not None
    zip_code = (address.findtext("ZIP_CODE") or "").strip()
    assert zip_code and any(zip_code in v for v in values(company, "address"))
    assert values(company, "country")
    rwanda_only = by_entity(sliced)["unsc-6908021"]
    assert values(rwanda_only, "address") == []
    assert values(rwanda_only, "country")


def test_sanction_entity(sliced: ParsedList) -> None:
    sanction = by_entity(sliced)["unsc-6908048-sanction"]
    assert {st.schema for st in sanction} == {"Sanction"}
    assert values(sanction, "entity") == ["unsc-6908048"]
    assert values(sanction, "authority") == ["United Nations Security Council"]
    assert values(sanction, "program") == ["Iraq"]
    assert values(sanction, "unscId") == ["IQi.001"]
    root = ET.parse(SLICE).getroot()
    rec = next(r for r in root.iter("INDIVIDUAL") if r.findtext("DATAID") == "6908048")
    assert values(sanction, "listingDate") == [(rec.findtext("LISTED_ON") or "").strip()]


def test_detects_file_and_folder(tmp_path: Path) -> None:
    source, _ = detect_source(SLICE)
    assert source.NAME == "un-xml-v1"
    source, _ = detect_source(BUNDLED)
    assert source.NAME == "un-xml-v1"
    other = tmp_path / "other.xml"
    other.write_text("<unknown><thing/></unknown>")
    with pytest.raises(SourceError) as info:
        detect_source(other)
    assert str(other) in str(info.value)
    assert "unknown list format" in str(info.value)


def test_given_version_is_only_a_fallback(tmp_path: Path) -> None:
    parsed = UnConsolidatedXml().parse(SLICE, version="2020-01-01")
    assert parsed.version == "2026-02-27"
    assert any("2020-01-01" in note for note in parsed.notes)
    raw = SLICE.read_text(encoding="utf-8").replace(' dateGenerated="2026-02-27T00:00:09.554Z"', "")
    undated = tmp_path / "undated.xml"
    undated.write_text(raw, encoding="utf-8")
    assert UnConsolidatedXml().parse(undated, version="2026-01-01").version == "2026-01-01"
    with pytest.raises(InvalidInput) as info:
        UnConsolidatedXml().parse(undated)
    assert str(undated) in str(info.value)
    assert "line 2" in str(info.value)
    assert "dateGenerated" in str(info.value)


def test_wrong_root_element(tmp_path: Path) -> None:
    path = tmp_path / "eu.xml"
    path.write_text('<?xml version="1.0"?>\n<export generationDate="2026-01-01"/>\n')
    with pytest.raises(InvalidInput) as info:
        UnConsolidatedXml().parse(path)
    message = str(info.value)
    assert str(path) in message
    assert "line 2" in message
    assert "<CONSOLIDATED_LIST>" in message
    assert "<export>" in message


def test_record_without_dataid(tmp_path: Path) -> None:
    raw = SLICE.read_text(encoding="utf-8").replace("<DATAID>6908048</DATAID>", "", 1)
    path = tmp_path / "broken.xml"
    path.write_text(raw, encoding="utf-8")
    lines = raw.splitlines()
    first = lines.index("      <FIRST_NAME>SADDAM</FIRST_NAME>")
    line = max(i for i in range(first) if lines[i].strip() == "<INDIVIDUAL>") + 1
    with pytest.raises(InvalidInput) as info:
        UnConsolidatedXml().parse(path)
    assert info.value.field == "DATAID"
    assert f"line {line}" in str(info.value)
    assert str(path) in str(info.value)


def test_truncated_slice(tmp_path: Path) -> None:
    cut = SLICE.read_bytes()[:15000]
    path = tmp_path / "cut.xml"
    path.write_bytes(cut)
    last_line = cut.count(b"\n") + 1
    with pytest.raises(InvalidInput) as info:
        UnConsolidatedXml().parse(path)
    message = str(info.value)
    assert str(path) in message
    assert f"line {last_line}" in message
    assert "truncated" in message
