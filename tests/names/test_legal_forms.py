import pytest

from moneytrail.names import analyze_name


@pytest.mark.parametrize(
    ("name", "tokens", "form"),
    [
        ("Acme Holdings LLC", ("acme", "holdings"), "llc"),
        ("Acme Holdings, L.L.C.", ("acme", "holdings"), "llc"),
        ("Société Générale S.A.R.L.", ("societe", "generale"), "sarl"),
        ("Banque Libano-Française S.A.L.", ("banque", "libano", "francaise"), "sal"),
        ("Grupo Industrial S.A. de C.V.", ("grupo", "industrial"), "sacv"),
        ("Siemens Aktiengesellschaft", ("siemens",), "ag"),
        ("Müller GmbH", ("muller",), "gmbh"),
        ("ООО Ромашка", ("romashka",), "ooo"),
        ("АО Газпром", ("gazprom",), "ao"),
        ("OOO Romashka", ("romashka",), "ooo"),
        ("PT Bank Rakyat", ("bank", "rakyat"), "pt"),
        ("Al Baraka Trading Co. W.L.L.", ("baraka", "trading"), "co wll"),
        ("Acme Trading FZE", ("acme", "trading"), "fze"),
        ("Sociedad Anónima Ejemplo Ltda", ("ejemplo",), "sa ltd"),
    ],
)
def test_legal_forms(name: str, tokens: tuple[str, ...], form: str) -> None:
    result = analyze_name(name, "Company")
    assert result.tokens == tokens
    assert result.legal_form == form
    assert result.schema == "org"


def test_short_forms_inside_a_name_are_words() -> None:
    # "as" is Norwegian AS at the end of a name, but the Arabic article in the middle.
    result = analyze_name("Jamaat as-Sahab", "Organization")
    assert result.tokens == ("jamaat", "sahab")
    assert result.legal_form is None


def test_name_that_is_only_a_legal_form_is_kept() -> None:
    assert analyze_name("LLC", "Company").tokens == ("llc",)


def test_legal_entity_with_form_is_org_without_is_person_like() -> None:
    org = analyze_name("Acme Holdings Ltd", "LegalEntity")
    assert (org.schema, org.legal_form) == ("org", "ltd")
    person = analyze_name("Mohamed Ali", "LegalEntity")
    assert person.schema == "entity"
    assert person.canonical == ("muhammad", "ali")


def test_person_names_do_not_lose_words_to_legal_forms() -> None:
    assert analyze_name("Ali Sa", "Person").tokens == ("ali", "sa")
