"""Hedged numbers become intervals (helpers.numbers), checked on examples and as properties."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers.errors import ParseError
from helpers.numbers import QUALIFIERS, parse_count, parse_value


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
