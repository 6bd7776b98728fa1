"""The EU Financial Sanctions Files parser, on a hand-written sample of the published schema.

Expected counts come from reading the sample with plain ElementTree here.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from moneytrail.errors import InvalidInput
from moneytrail.model import Statement
from moneytrail.model.ids import eu_id
from moneytrail.sources import ParsedList
from moneytrail.sources.detect import detect_source
from moneytrail.sources.eu_xml import EuFinancialSanctionsXml

SAMPLE_DIR = Path(__file__).parent.parent / "fixtures" / "eu_fsf_sample"
SAMPLE = SAMPLE_DIR / "eu_fsf_sample.xml"
NS = "{http://eu.europa.ec/fpi/fsd/export}"


@pytest.fixture(scope="module")
def parsed() -> ParsedList:
    return EuFinancialSanctionsXml().parse(SAMPLE)


def entity(parsed: ParsedList, entity_id: str) -> list[Statement]:
    return [st for st in parsed.statements if st.entity_id == entity_id]


def values(statements: list[Statement], prop: str) -> list[str]:
    return [st.value for st in statements if st.prop == prop]


def test_counts_match_an_independent_read(parsed: ParsedList) -> None:
    root = ET.parse(SAMPLE).getroot()
    entries = root.findall(f"{NS}sanctionEntity")
    names = [a for e in entries for a in e.findall(f"{NS}nameAlias")]
    kinds = [e.find(f"{NS}subjectType").get("code") for e in entries]  # type: ignore[union-attr]
    topics = [st for st in parsed.statements if st.prop == "topics"]
    assert len(topics) == len(entries) == 3
    assert [st.schema for st in topics] == [
        {"person": "Person", "enterprise": "Organization"}[k or ""] for k in kinds
    ]
    name_props = ("name", "alias", "weakAlias")
    assert len([st for st in parsed.statements if st.prop in name_props]) == len(names)
    assert len({st.entity_id for st in parsed.statements if st.schema == "Sanction"}) == 3
    assert parsed.version == "2026-03-02"
    assert parsed.dataset == "eu_fsf"
    assert parsed.source_format == "eu-fsf-xml-v1"


def test_ids_use_the_eu_reference_then_the_logical_id(parsed: ParsedList) -> None:
    ids = {st.entity_id for st in parsed.statements if st.prop == "topics"}
    assert ids == {"eu-fsf-EU.9001.01", "eu-fsf-EU.9002.02", "eu-fsf-logical-900303"}
    assert eu_id("EU.27.28") == "eu-fsf-EU.27.28"
    assert eu_id(None, 13) == "eu-fsf-logical-13"
    assert eu_id("  ", "13") == "eu-fsf-logical-13"


def test_strong_and_weak_names_with_languages(parsed: ParsedList) -> None:
    person = entity(parsed, "eu-fsf-EU.9001.01")
    names = [
        (st.prop, st.value, st.lang) for st in person if "lias" in st.prop or st.prop == "name"
    ]
    assert names == [
        ("name", "Yusuf Karim Al-Testi", None),
        ("alias", "Юсуф Карим Аль-Тести", "bul"),
        ("alias", "يوسف كريم التستي", "ara"),
        ("weakAlias", "Abu Karim", None),
        ("weakAlias", "Al-Shaykh", None),
    ]
    assert values(person, "firstName") == ["Yusuf"]
    assert values(person, "middleName") == ["Karim"]
    assert values(person, "lastName") == ["Al-Testi"]
    assert values(person, "title") == ["Sheikh"]
    assert values(person, "position") == ["Financier of a listed group"]
    assert values(person, "gender") == ["male"]


def test_birth_dates_citizenship_and_passport(parsed: ParsedList) -> None:
    person = entity(parsed, "eu-fsf-EU.9001.01")
    births = [(st.value, st.original_value) for st in person if st.prop == "birthDate"]
    assert births == [("1970", "circa 1970"), ("1971-04-28", None)]
    assert values(person, "birthPlace") == ["Aleppo, SYRIAN ARAB REPUBLIC"]
    assert values(person, "nationality") == ["sy"]
    (passport,) = [st for st in person if st.prop == "passportNumber"]
    assert passport.value == "N0012345"
    assert passport.original_value is not None
    assert "National passport" in passport.original_value
    assert "Issued in Damascus" in passport.original_value
    other = entity(parsed, "eu-fsf-logical-900303")
    assert values(other, "birthDate") == ["1980-09"]
    assert values(other, "idNumber") == ["ID-778899"]


def test_enterprise_address_and_contacts(parsed: ParsedList) -> None:
    company = entity(parsed, "eu-fsf-EU.9002.02")
    assert {st.schema for st in company} == {"Organization"}
    assert values(company, "address") == [
        "Ulitsa Testovaya 12, office 4, 123456 Moscow, RUSSIAN FEDERATION"
    ]
    assert values(company, "country") == ["ru", "ae"]
    assert values(company, "registrationNumber") == ["1027700000001"]
    assert values(company, "email") == ["info@northwind.example"]
    assert values(company, "phone")
    assert values(company, "website")


def test_sanction(parsed: ParsedList) -> None:
    sanction = entity(parsed, "eu-fsf-EU.9001.01-sanction")
    assert values(sanction, "entity") == ["eu-fsf-EU.9001.01"]
    assert values(sanction, "program") == ["TAQA"]
    assert values(sanction, "unscId") == ["QDi.999"]
    assert values(sanction, "authorityId") == ["EU.9001.01"]
    assert values(sanction, "listingDate") == ["2015-06-02"]
    assert values(sanction, "startDate") == ["2015-06-01"]
    assert values(sanction, "modifiedAt") == ["2020-01-11"]
    assert len(values(sanction, "sourceUrl")) == 2


def test_source_record_cites_reference_and_line(parsed: ParsedList) -> None:
    records = {st.source_record for st in entity(parsed, "eu-fsf-logical-900303")}
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, 1) if 'logicalId="900303"' in text)
    assert records == {f"eu_fsf_sample.xml:sanctionEntity[logicalId=900303] (line {line})"}


def test_detected_as_file_and_folder() -> None:
    assert detect_source(SAMPLE)[0].NAME == "eu-fsf-xml-v1"
    assert detect_source(SAMPLE_DIR)[0].NAME == "eu-fsf-xml-v1"


def test_entry_without_any_id(tmp_path: Path) -> None:
    raw = SAMPLE.read_text(encoding="utf-8").replace(' logicalId="900303"', "", 1)
    path = tmp_path / "broken.xml"
    path.write_text(raw, encoding="utf-8")
    lines = raw.splitlines()
    line = next(
        i for i, t in enumerate(lines, 1) if "<sanctionEntity" in t and "Reference" not in t
    )
    with pytest.raises(InvalidInput) as info:
        EuFinancialSanctionsXml().parse(path)
    assert str(path) in str(info.value)
    assert f"line {line}" in str(info.value)
    assert info.value.field == "euReferenceNumber"


def test_wrong_root(tmp_path: Path) -> None:
    path = tmp_path / "x.xml"
    path.write_text(
        '<?xml version="1.0"?>\n<other xmlns="http://eu.europa.ec/fpi/fsd/export">'
        '<sanctionEntity logicalId="1"/></other>\n'
    )
    with pytest.raises(InvalidInput) as info:
        EuFinancialSanctionsXml().parse(path)
    message = str(info.value)
    assert str(path) in message
    assert "line 2" in message
    assert "<export>" in message


def test_truncated_export(tmp_path: Path) -> None:
    cut = SAMPLE.read_bytes()[:3000]
    path = tmp_path / "cut.xml"
    path.write_bytes(cut)
    last_line = cut.count(b"\n") + 1
    with pytest.raises(InvalidInput) as info:
        EuFinancialSanctionsXml().parse(path)
    assert str(path) in str(info.value)
    assert f"line {last_line}" in str(info.value)
    assert "truncated" in str(info.value)


# --- the primary name of a real slice (issue 15) --------------------------------------------

REAL_2020 = Path(__file__).parent.parent / "fixtures" / "eu_fsf_2020-04_slice" / "eu_fsf_head7.xml"
_ALIAS_RUN = re.compile(r"(?:[ \t]*<nameAlias\b.*?</nameAlias>\n)+", re.S)
_ALIAS = re.compile(r"[ \t]*<nameAlias\b.*?</nameAlias>\n", re.S)


def reversed_aliases(text: str) -> str:
    """The same file with each entry's nameAlias elements in reverse order (same line count)."""
    return _ALIAS_RUN.sub(lambda run: "".join(reversed(_ALIAS.findall(run[0]))), text)


