import dataclasses

import pytest

from moneytrail.errors import InvalidInput
from moneytrail.names import NameForm, analyze_name, schema_kind


def test_nameform_fields() -> None:
    form = analyze_name("TAJIDEEN, Qasim Ahmad")
    assert form == NameForm(
        original="TAJIDEEN, Qasim Ahmad",
        schema="person",
        tokens=("qasim", "ahmad", "taj", "din"),
        canonical=("qasim", "ahmad", "taj", "din"),
        phonetic=("kas.m", "ahm.d", "taj", "din"),
        initials=(),
        legal_form=None,
        script="Latin",
    )
    assert form.joined == "qasimahmadtajdin"


def test_nameform_is_frozen() -> None:
    form = analyze_name("John Smith")
    with pytest.raises(dataclasses.FrozenInstanceError):
        form.tokens = ()  # type: ignore[misc]


def test_cached_and_deterministic() -> None:
    assert analyze_name("Qasim Tajideen") is analyze_name("Qasim Tajideen")
    analyze_name.cache_clear()
    assert analyze_name("Qasim Tajideen") == analyze_name("Qasim Tajideen")


@pytest.mark.parametrize(
    ("schema", "kind"),
    [
        ("Person", "person"),
        ("Company", "org"),
        ("Organization", "org"),
        ("PublicBody", "org"),
        ("LegalEntity", "entity"),
        ("Vessel", "vessel"),
        ("Airplane", "airplane"),
    ],
)
def test_schema_kinds(schema: str, kind: str) -> None:
    assert schema_kind(schema) == kind


def test_unknown_schema_is_invalid_input() -> None:
    with pytest.raises(InvalidInput) as info:
        analyze_name("John Smith", "Spaceship")
    assert info.value.field == "schema"


def test_name_without_letters_is_invalid_input() -> None:
    with pytest.raises(InvalidInput):
        analyze_name(" -- ")


def test_vessel_prefix_removed_and_particles_kept() -> None:
    form = analyze_name("M/V Al Qaswa", "Vessel")
    assert form.tokens == ("al", "qaswa")
    assert form.schema == "vessel"


def test_order_independent_tokens() -> None:
    assert sorted(analyze_name("Ali Hassan").tokens) == sorted(analyze_name("HASSAN, Ali").tokens)
