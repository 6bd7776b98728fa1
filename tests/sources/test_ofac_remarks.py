"""Reading OFAC Remarks, one phrasing at a time (the phrasings are OFAC's own)."""

from __future__ import annotations

import pytest
from followthemoney import model

from moneytrail.model import EntityBuilder, Provenance
from moneytrail.sources.ofac_facts import NameIndex, add_fact, apply_remarks
from moneytrail.sources.ofac_remarks import (
    LINKED_TO,
    LISTING_DATE,
    NOTES,
    PROVISIONS,
    START_DATE,
    normalise_phone,
    parse_remarks,
    parse_segment,
    prop_for,
    split_remarks,
)


@pytest.mark.parametrize(
    ("segment", "expected"),
    [
        ("DOB 21 Mar 1955", [("birthDate", "1955-03-21")]),
        ("alt. DOB 15 Jun 1976", [("birthDate", "1976-06-15")]),
        ("DOB 1960", [("birthDate", "1960")]),
        ("DOB Apr 1961", [("birthDate", "1961-04")]),
        ("DOB circa 1951", [("birthDate", "1951")]),
        ("DOB circa 1979-1982", [("birthDate", y) for y in ("1979", "1980", "1981", "1982")]),
        ("DOB 1929 to 1930", [("birthDate", "1929"), ("birthDate", "1930")]),
        ("POB Al Karouan, Lebanon", [("birthPlace", "Al Karouan, Lebanon")]),
        ("nationality Sierra Leone", [("nationality", "Sierra Leone")]),
        ("alt. nationality Lebanon.", [("nationality", "Lebanon")]),
        ("citizen Colombia", [("citizenship", "Colombia")]),
        ("Gender Male", [("gender", "Male")]),
    ],
)
def test_person_facts(segment: str, expected: list[tuple[str, str]]) -> None:
    assert parse_segment(segment) == expected


@pytest.mark.parametrize(
    ("segment", "expected"),
    [
        ("Passport 0285669 (Sierra Leone)", ("passportNumber", "0285669")),
        ("alt. Passport RL 1794375 (Lebanon).", ("passportNumber", "RL 1794375")),
        (
            "Passport K754050 issued 26 May 1999 expires 25 May 2004",
            ("passportNumber", "K754050"),
        ),
        ("Diplomatic Passport 008827 (Iran) issued 1999.", ("passportNumber", "008827")),
        ("National ID No. 216040 (Yemen)", ("idNumber", "216040")),
        ("Cedula No. 84075050 (Colombia)", ("idNumber", "84075050")),
        ("C.U.R.P. # HESU430525HBCRMR13 (Mexico)", ("idNumber", "HESU430525HBCRMR13")),
        ("C.U.R.P. ZANM821122MSLMBD07 (Mexico).", ("idNumber", "ZANM821122MSLMBD07")),
        ("R.F.C. # PMA-910805 (Mexico).", ("taxNumber", "PMA-910805")),
        ("D.N.I. 78.865.882 (Spain)", ("idNumber", "78.865.882")),
        ("Identification Number 2.194.575 (Paraguay)", ("idNumber", "2.194.575")),
        ("SSN 523-33-8386 (United States)", ("socialSecurityNumber", "523-33-8386")),
        ("Tax ID No. 7744001497 (Russia)", ("taxNumber", "7744001497")),
        ("NIT # 800018928-0 (Colombia).", ("taxNumber", "800018928-0")),
        ("C.U.I.T. 30-68074603-2 (Argentina).", ("taxNumber", "30-68074603-2")),
        ("C.U.I. 2891761150920 (Guatemala)", ("idNumber", "2891761150920")),
        ("Registration Number 26740 (Iran)", ("registrationNumber", "26740")),
        ("Registration ID 14063277.", ("registrationNumber", "14063277")),
        ("Company Number 01074897 (United Kingdom).", ("registrationNumber", "01074897")),
        (
            "Folio Mercantil No. 343997 (Mexico) issued 14 Dec 2005.",
            ("registrationNumber", "343997"),
        ),
        ("V.A.T. Number MT20084637 (Malta)", ("vatCode", "MT20084637")),
        ("Legal Entity Number 253400WSS48YWMBUA688", ("leiCode", "253400WSS48YWMBUA688")),
        ("D-U-N-S Number 542957624", ("dunsCode", "542957624")),
        ("SWIFT/BIC AGSZRU31", ("swiftBic", "AGSZRU31")),
        (
            "Unified Social Credit Code (USCC) 91110000710934369E(China)",
            ("uscCode", "91110000710934369E"),
        ),
    ],
)
def test_identifiers(segment: str, expected: tuple[str, str]) -> None:
    assert parse_segment(segment) == [expected]


