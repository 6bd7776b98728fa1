from moneytrail.names import KeyStats, analyze_name, is_weak_key, name_keys


def test_keys_reach_across_spellings() -> None:
    listed = name_keys(analyze_name("TAJIDEEN, Qasim"))
    for query in ["Kassim Taj al-Din", "قاسم تاج الدين", "Qassem Tajideen"]:
        assert listed & name_keys(analyze_name(query)), query


def test_glued_and_split_words_meet() -> None:
    assert "n:jongun" in name_keys(analyze_name("Kim Jong Un"))
    assert "n:jongun" in name_keys(analyze_name("Kim Jongun"))
    assert "n:zawahiri" in name_keys(analyze_name("Ayman Alzawahiri"))
    assert "n:shibh" in name_keys(analyze_name("Ramzi Binalshibh"))


def test_common_given_names_are_weak() -> None:
    keys = name_keys(analyze_name("Mohammed Ali"))
    assert is_weak_key("n:muhammad")
    assert is_weak_key("n:ali")
    assert is_weak_key("p:muh.m.d")
    assert not is_weak_key("n:tajideen")
    assert any(not is_weak_key(k) for k in keys)  # the pair key "n:mohammedali"


def test_key_stats_flags_frequent_keys() -> None:
    stats = KeyStats()
    for i in range(200):
        stats.add(name_keys(analyze_name(f"Zubair Person{chr(97 + i % 26)}{chr(97 + i // 26)}")))
    assert stats.names == 200
    assert stats.count("n:zubair") == 200
    assert stats.is_weak("n:zubair")
    assert not stats.is_weak("n:personaa")
    assert stats.most_common(1)[0][1] == 200


def test_glued_article_not_stripped_from_given_names() -> None:
    assert "n:bert" not in name_keys(analyze_name("Albert Smith"))
    assert "n:exander" not in name_keys(analyze_name("Alexander Smith"))
