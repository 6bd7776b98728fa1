"""EU legacy WHOLE XML: a real 2016 slice, counted by an independent ElementTree walk."""

from __future__ import annotations

from pathlib import Path
from xml.etree.ElementTree import Element

import pytest
from defusedxml import ElementTree as SafeET

from moneytrail.errors import InvalidInput
from moneytrail.model.ids import EU_FSF
from moneytrail.sources.base import ParsedList
from moneytrail.sources.detect import detect_source
from moneytrail.sources.eu_whole_xml import EuWholeXml

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SAMPLE = FIXTURES / "eu_whole_xml_2016_slice" / "global_slice.xml"
NAME_PROPS = ("name", "alias")


@pytest.fixture(scope="module")
def parsed() -> ParsedList:
    return EuWholeXml().parse(SAMPLE)


def _entities() -> list[Element]:
    root: Element = SafeET.parse(SAMPLE).getroot()
    return root.findall("ENTITY")


def _values(parsed: ParsedList, entity_id: str, prop: str) -> set[str]:
    return {s.value for s in parsed.statements if s.entity_id == entity_id and s.prop == prop}


def test_detected_and_not_confused_with_the_fsf_export() -> None:
    source, _ = detect_source(SAMPLE)
    assert source.NAME == "eu-whole-xml-v1"
    assert not EuWholeXml.detect(FIXTURES / "eu_fsf_sample" / "eu_fsf_sample.xml")


def test_version_is_the_day_first_root_date(parsed: ParsedList) -> None:
    assert (parsed.dataset, parsed.version) == (EU_FSF, "2016-02-11")


def test_entities_and_schemas_agree_with_an_independent_walk(parsed: ParsedList) -> None:
    ents = _entities()
    assert len(ents) == 14
    for ent in ents:
        eid = f"eu-fsf-logical-{ent.get('Id')}"
        schemas = {s.schema for s in parsed.statements if s.entity_id == eid}
        assert schemas == {"Person" if ent.get("Type") == "P" else "Organization"}
    sanctions = {s.entity_id for s in parsed.statements if s.schema == "Sanction"}
    assert len(sanctions) == len(ents)


def test_every_name_is_kept_once_per_entity(parsed: ParsedList) -> None:
    expected = {
        (f"eu-fsf-logical-{ent.get('Id')}", " ".join(whole.split()))
        for ent in _entities()
        for name in ent.findall("NAME")
        if (whole := name.findtext("WHOLENAME"))
    }
    got = {(s.entity_id, s.value) for s in parsed.statements if s.prop in NAME_PROPS}
    assert got == expected
    primaries = [s for s in parsed.statements if s.prop == "name"]
    assert len(primaries) == len(_entities())


def test_primary_name_is_the_english_one_with_the_lowest_id(parsed: ParsedList) -> None:
    """Saddam Hussein is captioned by his name, not by "Abou Ali" or file order."""
    assert _values(parsed, "eu-fsf-logical-13", "name") == {"Saddam Hussein Al-Tikriti"}
    assert "Abou Ali" in _values(parsed, "eu-fsf-logical-13", "alias")
    french = [s for s in parsed.statements if s.value == "Abou Ali"]
    assert {s.lang for s in french} == {"fra"}


def test_primary_name_does_not_depend_on_file_order(tmp_path: Path) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    start = text.index('<NAME Id="17" Entity_id="13"')
    end = text.index("</NAME>", start) + len("</NAME>\n")
    block = text[start:end]
    moved = text[:start] + text[end:]
    anchor = moved.index("<BIRTH", start)
    reordered = tmp_path / "reordered.xml"
    reordered.write_text(moved[:anchor] + block + moved[anchor:], encoding="utf-8")
    names = {
        s.value
        for s in EuWholeXml().parse(reordered).statements
        if s.entity_id == "eu-fsf-logical-13" and s.prop == "name"
    }
    assert names == {"Saddam Hussein Al-Tikriti"}


def test_birth_dates_citizenship_and_documents(parsed: ParsedList) -> None:
    ents = _entities()
    with_birth = {
        f"eu-fsf-logical-{e.get('Id')}"
        for e in ents
        if any(b.findtext("DATE") for b in e.iter("BIRTH"))
    }
    got = {s.entity_id for s in parsed.statements if s.prop == "birthDate"}
    assert got == with_birth
    assert _values(parsed, "eu-fsf-logical-1", "birthDate") == {"1924-02-21"}
    assert _values(parsed, "eu-fsf-logical-13", "nationality") == {"iq"}
    assert _values(parsed, "eu-fsf-logical-1", "passportNumber") == {"AD001095"}
    numbers = sum(1 for e in ents for p in e.findall("PASSPORT") if p.findtext("NUMBER"))
    doc_props = ("passportNumber", "idNumber", "socialSecurityNumber")
    kept = [s for s in parsed.statements if s.prop in doc_props]
    repeats = [s for s in parsed.statements if s.value.startswith("Identification: ")]
    assert len(kept) + len(repeats) == numbers


def test_approximate_range_becomes_every_year() -> None:
    parsed = EuWholeXml().parse(SAMPLE)
    ranged = [
        s for s in parsed.statements if s.prop == "birthDate" and " - " in (s.original_value or "")
    ]
    assert ranged, "the slice holds a 'YYYY - YYYY (approximative)' birth date"
    first = ranged[0].original_value or ""
    y0, y1 = int(first[:4]), int(first[7:11])
    years = {
        s.value for s in ranged if s.entity_id == ranged[0].entity_id and s.original_value == first
    }
    assert years == {str(y) for y in range(y0, y1 + 1)}


def test_bad_root_date_names_the_field(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_text(SAMPLE.read_text(encoding="utf-8").replace("11/02/2016", "2016.02.11"), "utf-8")
    with pytest.raises(InvalidInput) as err:
        EuWholeXml().parse(bad)
    assert (err.value.file, err.value.field) == (str(bad), "Date")


def test_unknown_type_names_line(tmp_path: Path) -> None:
    text = SAMPLE.read_text(encoding="utf-8").replace('Id="20" Type="P"', 'Id="20" Type="X"')
    bad = tmp_path / "bad.xml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidInput) as err:
        EuWholeXml().parse(bad)
    assert err.value.line == text[: text.index('Type="X"')].count("\n") + 1
    assert err.value.field == "Type"
