"""Reports in Russian and Kazakh: numbers, hedges, vague words and dates read by each language's table.

Behaviour tests run on MADE-UP input: the examples below and tests/fixtures/made_up/languages (a Russian
and a Kazakh report, invented, coded with the commands).
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from conftest import FIXTURES
from hypothesis import given
from hypothesis import strategies as st

from helpers.clean import lang, provenance
from helpers.clean import run as clean
from helpers.clean.dates import parse_date
from helpers.clean.numbers import display_of, parse_count, parse_value
from helpers.data.vocab import QUALIFIER_TEXT
from helpers.errors import ParseError

LANGUAGES = FIXTURES / "made_up" / "languages"  # MADE UP
NBSP, NNBSP = "\u00a0", "\u202f"


# ---------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("language", "text", "expected", "english"),
    [
        ("ru", "9 900", ("exact", 9900, 9900, 9900), "9,900"),
        ("ru", f"9{NBSP}900", ("exact", 9900, 9900, 9900), "9,900"),
        ("ru", f"9{NNBSP}900", ("exact", 9900, 9900, 9900), "9,900"),
        ("ru", "1,5 тыс.", ("exact", 1500, 1500, 1500), "1,500"),
        ("ru", "2,5 млн", ("exact", 2_500_000, 2_500_000, 2_500_000), "2,500,000"),
        ("ru", "почти 4 000", ("almost", 3600, 4000, 4000), "almost 4,000"),
        ("ru", "около 100", ("approximately", 90, 100, 110), "about 100"),
        ("ru", "примерно 100", ("approximately", 90, 100, 110), "about 100"),
        ("ru", "порядка 100", ("approximately", 90, 100, 110), "about 100"),
        ("ru", "более 100", ("more_than", 101, None, None), "more than 100"),
        ("ru", "Свыше 100", ("more_than", 101, None, None), "more than 100"),
        ("ru", "не менее 26", ("at_least", 26, 26, None), "at least 26"),
        ("ru", "до 50", ("at_most", 0, None, 50), "up to 50"),
        ("ru", "менее 10", ("less_than", 0, None, 9), "fewer than 10"),
        ("ru", "более ста", ("more_than", 101, None, None), "more than 100"),
        ("ru", "около тысячи", ("approximately", 900, 1000, 1100), "about 1,000"),
        ("ru", "свыше девятнадцати", ("more_than", 20, None, None), "more than 19"),
        ("ru", "девятнадцать", ("exact", 19, 19, 19), "19"),
        ("ru", "сто двадцать", ("exact", 120, 120, 120), "120"),
        ("ru", "тысяча двести", ("exact", 1200, 1200, 1200), "1,200"),
        ("ru", "двух тысяч трехсот", ("exact", 2300, 2300, 2300), "2,300"),
        ("ru", "трёхсот", ("exact", 300, 300, 300), "300"),
        ("ru", "несколько", ("vague", 3, None, None), "several (at least 3)"),
        ("ru", "десятки", ("vague", 10, None, None), "tens (at least 10)"),
        ("ru", "сотни", ("vague", 100, None, None), "hundreds (at least 100)"),
        ("ru", "тысячи", ("vague", 1000, None, None), "thousands (at least 1,000)"),
        ("kk", "шамамен 300", ("approximately", 270, 300, 330), "about 300"),
        ("kk", "100-ден астам", ("more_than", 101, None, None), "more than 100"),
        ("kk", "жүзден астам", ("more_than", 101, None, None), "more than 100"),
        ("kk", "мыңнан астам", ("more_than", 1001, None, None), "more than 1,000"),
        ("kk", "кем дегенде 26", ("at_least", 26, 26, None), "at least 26"),
        ("kk", "100-ге жуық", ("almost", 90, 100, 100), "almost 100"),
        ("kk", "бір мың екі жүз", ("exact", 1200, 1200, 1200), "1,200"),
        ("kk", "он тоғыз", ("exact", 19, 19, 19), "19"),
        ("kk", "1,5 мың", ("exact", 1500, 1500, 1500), "1,500"),
        ("kk", "бірнеше", ("vague", 3, None, None), "several (at least 3)"),
        ("kk", "ондаған", ("vague", 10, None, None), "tens (at least 10)"),
        ("kk", "жүздеген", ("vague", 100, None, None), "hundreds (at least 100)"),
        ("kk", "мыңдаған", ("vague", 1000, None, None), "thousands (at least 1,000)"),
    ],
)
def test_numbers_read_by_the_sources_language(language: str, text: str, expected: tuple, english: str) -> None:
    iv = parse_value(text, "", language)
    assert (iv.qualifier, iv.low, iv.best, iv.high) == expected
    assert display_of(iv) == english  # the English form pages show beside value_text


def test_value_text_keeps_the_reports_words_and_the_qualifier_word() -> None:
    iv = parse_value("Более ста", "", "ru")
    assert (iv.word, iv.token) == ("более", "ста")
    kk = parse_value("5 800-ден астам", "", "kk")
    assert (kk.word, kk.token, kk.number) == ("астам", "5 800-ден", 5800)


@pytest.mark.parametrize(
    ("language", "hedge"),
    [("ru", "может быть выше"), ("ru", "Может вырасти"), ("kk", "бұдан да көп болуы мүмкін"), ("ru", "may be higher")],
)
def test_hedges_open_the_upper_bound(language: str, hedge: str) -> None:
    iv = parse_value("26", hedge, language)
    assert (iv.low, iv.best, iv.high) == (26, 26, None)
    assert display_of(iv) == "26 (may be higher)"


def test_an_unknown_hedge_lists_the_languages_hedges() -> None:
    with pytest.raises(ParseError, match="может быть выше") as exc:
        parse_value("26", "наверное больше", "ru")
    assert exc.value.column == "hedge"


@pytest.mark.parametrize(
    ("language", "text"),
    [("ru", "более"), ("ru", "много"), ("ru", "1,5"), ("ru", "9 90"), ("kk", "астам"), ("ru", "сто яблок")],
)
def test_malformed_numbers_are_rejected(language: str, text: str) -> None:
    with pytest.raises(ParseError):
        parse_value(text, "", language)


def test_english_sources_do_not_read_russian_words() -> None:
    with pytest.raises(ParseError):
        parse_value("более 100", "", "en")
    assert parse_value("more than 100", "", "ru").qualifier == "more_than"  # English is tried after Russian


def test_a_count_above_the_maximum_is_rejected_in_every_language() -> None:
    with pytest.raises(ParseError, match="implausible count"):
        parse_count("двадцать один миллион", "ru")


@pytest.mark.parametrize("value", ["9 900", "9,900", "9900", f"9{NBSP}900"])
@pytest.mark.parametrize("quote", [f"задержаны 9{NBSP}900 человек", f"задержаны 9{NNBSP}900 человек", "9 900", "9,900"])
def test_the_number_in_the_quote_matches_across_thousands_separators(value: str, quote: str) -> None:
    assert provenance.token_in(value, quote)


def test_a_part_of_a_spaced_number_is_not_the_number() -> None:
    assert not provenance.token_in("900", f"задержаны 9{NBSP}900 человек")
    assert not provenance.token_in("9", "задержаны 9 900 человек")
    assert not provenance.token_in("9 900", "задержаны 19 900 человек")


# ---------------------------------------------------------------- dates

REPORT = date(2022, 1, 12)  # a Wednesday
CRISIS = date(2022, 1, 2)


@pytest.mark.parametrize(
    ("language", "text", "english"),
    [
        ("ru", "в пятницу", "Friday"),
        ("ru", "во вторник", "Tuesday"),
        ("ru", "в среду", "Wednesday"),
        ("ru", "в воскресенье", "Sunday"),
        ("ru", "в пятницу вечером", "Friday evening"),
        ("ru", "19 января", "January 19"),
        ("ru", "19 января 2022 года", "19 January 2022"),
        ("ru", "до 19 января", "until January 19"),
        ("ru", "с 7 по 19 января", "January 7 to January 19"),
        ("ru", "с 7 января по 19 января", "January 7 to January 19"),
        ("ru", "7–19 января", "January 7 to January 19"),
        ("ru", "накануне", "yesterday"),
        ("ru", "вчера", "yesterday"),
        ("ru", "ночью", "overnight"),
        ("ru", "в ночь на субботу", "Friday night"),
        ("ru", "в ночь с пятницы на субботу", "Friday night"),
        ("ru", "на этой неделе", "this week"),
        ("ru", "ранее на этой неделе", "earlier this week"),
        ("ru", "на прошлой неделе", "last week"),
        ("ru", "с начала беспорядков", "since the unrest began"),
        ("ru", "в январе", "January"),
        ("ru", "В ПЯТНИЦУ.", "Friday"),
        ("kk", "жұмада", "Friday"),
        ("kk", "сенбі күні", "Saturday"),
        ("kk", "19 қаңтарда", "January 19"),
        ("kk", "19 қаңтарға дейін", "until January 19"),
        ("kk", "7-19 қаңтар аралығында", "January 7 to January 19"),
        ("kk", "7 қаңтардан 19 қаңтарға дейін", "January 7 to January 19"),
        ("kk", "2022 жылғы 19 қаңтар", "19 January 2022"),
        ("kk", "кеше", "yesterday"),
        ("kk", "түнде", "overnight"),
        ("kk", "сенбіге қараған түні", "Friday night"),
        ("kk", "осы аптада", "this week"),
        ("kk", "осы аптаның басында", "earlier this week"),
        ("kk", "тәртіпсіздіктер басталғаннан бері", "since the unrest began"),
        ("ru", "2022-01-05", "2022-01-05"),  # not a Russian form: read as English
    ],
)
def test_dates_resolve_as_their_english_counterpart(language: str, text: str, english: str) -> None:
    assert parse_date(text, REPORT, CRISIS, language) == parse_date(english, REPORT, CRISIS)


def test_the_night_into_saturday_is_the_friday_it_begins_on() -> None:
    span = parse_date("в ночь на субботу", REPORT, CRISIS, "ru")
    assert (span.start, span.end, span.precision, span.inferred) == (date(2022, 1, 7), date(2022, 1, 7), "day", True)


def test_an_unknown_russian_date_names_the_language_and_where_the_rules_are() -> None:
    with pytest.raises(ParseError, match="unrecognised date in Russian") as exc:
        parse_date("после праздников", REPORT, CRISIS, "ru")
    assert "lang/ru.py" in str(exc.value)
    with pytest.raises(ParseError, match="impossible date"):
        parse_date("31 февраля", REPORT, CRISIS, "ru")


def test_a_language_without_a_table_reads_english() -> None:
    assert parse_date("Friday", REPORT, CRISIS, "de") == parse_date("Friday", REPORT, CRISIS)
    assert parse_value("about 100", "", "de").qualifier == "approximately"


# ---------------------------------------------------------------- the tables


@pytest.mark.parametrize("code", lang.codes())
def test_every_language_table_is_complete_and_consistent(code: str) -> None:
    table = lang.get(code)
    assert table.code == code
    assert set(table.qualifiers.values()) | set(table.qualifiers_after.values()) <= set(QUALIFIER_TEXT)
    assert all(floor > 0 and english for floor, english in table.vague.values())
    assert all(w == lang.simplify(w) for w in [*table.qualifiers, *table.vague, *table.add, *table.weekdays])
    assert sorted(set(table.weekdays.values())) in ([], list(range(7)))
    assert sorted(set(table.months.values())) in ([], list(range(1, 13)))
    assert len(table.compiled_rules) == len(table.date_rules)


def test_qualifier_words_say_where_the_word_stands() -> None:
    words = lang.qualifier_words("kk")
    assert words["астам"] == ("more_than", "after")
    assert words["шамамен"] == ("approximately", "before")
    assert words["more than"] == ("more_than", "before")  # English comes after the source's own table
    assert lang.qualifier_words("ru")["почти"] == ("almost", "before")
    assert lang.qualifier_words("ru")["около"] == ("approximately", "before")


# ---------------------------------------------------------------- the MADE-UP reports, cleaned


def _table(texts: dict[str, str], name: str) -> dict[str, dict[str, str]]:
    data = list(csv.DictReader(io.StringIO(texts[f"{name}.csv"])))
    return {r[next(iter(r))]: r for r in data}


@pytest.fixture(scope="module")
def cleaned() -> dict[str, str]:
    return clean.build(LANGUAGES)


def test_made_up_russian_report_cleans_as_its_english_counterpart(cleaned: dict[str, str]) -> None:
    f = _table(cleaned, "figures")
    one = f["TEST-RU-F01"]
    # pages word a figure as the report does, then in English (issue 18 point 4); English digits beside the report's
    assert (one["value_text"], one["low"], one["high"], one["display"]) == ("9 900", "9900", "9900", "9 900 (9,900)")
    assert (one["place_id"], one["attributed_to"]) == ("kazakhstan", "Interior Ministry of Kazakhstan")
    assert (f["TEST-RU-F02"]["value_text"], f["TEST-RU-F02"]["display"]) == ("более ста", "более ста (more than 100)")
    assert (f["TEST-RU-F02"]["as_of"], f["TEST-RU-F02"]["as_of_text"]) == ("2022-01-10", "в ночь на вторник")
    assert (f["TEST-RU-F03"]["low"], f["TEST-RU-F03"]["high"], f["TEST-RU-F03"]["as_of"]) == (
        "1350",
        "1650",
        "2022-01-11",
    )
    assert (f["TEST-RU-F05"]["high"], f["TEST-RU-F05"]["hedge"]) == ("", "может быть выше")
    assert f["TEST-RU-F07"]["as_of"] == "2022-01-07"
    e = _table(cleaned, "events")
    assert (e["TEST-RU-E01"]["start"], e["TEST-RU-E01"]["end"]) == ("2022-01-07", "2022-01-12")
    assert (e["TEST-RU-E02"]["start"], e["TEST-RU-E02"]["end"], e["TEST-RU-E02"]["date_precision"]) == (
        "2022-01-07",
        "2022-01-19",
        "range",
    )
    assert e["TEST-RU-E02"]["date_text"] == "с 7 по 19 января"
    m = _table(cleaned, "measures")["TEST-RU-M01"]
    assert (m["end"], m["end_text"], m["announced_by"]) == ("2022-01-19", "до 19 января", "Almaty city administration")
    s = _table(cleaned, "statements")["TEST-RU-S01"]
    assert (s["speaker"], s["speaker_id"], s["start"]) == ("Kassym-Jomart Tokayev", "tokayev", "2022-01-07")
    assert s["quote"] == "Порядок в целом восстановлен"


def test_made_up_kazakh_report_cleans(cleaned: dict[str, str]) -> None:
    f = _table(cleaned, "figures")
    assert (f["TEST-KK-F01"]["low"], f["TEST-KK-F01"]["display"]) == ("5801", "5 800-ден астам (more than 5,800)")
    assert (f["TEST-KK-F02"]["as_of"], f["TEST-KK-F02"]["display"]) == ("2022-01-09", "шамамен 300 (about 300)")
    assert (f["TEST-KK-F04"]["low"], f["TEST-KK-F04"]["display"]) == ("10", "ондаған (tens, at least 10)")
    assert (f["TEST-KK-F05"]["low"], f["TEST-KK-F05"]["as_of"]) == ("101", "2022-01-09")
    e = _table(cleaned, "events")
    assert (e["TEST-KK-E02"]["start"], e["TEST-KK-E02"]["end"]) == ("2022-01-10", "2022-01-10")  # Monday report
    assert e["TEST-KK-E01"]["date_precision"] == "range"


def test_translations_reach_the_processed_rows(cleaned: dict[str, str]) -> None:
    assert _table(cleaned, "figures")["TEST-RU-F01"]["translation"].startswith("The Interior Ministry of Kazakhstan")
    assert _table(cleaned, "statements")["TEST-RU-S01"]["translation"].startswith("Tokayev said on Friday")
    assert _table(cleaned, "figures")["TEST-RU-F02"]["translation"] == ""


def test_a_mistyped_russian_value_is_refused_with_the_rule(tmp_path: Path) -> None:
    import shutil

    from conftest import set_cell

    from helpers.errors import InputErrors

    raw = tmp_path / "raw"
    shutil.copytree(LANGUAGES, raw)
    line = set_cell(raw, "figures", "TEST-RU-F01", "value_text", "9 800")
    with pytest.raises(InputErrors) as exc:
        clean.build(raw)
    assert [str(e) for e in exc.value.errors] == [
        f"{raw}/figures.csv:{line}: column 'value_text' value '9 800': "
        "number '9 800' does not occur in the evidence quote"
    ]


# ---------------------------------------------------------------- number words, every number


_RU_UNITS = "ноль один два три четыре пять шесть семь восемь девять".split()
_RU_TEENS = "десять одиннадцать двенадцать тринадцать четырнадцать пятнадцать шестнадцать семнадцать восемнадцать девятнадцать".split()  # noqa: E501
_RU_TENS = "_ _ двадцать тридцать сорок пятьдесят шестьдесят семьдесят восемьдесят девяносто".split()
_RU_HUNDREDS = "_ сто двести триста четыреста пятьсот шестьсот семьсот восемьсот девятьсот".split()


def _ru_below_thousand(n: int, feminine: bool = False) -> list[str]:
    words = [_RU_HUNDREDS[n // 100]] if n >= 100 else []
    rest = n % 100
    if 10 <= rest < 20:
        return [*words, _RU_TEENS[rest - 10]]
    if rest >= 20:
        words.append(_RU_TENS[rest // 10])
    if rest % 10:
        unit = _RU_UNITS[rest % 10]
        words.append({"один": "одна", "два": "две"}.get(unit, unit) if feminine else unit)
    return words


def russian(n: int) -> str:
    """n in Russian words, nominative, as a report writes it (одна тысяча, две тысячи, пять тысяч)."""
    thousands, rest = divmod(n, 1000)
    words: list[str] = []
    if thousands:
        last = thousands % 100
        many = 10 <= last < 20 or last % 10 in (0, 5, 6, 7, 8, 9)
        form = "тысяч" if many else "тысяча" if last % 10 == 1 else "тысячи"
        words += [*_ru_below_thousand(thousands, feminine=True), form]
    return " ".join(words + (_ru_below_thousand(rest) if rest or not words else []))


_KK_UNITS = "_ бір екі үш төрт бес алты жеті сегіз тоғыз".split()
_KK_TENS = "_ он жиырма отыз қырық елу алпыс жетпіс сексен тоқсан".split()


def _kk_below_thousand(n: int) -> list[str]:
    words = []
    if n >= 100:
        words += ([_KK_UNITS[n // 100]] if n // 100 > 1 else []) + ["жүз"]
    if n % 100 >= 10:
        words.append(_KK_TENS[n % 100 // 10])
    if n % 10:
        words.append(_KK_UNITS[n % 10])
    return words


def kazakh(n: int) -> str:
    """n in Kazakh words (бір мың екі жүз елу)."""
    thousands, rest = divmod(n, 1000)
    words = [*_kk_below_thousand(thousands), "мың"] if thousands else []
    return " ".join(words + _kk_below_thousand(rest))


@given(st.integers(min_value=1, max_value=999_999))
def test_every_russian_number_in_words_reads_as_its_value(n: int) -> None:
    assert parse_count(russian(n), "ru")[0] == n


@given(st.integers(min_value=1, max_value=999_999))
def test_every_kazakh_number_in_words_reads_as_its_value(n: int) -> None:
    assert parse_count(kazakh(n), "kk")[0] == n


@given(st.integers(min_value=1000, max_value=20_000_000), st.sampled_from([" ", NBSP, NNBSP]))
def test_spaced_thousands_read_as_the_number_and_match_every_separator(n: int, space: str) -> None:
    written = f"{n:,}".replace(",", space)
    assert parse_value(written, "", "ru").low == n
    assert provenance.token_in(f"{n:,}", f"всего {written} человек")
    assert provenance.token_in(written, f"всего {n:,} человек")


@pytest.mark.parametrize(
    ("language", "text", "quote"),
    [
        ("ru", "от 2 000 до 2 500", "В Алматы задержаны от 2 000 до 2 500 человек."),
        ("ru", "2 000–2 500", "В Алматы задержаны 2 000–2 500 человек."),
        ("ru", "от двух до трех тысяч", "задержаны от двух до трёх тысяч человек"),
        ("kk", "2 000-2 500", "Алматыда 2 000–2 500 адам ұсталды."),
    ],
)
def test_ranges_read_in_the_sources_language(language: str, text: str, quote: str) -> None:
    """Russian "от X до Y" and a dash between digits are ranges: low, high, no best (issue 17, point 4)."""
    from helpers.clean.numbers import qualifier_problem

    iv = parse_value(text, "", language)
    assert (iv.qualifier, iv.best) == ("range", None)
    assert (iv.low, iv.high) in ((2000, 2500), (2000, 3000))
    assert display_of(iv) in ("between 2,000 and 2,500", "between 2,000 and 3,000")
    assert qualifier_problem(iv, quote, language) is None


def test_russian_до_alone_stays_up_to() -> None:
    assert (parse_value("до 500", "", "ru").qualifier, parse_value("до 500", "", "ru").high) == ("at_most", 500)


@pytest.mark.parametrize(("language", "text"), [("ru", "превысило 7 900"), ("kk", "7 900-ден асты")])
def test_exceeded_reads_as_more_than_in_russian_and_kazakh(language: str, text: str) -> None:
    iv = parse_value(text, "", language)
    assert (iv.qualifier, iv.low, iv.best, iv.high) == ("more_than", 7901, None, None)
    assert display_of(iv) == "more than 7,900"


def test_an_unknown_russian_word_is_named() -> None:
    with pytest.raises(ParseError, match="the word 'перевалило' is not a number or a qualifier word we know"):
        parse_value("перевалило 7 900", "", "ru")
