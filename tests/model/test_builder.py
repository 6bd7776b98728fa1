"""Values are cleaned by followthemoney's types; the source's words are never lost."""

from __future__ import annotations

import pytest

from moneytrail.errors import InvalidInput
from moneytrail.model import EntityBuilder, Provenance, statement_id

PROV = Provenance("us_ofac_sdn", "2024-05-03", "sdn.csv:2155")


def test_country_is_cleaned_and_original_kept() -> None:
    b = EntityBuilder("ofac-11494", "Person", PROV)
    assert b.add("nationality", "Lebanon")
    [st] = b.statements()
    assert (st.value, st.original_value, st.prop_type) == ("lb", "Lebanon", "country")
    assert st.id == statement_id("us_ofac_sdn", "ofac-11494", "nationality", "lb")


def test_unreadable_value_becomes_a_note() -> None:
    b = EntityBuilder("ofac-1", "Person", PROV)
    assert not b.add("nationality", "Atlantis")
    [st] = b.statements()
    assert st.prop == "notes" and "Atlantis" in st.value


def test_unknown_property_names_the_field() -> None:
    b = EntityBuilder("ofac-1", "Vessel", PROV)
    with pytest.raises(InvalidInput) as err:
        b.add("birthDate", "1955")
    assert err.value.field == "birthDate"


def test_duplicates_collapse_and_schema_can_narrow() -> None:
    b = EntityBuilder("ofac-1", "LegalEntity", PROV)
    b.add("name", "TAJCO")
    b.add("name", " TAJCO ")
    assert len(b) == 1
    b.set_schema("Company")
    assert {s.schema for s in b} == {"Company"}
