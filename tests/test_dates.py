"""Dates as written resolve against the report date, with precision and an inferred flag."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers.clean.dates import crisis_start, parse_date, parse_duration
from helpers.errors import ParseError

FRI = date(2022, 1, 7)


@pytest.mark.parametrize(
    ("text", "start", "end", "precision", "inferred"),
    [
        ("Friday", FRI, FRI, "day", True),
        ("Friday evening", FRI, FRI, "day", True),
        ("January 2", date(2022, 1, 2), date(2022, 1, 2), "day", True),
        ("until January 19", date(2022, 1, 19), date(2022, 1, 19), "day", True),
        ("earlier this week", date(2022, 1, 3), date(2022, 1, 6), "week", True),
        ("January 2 to Friday", date(2022, 1, 2), FRI, "range", True),
        ("2022-01-05", date(2022, 1, 5), date(2022, 1, 5), "day", False),
        ("7 January 2022", FRI, FRI, "day", False),
        ("January", date(2022, 1, 1), date(2022, 1, 31), "month", True),
        ("", None, None, "unknown", False),
    ],
)
def test_examples_from_the_report(text, start, end, precision, inferred) -> None:
    span = parse_date(text, FRI)
    assert (span.start, span.end, span.precision, span.inferred) == (
        start,
        end,
        precision,
        inferred,
    )


def test_december_date_in_a_january_report_is_last_year() -> None:
    assert parse_date("December 30", FRI).start == date(2021, 12, 30)


@pytest.mark.parametrize("text", ["February 30", "2022-13-01", "Funday", "Friday to January 2"])
def test_bad_dates_are_rejected(text: str) -> None:
    with pytest.raises(ParseError):
        parse_date(text, FRI)


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 1, 1)), st.integers(0, 6))
def test_weekday_resolves_to_that_weekday_within_the_past_week(report: date, wd: int) -> None:
    name = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][wd]
    span = parse_date(name, report)
    assert span.start.weekday() == wd
    assert timedelta(0) <= report - span.start < timedelta(days=7)


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        ("overnight", date(2022, 1, 8), date(2022, 1, 8), "day"),
        ("Overnight", date(2022, 1, 8), date(2022, 1, 8), "day"),
        ("last night", date(2022, 1, 8), date(2022, 1, 8), "day"),
        ("Saturday night", date(2022, 1, 8), date(2022, 1, 8), "day"),
        ("since the unrest began", date(2022, 1, 2), date(2022, 1, 9), "range"),
        ("since the beginning of the unrest", date(2022, 1, 2), date(2022, 1, 9), "range"),
    ],
)
def test_dates_as_reports_write_them(text, start, end, precision) -> None:
    """A Sunday 9 January report; the crisis began on 2 January (the earliest dated event)."""
    span = parse_date(text, date(2022, 1, 9), crisis_start=date(2022, 1, 2))
    assert (span.start, span.end, span.precision, span.inferred) == (start, end, precision, True)


def test_since_the_unrest_began_needs_a_crisis_start() -> None:
    with pytest.raises(ParseError, match="crisis start"):
        parse_date("since the unrest began", FRI)


def test_crisis_start_is_the_earliest_dated_start() -> None:
    spans = [parse_date(t, FRI) for t in ("Friday", "", "January 2", "earlier this week")]
    assert crisis_start(spans) == date(2022, 1, 2)
    assert crisis_start([parse_date("", FRI)]) is None


MON = date(2022, 1, 10)  # the made-up 10 January report of tests/fixtures/made_up/contested is a Monday


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Thursday", "en", date(2022, 1, 6)),  # a bare weekday is the one before the report
        ("next Thursday", "en", date(2022, 1, 13)),
        ("Next Thursday evening", "en", date(2022, 1, 13)),
        ("on Thursday (ahead)", "en", date(2022, 1, 13)),
        ("Thursday (ahead)", "en", date(2022, 1, 13)),
        ("this coming Thursday", "en", date(2022, 1, 13)),
        ("until next Thursday", "en", date(2022, 1, 13)),
        ("next Monday", "en", date(2022, 1, 17)),  # the report's own weekday: a week ahead, never the report day
        ("в следующий четверг", "ru", date(2022, 1, 13)),
        ("в следующую пятницу вечером", "ru", date(2022, 1, 14)),
        ("до следующего четверга", "ru", date(2022, 1, 13)),
        ("в четверг", "ru", date(2022, 1, 6)),
        ("келесі бейсенбіде", "kk", date(2022, 1, 13)),
        ("бейсенбіде", "kk", date(2022, 1, 6)),
    ],
)
def test_a_weekday_marked_ahead_is_the_one_after_the_report(text, language, expected) -> None:
    span = parse_date(text, MON, language=language)
    assert (span.start, span.end, span.precision, span.inferred) == (expected, expected, "day", True)


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 1, 1)), st.integers(0, 6))
def test_next_weekday_lies_within_the_week_after_the_report(report: date, wd: int) -> None:
    name = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][wd]
    span = parse_date(f"next {name}", report)
    assert span.start.weekday() == wd
    assert timedelta(days=1) <= span.start - report <= timedelta(days=7)


@pytest.mark.parametrize("text", ["next week", "January 19 (ahead)", "next overnight"])
def test_only_a_weekday_can_be_marked_ahead(text) -> None:
    with pytest.raises(ParseError, match="weekday"):
        parse_date(text, MON)


@pytest.mark.parametrize(
    ("text", "language", "days"),
    [
        ("within ten days", "en", 10),
        ("Within 10 days", "en", 10),
        ("within two weeks", "en", 14),
        ("within a week", "en", 7),
        ("в течение десяти дней", "ru", 10),
        ("в течение недели", "ru", 7),
        ("он күн ішінде", "kk", 10),
    ],
)
def test_a_duration_is_a_window_from_its_anchor(text, language, days) -> None:
    thursday = date(2022, 1, 13)
    span = parse_duration(text, thursday, language)
    assert (span.start, span.end, span.precision, span.inferred) == (
        thursday,
        thursday + timedelta(days=days),
        "range",
        True,
    )


def test_other_duration_wording_is_kept_as_words() -> None:
    """The real report's "for a limited period of time" gives no end, and is no error."""
    assert parse_duration("for a limited period of time", MON) is None


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("within lots days", "the word 'lots' is not a number"),
        ("within ten", "within N days"),
        ("within 0 days", "implausible"),
    ],
)
def test_a_malformed_duration_says_why(text, rule) -> None:
    with pytest.raises(ParseError, match=rule):
        parse_duration(text, MON)


def test_a_duration_needs_a_day_to_count_from() -> None:
    with pytest.raises(ParseError, match="count from"):
        parse_duration("within ten days", None)