@pytest.mark.parametrize(
    ("segment", "expected"),
    [
        ("Vessel Registration Identification IMO 7406784", ("imoNumber", "7406784")),
        ("Identification Number IMO 5342883.", ("imoNumber", "5342883")),
        ("Company Number IMO 5055293.", ("imoNumber", "5055293")),
        ("MMSI 572469210", ("mmsi", "572469210")),
        ("alt. Former Vessel Flag Tuvalu", ("pastFlags", "Tuvalu")),
        ("Vessel Year of Build 1999", ("buildDate", "1999")),
        ("Other Vessel Call Sign 5IM713", ("callSign", "5IM713")),
        ("Aircraft Manufacture Date 1992", ("buildDate", "1992")),
        ("Aircraft Manufacture Date 01 Apr 1992", ("buildDate", "1992-04-01")),
        ("Aircraft Model IL-76TD", ("model", "IL-76TD")),
        ("Aircraft Manufacturer's Serial Number (MSN) 1023409321", ("serialNumber", "1023409321")),
        ("Aircraft Tail Number EP-MMH", ("registrationNumber", "EP-MMH")),
        ("Aircraft Operator Iran Air", ("operator", "Iran Air")),
        ("Aircraft Mode S Transponder Code 140AE7", ("icaoCode", "140AE7")),
        ("Nationality of Registration Korea, North", ("country", "Korea, North")),
    ],
)
def test_vessel_and_aircraft(segment: str, expected: tuple[str, str]) -> None:
    assert parse_segment(segment) == [expected]


@pytest.mark.parametrize(
    ("segment", "expected"),
    [
        ("Email Address info@nitc.co.ir", ("email", "info@nitc.co.ir")),
        ("Phone Number 982188526300", ("phone", "+982188526300")),
        ("Telephone (98)(21)(66153220)", ("phone", "+982166153220")),
        ("Telephone: 0097282851500", ("phone", "+97282851500")),
        ("Website www.tajco-ltd.com", ("website", "www.tajco-ltd.com")),
        ("alt. Website http://waatasemu.org.ly.", ("website", "http://waatasemu.org.ly")),
        ("http://www.saraproperties.co.uk (website).", ("website", "http://www.saraproperties.co.uk")),
        ("Organization Established Date 1969.", ("incorporationDate", "1969")),
        ("Organization Established Date Oct 1920", ("incorporationDate", "1920-10")),
        ("Organization Type: Holding companies", ("sector", "Holding companies")),
        ("Target Type Financial Institution", ("classification", "Financial Institution")),
        ("Position: Director, GID.", ("position", "Director, GID")),
    ],
)  # fmt: skip
def test_contact_and_organisation_facts(segment: str, expected: tuple[str, str]) -> None:
    assert parse_segment(segment) == [expected]


@pytest.mark.parametrize(
    ("segment", "expected"),
    [
        ("a.k.a. 'RUSAG'.", [("weakAlias", "RUSAG")]),
        ("a.k.a. 'ABU-'UMAR'", [("weakAlias", "ABU-'UMAR")]),
        ("f.k.a. 'ANSAR INSTITUTE'", [("weakAlias", "ANSAR INSTITUTE")]),
        ("n.k.a. 'NEW NAME'", [("weakAlias", "NEW NAME")]),
        ("Linked To: GRUPO CINJAB, S.A. DE C.V.", [(LINKED_TO, "GRUPO CINJAB, S.A. DE C.V.")]),
        ("Listing Date (CMIC) 03 Jun 2021", [(LISTING_DATE, "2021-06-03")]),
        ("Listing Date (EO 14024 Directive 3): 24 Feb 2022", [(LISTING_DATE, "2022-02-24")]),
        ("Effective Date (CMIC) 02 Aug 2021", [(START_DATE, "2021-08-02")]),
    ],
)
def test_aliases_links_and_sanction_facts(segment: str, expected: list[tuple[str, str]]) -> None:
    assert parse_segment(segment) == expected


def test_provisions_keep_the_whole_phrase() -> None:
    segment = "Secondary sanctions risk: section 1(b) of Executive Order 13224, as amended"
    assert parse_segment(segment) == [(PROVISIONS, segment)]