def names(parsed: ParsedList) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for st in parsed.statements:
        if st.prop == "name":
            found.setdefault(st.entity_id, set()).add(st.value)
    return found


def test_saddam_husseins_entry_is_captioned_by_his_name(tmp_path: Path) -> None:
    text = REAL_2020.read_text(encoding="utf-8")
    first = re.search(r'<nameAlias [^>]*wholeName="([^"]*)"', text)
    assert first is not None and first[1] == "Abou Ali"  # the file's own first name
    parsed = EuFinancialSanctionsXml().parse(REAL_2020)
    captions = names(parsed)
    assert captions[eu_id("EU.27.28", "13")] == {"Saddam Hussein Al-Tikriti"}
    assert all(len(v) == 1 for v in captions.values())
    assert "Abou Ali" in {
        st.value for st in parsed.statements if st.entity_id == eu_id("EU.27.28", "13")
    }


def test_reordering_aliases_changes_no_caption_and_no_diff(tmp_path: Path) -> None:
    from moneytrail.store import diff_lists

    text = REAL_2020.read_text(encoding="utf-8")
    shuffled = reversed_aliases(text)
    assert shuffled != text and sorted(shuffled.splitlines()) == sorted(text.splitlines())
    copy = tmp_path / REAL_2020.name
    copy.write_text(shuffled, encoding="utf-8")
    old, new = EuFinancialSanctionsXml().parse(REAL_2020), EuFinancialSanctionsXml().parse(copy)
    assert names(old) == names(new)
    assert len(diff_lists(old, new).changes) == 0


REAL_2026 = (
    Path(__file__).parent.parent / "fixtures" / "eu_fsf_2026-08_slice" / "eu_fsf_4entities.xml"
)


def test_placeholder_city_is_no_place_and_documents_keep_their_issuer() -> None:
    text = REAL_2026.read_text(encoding="utf-8")
    assert text.count('city="-"') == 2 and 'countryDescription="PAKISTAN"' in text
    parsed = EuFinancialSanctionsXml().parse(REAL_2026)
    places = [st.value for st in parsed.statements if st.prop in ("birthPlace", "address")]
    assert places and not [p for p in places if p.startswith("-")]
    ksm = eu_id("EU.3579.2", "191")
    assert values(entity(parsed, ksm), "birthCountry") == ["pk"]
    # Named by the first name in the regulation's language (EN), not by "Ali Salem".
    assert values(entity(parsed, ksm), "name") == ["Khalid Sheikh MOHAMMED"]
    doc = entity(parsed, f"{ksm}-passport-488555")
    assert (values(doc, "holder"), values(doc, "type")) == ([ksm], ["National passport"])
    assert values(doc, "country") == []  # countryIso2Code="00": the EU does not know
