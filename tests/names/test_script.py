import pytest

from moneytrail.names import detect_script


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("Qasim Taj al-Din", "Latin"),
        ("José Gutiérrez", "Latin"),
        ("قاسم تاج الدين", "Arabic"),
        ("محمود احمدی‌نژاد", "Arabic"),
        ("Доку Умаров", "Cyrillic"),
        ("Αλέξανδρος Παπαδόπουλος", "Greek"),
        ("אברהם כהן", "Hebrew"),
        ("金正恩", "Han"),
        ("김정은", "Hangul"),
        ("キム・ジョンウン", "Katakana"),
        ("მიხეილ სააკაშვილი", "Georgian"),
        ("Սերժ Սարգսյան", "Armenian"),
        ("1234 --", "Unknown"),
        ("", "Unknown"),
    ],
)
def test_detect_script(text: str, script: str) -> None:
    assert detect_script(text) == script


def test_mixed_script_takes_majority() -> None:
    assert detect_script("ООО Ромашка LLC") == "Cyrillic"
