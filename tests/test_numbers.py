"""Hedged numbers become intervals (helpers.clean.numbers), checked on examples and as properties."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers.clean.numbers import QUALIFIERS, display_of, hedges_before, parse_count, parse_value, qualifier_problem
from helpers.errors import ParseError


@pytest.mark.parametrize(
    ("text", "hedge", "expected"),
    [
        ("26", "", ("exact", 26, 26, 26)),
        ("26", "may be higher", ("exact", 26, 26, None)),
        ("almost 4,000", "", ("almost", 3600, 4000, 4000)),
        ("Almost 4,000", "may be higher", ("almost", 3600, 4000, None)),
        ("over 60", "", ("more_than", 61, None, None)),
        ("seven", "", ("exact", 7, 7, 7)),
        ("dozens", "", ("vague", 12, None, None)),
        ("several", "", ("vague", 3, None, None)),
        ("thousands", "", ("vague", 1000, None, None)),
        ("about 100", "", ("approximately", 90, 100, 110)),
        ("up to 50", "", ("at_most", 0, None, 50)),
        ("twenty-six", "", ("exact", 26, 26, 26)),
        ("two hundred and five", "", ("exact", 205, 205, 205)),
    ],
)
def test_examples_from_the_codebook(text: str, hedge: str, expected: tuple) -> None:
    iv = parse_value(text, hedge)
    assert (iv.qualifier, iv.low, iv.best, iv.high) == expected


@pytest.mark.parametrize("text", ["4,00", "almost", "lots", "12x", "4.000.000", ""])
def test_malformed_numbers_are_rejected(text: str) -> None:
    with pytest.raises(ParseError):
        parse_value(text)


def test_unknown_hedge_is_rejected() -> None:
    with pytest.raises(ParseError, match="unknown hedge"):
        parse_value("dozens", "maybe")


@given(st.integers(min_value=0, max_value=10_000_000))
def test_digits_with_commas_round_trip(n: int) -> None:
    assert parse_count(f"{n:,}")[0] == n
    assert parse_count(str(n))[0] == n


@given(
    st.integers(min_value=1, max_value=1_000_000),
    st.sampled_from(sorted(QUALIFIERS)),
    st.booleans(),
)
def test_every_interval_is_ordered_and_contains_its_best(n: int, phrase: str, open_hedge: bool) -> None:
    iv = parse_value(f"{phrase} {n:,}", "may be higher" if open_hedge else "")
    assert iv.low is not None and iv.low >= 0
    if iv.high is not None:
        assert iv.low <= iv.high
    if iv.best is not None:
        assert iv.low <= iv.best and (iv.high is None or iv.best <= iv.high)
    if open_hedge:
        assert iv.high is None and iv.open_upper


@given(st.integers(min_value=1, max_value=1_000_000))
def test_more_than_excludes_the_number_and_almost_never_exceeds_it(n: int) -> None:
    assert parse_value(f"over {n}").low == n + 1
    assert parse_value(f"almost {n}").high == n


def test_made_up_figures_are_worded_as_their_reports_word_them(made_up_raw, tmp_path) -> None:
    """The report's own qualifier word stays ("over 61", not "more than 61"), and an exact figure a hedge
    opened reads "26 (may be higher)", never "at least 26", which the report did not say. MADE-UP data."""
    from conftest import read_csv_rows, set_cell

    from helpers.clean.run import clean

    report = made_up_raw / "sources" / "TEST-2022-01-07.txt"
    said = "26 killed since the protests began."
    report.write_text(report.read_text(encoding="utf-8").replace(said, said + " The figures may be higher."))
    set_cell(made_up_raw, "figures", "TEST-0107-F02", "hedge", "may be higher")
    set_cell(made_up_raw, "figures", "TEST-0107-F02", "evidence", said + " The figures may be higher.")
    out = tmp_path / "processed"
    clean(made_up_raw, out)
    shown = {r["figure_id"]: r for r in read_csv_rows(out / "figures.csv")}
    assert shown["TEST-0107-F02"]["display"] == "26 (may be higher)"
    assert (shown["TEST-0107-F02"]["low"], shown["TEST-0107-F02"]["high"]) == ("26", "")  # interval unchanged
    assert shown["TEST-0109-F01"]["display"] == "over 61"
    assert shown["TEST-0108-F01"]["display"] == "more than 5,800"  # "More than" as written, lower-cased
    assert shown["TEST-0108-F05"]["display"] == "at least 150"  # the report's own "At least"
    assert shown["TEST-0107-F01"]["display"] == "about 3,000"


def test_display_keeps_vague_floors_and_the_hedge_note() -> None:
    from helpers.clean.numbers import display

    assert display("vague", None, 12, None, "Dozens") == "dozens (at least 12)"
    assert display("almost", 4000, 3600, None, "4,000", "Almost") == "almost 4,000 (may be higher)"
    assert display("approximately", 100, 90, 110, "100", "roughly") == "roughly 100"


# ---------------------------------------------------------------- ranges and more number forms (issue 17, point 4)


@pytest.mark.parametrize(
    "text",
    ["between 2,000 and 2,500", "Between 2,000 and 2,500", "2,000 to 2,500", "from 2,000 to 2,500",
     "2,000\u20132,500", "2,000-2,500", "2 000 - 2 500"],
)  # fmt: skip
def test_every_range_form_gives_low_high_and_no_best(text: str) -> None:
    iv = parse_value(text)
    assert (iv.qualifier, iv.low, iv.best, iv.high) == ("range", 2000, None, 2500)
    assert (iv.token.replace(" ", ","), iv.token_high.replace(" ", ",")) == ("2,000", "2,500")
    assert display_of(iv) == "between 2,000 and 2,500"  # one wording for every form


def test_a_range_in_words_shares_its_scale_and_a_hedge_opens_its_top() -> None:
    iv = parse_value("two to three thousand")
    assert (iv.low, iv.best, iv.high) == (2000, None, 3000)
    opened = parse_value("between 2,000 and 2,500", "may be higher")
    assert (opened.low, opened.best, opened.high) == (2000, None, None)
    assert display_of(opened) == "between 2,000 and 2,500 (may be higher)"


def test_a_hyphenated_number_word_is_no_range() -> None:
    assert (parse_value("twenty-six").qualifier, parse_value("Forty-four").low) == ("exact", 44)


@pytest.mark.parametrize("text", ["between 2,500 and 2,000", "2,500-2,500", "between lots and 2,000"])
def test_a_range_that_does_not_read_is_refused(text: str) -> None:
    with pytest.raises(ParseError):
        parse_value(text)


@pytest.mark.parametrize(
    "phrase", ["pass", "passed", "passes", "exceed", "exceeded", "exceeds", "top", "topped", "tops", "Passed"]
)
def test_pass_exceed_and_top_read_as_more_than(phrase: str) -> None:
    iv = parse_value(f"{phrase} 7,900")
    assert (iv.qualifier, iv.low, iv.best, iv.high) == ("more_than", 7901, None, None)
    assert display_of(iv) == f"{phrase.lower()} 7,900"  # the report's own word


@pytest.mark.parametrize(
    ("text", "n"), [("Forty", 40), ("Forty-four", 44), ("Sixteen", 16), ("Two hundred", 200), ("FORTY", 40)]
)
def test_number_words_at_a_sentence_start_parse(text: str, n: int) -> None:
    assert parse_value(text).low == n


@pytest.mark.parametrize(
    ("value", "quote"),
    [
        ("Forty", "Forty people rallied in Shymkent, local media reported."),
        ("Forty-four", "Forty-four people were detained."),
        ("Sixteen", "Sixteen officers were hurt."),
    ],
)
def test_number_words_at_a_sentence_start_are_found_in_their_quote(value: str, quote: str) -> None:
    from helpers.clean.provenance import token_in

    iv = parse_value(value)
    assert token_in(iv.token, quote)
    assert qualifier_problem(iv, quote, "en") is None


def test_a_refused_number_names_the_word_it_did_not_understand() -> None:
    with pytest.raises(ParseError) as exc:
        parse_value("surpassed 7,900")
    message = str(exc.value)
    assert "the word 'surpassed' is not a number or a qualifier word we know" in message
    assert "pass" in message and "between X and Y" in message  # the words we do know
    assert "use digits" not in message  # no advice on digits that are already right
    assert "\n" not in message


def test_the_quote_must_give_the_range() -> None:
    quote = "Between 2,000 and 2,500 people were detained in Almaty, the city police said."
    assert qualifier_problem(parse_value("between 2,000 and 2,500"), quote, "en") is None
    assert qualifier_problem(parse_value("2,000-2,500"), quote, "en") is None  # another form, the same range
    assert "does not give these two numbers as one range" in qualifier_problem(
        parse_value("between 2,000 and 3,000"), quote, "en"
    )
    for lone in ("2,000", "at least 2,000"):  # one end of the range, coded as if it stood alone
        assert "only as an end of a range ('between 2,000 and 2,500')" in qualifier_problem(
            parse_value(lone), quote, "en"
        )
    assert qualifier_problem(parse_value("2,000"), "Of 2,000 people, between 2,000 and 2,500 left.", "en") is None


def test_the_new_more_than_words_stand_next_to_their_number() -> None:
    quote = "Detentions in Shymkent passed 700, local media reported."
    assert hedges_before("700", quote) == ["passed"]
    assert qualifier_problem(parse_value("passed 700"), quote, "en") is None
    assert "'passed 700'" in qualifier_problem(parse_value("700"), quote, "en")  # exact, but the quote hedges it


def test_range_is_a_qualifier_with_display_words() -> None:
    from helpers.data.vocab import QUALIFIER_TEXT, QUALIFIER_VALUES
    from helpers.data.words import QUALIFIER_WORDS

    assert "range" in QUALIFIER_VALUES and QUALIFIER_TEXT["range"] == "between"
    assert "between" in QUALIFIER_WORDS["range"]


@pytest.mark.parametrize("text", ["between 2,000", "from 2,000", "2,000 to"])
def test_half_a_range_says_a_range_needs_two_numbers(text: str) -> None:
    with pytest.raises(ParseError, match="makes a range, which needs two numbers"):
        parse_value(text)
