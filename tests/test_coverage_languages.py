"""Coverage reads Russian and Kazakh text as it reads English (issue 18 point 6), on MADE-UP sentences."""

from __future__ import annotations

from helpers.clean.coverage import candidates


def spans(text: str, language: str = "en") -> dict[str, str]:
    return {text[s:e]: kind for s, e, kind in candidates(text, language)}


def test_spaced_thousands_are_one_number_in_any_language() -> None:
    for sep in (" ", "\u00a0", "\u202f"):
        found = spans(f"Задержаны 9{sep}900 человек.", "ru")
        assert found.get(f"9{sep}900") == "number", found
        assert "9" not in found and "900" not in found


def test_cyrillic_dates_vague_words_number_words_and_names_are_found() -> None:
    found = spans(
        "МВД Казахстана сообщило в пятницу, что 19 января десятки человек ранены, девятнадцать погибли.", "ru"
    )
    assert found.get("МВД Казахстана") == "name"
    assert found.get("пятницу") == "date" and found.get("19 января") == "date"
    assert found.get("десятки") == "vague" and found.get("девятнадцать") == "number_word"
    kk = spans("Кеше Алматыда ондаған адам ұсталды.", "kk")
    assert kk.get("ондаған") == "vague" and "Алматыда" in kk


def test_a_sentence_initial_capital_is_not_a_name() -> None:
    assert "Between" not in spans("Between 2,000 and 2,500 people were detained.")
    assert "Almost" not in spans("Almost 4,000 people were detained.")
    assert "В" not in spans("В Алматы задержаны 120 человек.", "ru")
    assert "Алматы" in spans("В Алматы задержаны 120 человек.", "ru")


def test_no_span_runs_across_a_line_break() -> None:
    found = spans("The curfew was lifted in Baikonur\nMore troops arrived.")
    assert "Baikonur\nMore" not in found and "Baikonur" in found


def test_an_abbreviation_does_not_end_a_sentence() -> None:
    """`quote -s` and coverage's sentences: "около 2 тыс. человек" is one sentence (a lower-case word follows)."""
    from helpers.clean.locate import sentences

    text = "По данным Минздрава, около 2 тыс. человек ранены в Алматы. Режим продлится до 19 января."
    assert [text[s:e] for s, e in sentences(text)] == [
        "По данным Минздрава, около 2 тыс. человек ранены в Алматы.",
        "Режим продлится до 19 января.",
    ]
