import pytest

from moneytrail.names import analyze_name


def tokens(name: str, schema: str = "Person") -> tuple[str, ...]:
    return analyze_name(name, schema).tokens


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Sheikh Ahmed Yassin", ("ahmed", "yassin")),
        ("Mr. John Smith", ("john", "smith")),
        ("Dr. Hassan Rouhani", ("hassan", "rouhani")),
        ("Mullah Mohammed Omar", ("mohammed", "omar")),
        ("Al-Hajj Abdul Karim", ("abd", "karim")),
        ("John Smith Jr.", ("john", "smith")),
        ("Mohammed III", ("mohammed",)),
    ],
)
def test_honorifics_and_suffixes_dropped(name: str, expected: tuple[str, ...]) -> None:
    assert tokens(name) == expected


def test_title_alone_is_kept() -> None:
    # Nothing would be left to compare; a lone word stays even if it is a title.
    assert tokens("Sheikh") == ("sheikh",)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Usama bin Muhammad bin Awad bin Ladin", ("usama", "muhammad", "awad", "ladin")),
        ("Abu Bakr al-Baghdadi", ("abu", "bakr", "baghdadi")),
        ("Abou Bakr El Baghdadi", ("abu", "bakr", "baghdadi")),
        ("Mahfouz Ould al-Walid", ("mahfouz", "walid")),
        ("Zakarya as-Sabar", ("zakarya", "sabar")),
        ("Nasr ad-Din", ("nasr", "din")),
        ("Mati ur-Rehman", ("mati", "rehman")),
        ("Juan de la Cruz", ("juan", "cruz")),
        ("Ludwig van der Berg", ("ludwig", "berg")),
        ("Otto von Bismarck", ("otto", "bismarck")),
    ],
)
def test_particles_dropped(name: str, expected: tuple[str, ...]) -> None:
    assert tokens(name) == expected


def test_ben_as_first_name_is_kept() -> None:
    assert tokens("Ben Smith") == ("ben", "smith")
    assert tokens("Sami Ben Khamis") == ("sami", "khamis")


def test_leading_particle_kept_for_vietnamese_surname() -> None:
    assert tokens("Le Duc Tho") == ("le", "duc", "tho")
    assert tokens("Nguyen Van Thieu")[0] == "nguyen"


@pytest.mark.parametrize(
    "name",
    [
        "Qasim TAJIDEEN",
        "Qasim TAJ AL DIN",
        "Qasim TAJI AL-DIN",
        "Qasim Tajeddine",
        "قاسم تاج الدين",
    ],
)
def test_din_compounds_meet(name: str) -> None:
    form = analyze_name(name)
    assert form.tokens[1:] == ("taj", "din")
    assert form.joined.endswith("tajdin")


@pytest.mark.parametrize(
    "name",
    [
        "Abdul Rahman",
        "Abd al-Rahman",
        "ABD-AL-RAHMAN",
        "Abdelrahman",
        "Abdurrahman",
        "Abdul-Rahman",
    ],
)
def test_abd_compounds_meet(name: str) -> None:
    assert tokens(name) == ("abd", "rahman")


def test_allah_compounds_meet() -> None:
    assert tokens("Abdullah") == tokens("Abd Allah") == tokens("ABDALLAH") == ("abd", "allah")
    assert tokens("Khairullah") == ("khair", "allah")


def test_ordinary_names_not_split() -> None:
    assert tokens("Rudin Abdi") == ("rudin", "abdi")
    assert tokens("Isabella Padilla") == ("isabella", "padilla")


@pytest.mark.parametrize(
    "name", ["SMITH, John", "John SMITH", "Smith, John, Jr.", "Mr. SMITH, John"]
)
def test_comma_order(name: str) -> None:
    assert tokens(name) == ("john", "smith")


def test_comma_order_ofac_style() -> None:
    listed = analyze_name("TAJIDEEN, Qasim Ahmad")
    query = analyze_name("Qasim Ahmad Tajideen")
    assert listed.tokens == query.tokens


@pytest.mark.parametrize(
    ("name", "expected_tokens", "expected_initials"),
    [
        ("Smith, J.", ("smith",), ("j",)),
        ("J. R. Smith", ("smith",), ("j", "r")),
        ("J.R. Smith", ("smith",), ("j", "r")),
        ("Adnan S. Hasan Ahmed", ("adnan", "hasan", "ahmed"), ("s",)),
    ],
)
def test_initials(
    name: str, expected_tokens: tuple[str, ...], expected_initials: tuple[str, ...]
) -> None:
    form = analyze_name(name)
    assert form.tokens == expected_tokens
    assert form.initials == expected_initials
