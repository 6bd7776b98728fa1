"""OFAC enhanced XML: real slices (zipped Consolidated list, IRGC export), counted independently."""

from __future__ import annotations

import re
import unicodedata
import zipfile
from collections.abc import Iterator
from pathlib import Path
from xml.etree.ElementTree import Element

import pytest
from defusedxml import ElementTree as SafeET

from moneytrail.errors import InvalidInput
from moneytrail.model.ids import OFAC_CONS, OFAC_SDN
from moneytrail.sources.base import ParsedList
from moneytrail.sources.detect import detect_source
from moneytrail.sources.ofac_csv import OfacConsCsv
from moneytrail.sources.ofac_enhanced import OfacEnhancedXml

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ZIPPED = FIXTURES / "ofac_enhanced_slices" / "CONS_ENHANCED_slice.ZIP"
IRGC = FIXTURES / "ofac_enhanced_slices" / "IRGC_sanctions_slice.xml"
CONS_CSV = FIXTURES / "ofac_cons_2025-12_slice"
NAME_PROPS = ("name", "alias", "weakAlias", "previousName")


def _xml_text(path: Path) -> str:
    if path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path) as archive:
            return archive.read("CONS_ENHANCED.XML").decode("utf-8")
    return path.read_text(encoding="utf-8")


def _ln(elem: Element) -> str:
    return elem.tag.rsplit("}", 1)[-1]


def _entities(path: Path) -> list[Element]:
    """The <entity> elements, by a plain ElementTree walk (independent of the parser)."""
    root = SafeET.fromstring(_xml_text(path))
    return [e for e in root.iter() if _ln(e) == "entity"]


def _sub(elem: Element, *names: str) -> Iterator[Element]:
    level = [elem]
    for name in names:
        level = [c for p in level for c in p if _ln(c) == name]
    yield from level


def _txt(elem: Element, name: str) -> str:
    return next((c.text or "" for c in elem if _ln(c) == name), "").strip()


def _norm(name: str) -> str:
    return " ".join("".join(ch for ch in name if unicodedata.category(ch) != "Cf").split())


@pytest.fixture(scope="module", params=[ZIPPED, IRGC], ids=["cons-zip", "irgc-xml"])
def case(request: pytest.FixtureRequest) -> tuple[Path, ParsedList]:
    path: Path = request.param
    return path, OfacEnhancedXml().parse(path)


def _values(parsed: ParsedList, entity_id: str, prop: str) -> set[str]:
    return {s.value for s in parsed.statements if s.entity_id == entity_id and s.prop == prop}


def test_both_fixtures_are_detected_as_enhanced() -> None:
    for path in (ZIPPED, IRGC):
        source, target = detect_source(path)
        assert source.NAME == "ofac-enhanced-xml-v1" and target == path
    assert not OfacEnhancedXml.detect(CONS_CSV / "cons_prim.csv")


def test_dataset_and_version_come_from_the_file() -> None:
    cons = OfacEnhancedXml().parse(ZIPPED)
    irgc = OfacEnhancedXml().parse(IRGC, version="2000-01-01")
    assert (cons.dataset, cons.version) == (OFAC_CONS, "2025-01-10")
    # The IRGC export is filtered to every list, but each of its entries is on the SDN List.
    assert (irgc.dataset, irgc.version) == (OFAC_SDN, "2024-08-28")
    assert any("2000-01-01 given" in note for note in irgc.notes)
    assert {s.dataset for s in cons.statements} == {OFAC_CONS}


def test_renamed_consolidated_file_stays_consolidated(tmp_path: Path) -> None:
    """The list names inside decide, not the file name."""
    renamed = tmp_path / "sdn_enhanced.zip"
    renamed.write_bytes(ZIPPED.read_bytes())
    assert OfacEnhancedXml().parse(renamed).dataset == OFAC_CONS


def test_entity_count_and_ids_agree_with_an_independent_walk(case: tuple[Path, ParsedList]) -> None:
    path, parsed = case
    expected = {f"ofac-{e.get('id')}" for e in _entities(path)}
    main = {s.entity_id for s in parsed.statements if re.fullmatch(r"ofac-\d+", s.entity_id)}
    assert main == expected
    sanctions = {s.entity_id for s in parsed.statements if s.schema == "Sanction"}
    assert sanctions == {f"{eid}-sanction" for eid in expected}


def test_every_name_translation_is_kept(case: tuple[Path, ParsedList]) -> None:
    path, parsed = case
    expected: set[tuple[str, str]] = set()
    weak: set[tuple[str, str]] = set()
    primary: dict[str, str] = {}
    for ent in _entities(path):
        eid = f"ofac-{ent.get('id')}"
        for name in _sub(ent, "names", "name"):
            for trans in _sub(name, "translations", "translation"):
                full = _norm(_txt(trans, "formattedFullName"))
                expected.add((eid, full))
                latin = _txt(trans, "script") == "Latin"
                if _txt(name, "isLowQuality") == "true" and latin:
                    weak.add((eid, full))
                if _txt(name, "isPrimary") == "true" and latin:
                    primary[eid] = full
    got = {(s.entity_id, s.value) for s in parsed.statements if s.prop in NAME_PROPS}
    assert got == expected
    assert {(s.entity_id, s.value) for s in parsed.statements if s.prop == "weakAlias"} == weak
    names = {s.entity_id: s.value for s in parsed.statements if s.prop == "name"}
    assert names == primary


