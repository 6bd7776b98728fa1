import pytest

from moneytrail.names import analyze_name, canonical_given_name, variants
from moneytrail.names._data import read_json

CLASSES = [
    ["Muhammad", "Mohammed", "Mohamad", "Mohamed", "Mohammad", "Muhammed", "Mehmet", "Magomed"],
    ["Qasim", "Kassim", "Kasim", "Qassem", "Kacem"],
    ["Hussein", "Husayn", "Husain", "Hossein", "Hussain"],
    ["Hassan", "Hasan"],
    ["Yusuf", "Youssef", "Yousef", "Yousuf", "Youcef"],
    ["Aleksandr", "Alexander", "Alexandr", "Oleksandr"],
    ["Omar", "Umar", "Oumar"],
    ["Osama", "Usama", "Oussama"],
]


@pytest.mark.parametrize("spellings", CLASSES)
def test_spellings_share_a_class(spellings: list[str]) -> None:
    ids = {canonical_given_name(s.lower()) for s in spellings}
    assert len(ids) == 1


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Mohammed Ali", "Mahmoud Ali"),
        ("Hassan Nasrallah", "Hussein Nasrallah"),
        ("Said Ahmed", "Sayyid Ahmed"),
        ("Salih Hamdan", "Salah Hamdan"),
        ("Yusuf Islam", "Joseph Islam"),
        ("Omar Ali", "Amr Ali"),
    ],
)
def test_different_names_do_not_collapse(left: str, right: str) -> None:
    assert analyze_name(left).canonical != analyze_name(right).canonical
    assert analyze_name(left).phonetic != analyze_name(right).phonetic


def test_unknown_token_is_its_own_class() -> None:
    assert canonical_given_name("smith") == "smith"


def test_every_variant_in_exactly_one_class() -> None:
    seen: dict[str, str] = {}
    for cls in read_json("given_names.json")["classes"]:
        for variant in cls["variants"]:
            assert variant == variant.lower().strip()
            assert seen.setdefault(variant, cls["id"]) == cls["id"], variant


def test_nicknames_are_variants_not_canonical() -> None:
    # "bill" is listed for William, Robert and Fred: folding it to one would be a guess.
    assert canonical_given_name("bill") == "bill"
    assert "william" in variants("bill")
    assert "mehmet" in variants("mohammed")


def test_org_names_are_not_canonicalised() -> None:
    assert analyze_name("Mohamed Trading LLC", "Company").canonical == ("mohamed", "trading")