@pytest.mark.parametrize(
    "segment", ["Member of the Upper House of Parliament.", "Fax 123", "ICTY indictee."]
)
def test_unknown_segments_are_not_guessed(segment: str) -> None:
    assert parse_segment(segment) == []
    (remark,) = parse_remarks(segment)
    assert (remark.prop, remark.value) == (NOTES, segment)


def test_split_keeps_offsets_and_only_splits_on_semicolons() -> None:
    text = "Linked To: X, S.A. DE C.V.;  a.k.a. 'Y'; DOB 1960."
    segments = split_remarks(text)
    assert [s for _, s in segments] == ["Linked To: X, S.A. DE C.V.", "a.k.a. 'Y'", "DOB 1960."]
    for start, segment in segments:
        assert text[start : start + len(segment)] == segment


def test_parse_remarks_keeps_the_original_phrase() -> None:
    remarks = parse_remarks("nationality Lebanon; alt. Passport RL 1794375 (Lebanon).")
    assert [(r.prop, r.value, r.original) for r in remarks] == [
        ("nationality", "Lebanon", "nationality Lebanon"),
        ("passportNumber", "RL 1794375", "alt. Passport RL 1794375 (Lebanon)."),
    ]


def test_normalise_phone_leaves_local_and_odd_numbers_alone() -> None:
    assert normalise_phone("03889402") == "03889402"
    assert normalise_phone("850 2 18111 ext. 8221") == "850 2 18111 ext. 8221"
    assert normalise_phone("+97165030600") == "+97165030600"


def test_prop_for_walks_the_fallbacks() -> None:
    person, vessel = model.get("Person"), model.get("Vessel")
    company = model.get("Company")
    assert person is not None and vessel is not None and company is not None
    assert prop_for(person, "passportNumber") == "passportNumber"
    assert prop_for(company, "passportNumber") == "idNumber"
    assert prop_for(vessel, "passportNumber") == "registrationNumber"
    assert prop_for(vessel, "nationality") == NOTES
    assert prop_for(company, "position") == NOTES


def test_name_index_needs_one_exact_match() -> None:
    index = NameIndex()
    index.add("HIZBALLAH", "4697", primary=True)
    index.add("PARTY OF GOD", "4697", primary=False)
    index.add("TWIN", "1", primary=True)
    index.add("TWIN", "2", primary=True)
    assert index.resolve("HIZBALLAH.", "2686") == "4697"
    assert index.resolve("party of  god", "2686") == "4697"
    assert index.resolve("HIZBALLAH", "4697") is None  # never a link to oneself
    assert index.resolve("TWIN", "3") is None  # ambiguous
    assert index.resolve("NOBODY", "3") is None


def _builders(schema: str) -> tuple[EntityBuilder, EntityBuilder]:
    prov = Provenance("us_ofac_sdn", "2024-05-03", "sdn.csv:1")
    return EntityBuilder("ofac-1", schema, prov), EntityBuilder("ofac-1-sanction", "Sanction", prov)


def test_apply_remarks_routes_facts() -> None:
    entity, sanction = _builders("Vessel")
    index = NameIndex()
    index.add("OWNER CO", "2", primary=True)
    text = (
        "Passport 123 (Iran); Listing Date (CMIC) 03 Jun 2021; Linked To: OWNER CO.; "
        "Linked To: NOBODY; Aircraft Operator OWNER CO; IMO 1234567"
    )
    prov = Provenance("us_ofac_sdn", "2024-05-03", "sdn.csv:1")
    links = apply_remarks(entity, sanction, text, lambda start, end: prov, index.resolve)
    assert entity.values("registrationNumber") == ["123"]  # a Vessel has no passport
    assert entity.values("imoNumber") == ["1234567"]
    assert entity.values("operator") == ["ofac-2"]
    assert sanction.values("listingDate") == ["2021-06-03"]
    (link,) = links
    assert link.id == "ofac-1-link-2"
    assert link.values("object") == ["ofac-2"]
    assert any("NOBODY" in note for note in entity.values("notes"))


def test_add_fact_keeps_what_has_no_property_as_a_note() -> None:
    entity, _ = _builders("Vessel")
    add_fact(entity, "nationality", "Iran", original="nationality Iran")
    assert entity.values("notes") == ["nationality Iran"]
    add_fact(entity, "imoNumber", None)
    assert len(entity) == 1