def test_birth_dates_agree_with_the_features(case: tuple[Path, ParsedList]) -> None:
    path, parsed = case
    years: dict[str, set[str]] = {}
    for ent in _entities(path):
        for feature in _sub(ent, "features", "feature"):
            if _txt(feature, "type") == "Birthdate":
                begin = next(_sub(feature, "valueDate", "fromDateBegin")).text or ""
                years.setdefault(f"ofac-{ent.get('id')}", set()).add(begin[:4])
    got: dict[str, set[str]] = {}
    for s in parsed.statements:
        if s.prop == "birthDate":
            got.setdefault(s.entity_id, set()).add(s.value[:4])
    assert set(got) == set(years)
    for eid, wanted in years.items():
        assert wanted <= got[eid]


def test_digital_currency_addresses_become_wallets() -> None:
    parsed = OfacEnhancedXml().parse(IRGC)
    expected: set[tuple[str, str, str]] = set()
    for ent in _entities(IRGC):
        for feature in _sub(ent, "features", "feature"):
            label = _txt(feature, "type")
            if label.startswith("Digital Currency Address - "):
                currency = label.rsplit(" ", 1)[-1]
                expected.add((f"ofac-{ent.get('id')}", _txt(feature, "value"), currency))
    assert len(expected) == 7
    wallets = {s.entity_id for s in parsed.statements if s.schema == "CryptoWallet"}
    got = {
        (
            next(iter(_values(parsed, w, "holder"))),
            next(iter(_values(parsed, w, "publicKey"))),
            next(iter(_values(parsed, w, "currencySymbol"))),
        )
        for w in wallets
    }
    assert got == expected


def test_relationships_become_links_or_notes(case: tuple[Path, ParsedList]) -> None:
    path, parsed = case
    ents = _entities(path)
    ids = {e.get("id") for e in ents}
    inside = outside = 0
    for ent in ents:
        for rel in _sub(ent, "relationships", "relationship"):
            target = next(_sub(rel, "relatedEntity")).get("entityId")
            inside, outside = (inside + 1, outside) if target in ids else (inside, outside + 1)
    links = {s.entity_id for s in parsed.statements if "-link-" in s.entity_id}
    assert len(links) == inside > 0
    notes = [s for s in parsed.statements if s.prop == "notes" and "not in this file" in s.value]
    assert len(notes) == outside > 0


def test_owned_by_is_an_ownership_of_the_right_direction() -> None:
    parsed = OfacEnhancedXml().parse(ZIPPED)
    owned = [
        s.entity_id for s in parsed.statements if s.prop == "asset" and s.value == "ofac-17017"
    ]
    assert len(owned) == 1
    assert _values(parsed, owned[0], "owner") == {"ofac-17013"}
    assert {s.schema for s in parsed.statements if s.entity_id == "ofac-17017"} == {"Company"}


def test_documents_programmes_and_sanction(case: tuple[Path, ParsedList]) -> None:
    path, parsed = case
    for ent in _entities(path):
        eid = f"ofac-{ent.get('id')}"
        programs = {p.text for p in _sub(ent, "sanctionsPrograms", "sanctionsProgram")}
        assert _values(parsed, f"{eid}-sanction", "program") == programs
        assert _values(parsed, eid, "program") == programs
    if path == IRGC:
        doc = "ofac-26123-passport-G9333110"  # issued 2014-03-03, expires 2019-03-03, Iran
        assert _values(parsed, doc, "holder") == {"ofac-26123"}
        assert _values(parsed, doc, "startDate") == {"2014-03-03"}
        assert _values(parsed, doc, "endDate") == {"2019-03-03"}
        assert _values(parsed, doc, "country") == {"ir"}


def test_ids_agree_with_the_csv_parser() -> None:
    """VTB Bank is ``ofac-17013`` in the Consolidated CSV and in the enhanced XML alike."""
    csv = OfacConsCsv().parse(CONS_CSV, version="2025-12-01")
    xml = OfacEnhancedXml().parse(ZIPPED)
    csv_name = {s.value for s in csv.statements if s.entity_id == "ofac-17013" and s.prop == "name"}
    assert csv_name == _values(xml, "ofac-17013", "name") == {"VTB BANK PUBLIC JOINT STOCK COMPANY"}


def test_entity_without_id_names_file_and_line(tmp_path: Path) -> None:
    text = IRGC.read_text(encoding="utf-8").replace('<entity id="26123">', "<entity>", 1)
    bad = tmp_path / "bad.xml"
    bad.write_text(text, encoding="utf-8")
    line = text[: text.index("<entity>")].count("\n") + 1
    with pytest.raises(InvalidInput) as err:
        OfacEnhancedXml().parse(bad)
    assert (err.value.file, err.value.line, err.value.field) == (str(bad), line, "id")


def test_truncated_zip_member_is_named(tmp_path: Path) -> None:
    text = _xml_text(ZIPPED)
    bad = tmp_path / "CONS_ENHANCED.ZIP"
    with zipfile.ZipFile(bad, "w") as archive:
        archive.writestr("CONS_ENHANCED.XML", text[: len(text) // 2])
    with pytest.raises(InvalidInput) as err:
        OfacEnhancedXml().parse(bad)
    assert err.value.file == f"{bad}!CONS_ENHANCED.XML"
    assert "truncated" in str(err.value)


def test_zip_without_enhanced_xml_is_not_detected(tmp_path: Path) -> None:
    other = tmp_path / "other.zip"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("SDN.XML", "<sdnList></sdnList>")
    assert not OfacEnhancedXml.detect(other)
    assert not OfacEnhancedXml.detect(IRGC.with_suffix(".missing"))


def test_oversized_zip_member_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """The unpacked size is checked before unpacking: a zip bomb never reaches the disk."""
    monkeypatch.setattr("moneytrail.sources.xmlzip.MAX_ZIP_MEMBER", 1000)
    with pytest.raises(InvalidInput, match="more than the 1000 allowed"):
        OfacEnhancedXml().parse(ZIPPED)
